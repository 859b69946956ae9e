// # Semantic analysis
//
// Resolves every field reference of a parsed query against a Schema and checks what Elasticsearch's
// analyzer and verifier reject before any event is read: unknown fields (unless `?field`), fields of
// unusable types, unknown functions, wrong arity, `~` on a function without that form, argument and
// operand types, comparisons whose right side is not a constant, non-boolean conditions, inconsistent
// join-key counts. All problems are collected and thrown as one QueryError. Results (resolved fields,
// expression types) live in side tables keyed by node identity.

import { QueryError, type Diagnostic } from "../diag/diagnostic.js";
import { FUNCTION_NAMES, lookupFunction, type ArgKind } from "../compile/functions/registry.js";
import { FIELD_DATA_TYPE, isTextFamily, schemaExtras, suggestions } from "../schema/field-types.js";
import { parseCidrRange, parseIpAddress } from "../compile/cidr.js";
import { compileLuceneRegex } from "../compile/lucene-regex.js";
import { PatternError } from "../compile/functions/pattern-error.js";
import { parseDateLiteral } from "../event/timestamp.js";
import type { EventFilter, Expr, FieldRef, Query, Span } from "./ast.js";
import { assertNever } from "./ast.js";
import type { DataType, ResolvedField, Schema } from "./types.js";

export interface AnalyzeOptions {
  readonly source?: string;
  readonly origin?: string;
  readonly originLine?: number;
}

export interface Analysis {
  readonly query: Query;
  readonly schema: Schema;
  field(ref: FieldRef): ResolvedField;
  typeOf(e: Expr): DataType;
}

/** Diagnostic codes of this stage. */
export const AnalysisCodes = {
  unknownField: "EQL2001",
  unsupportedFieldType: "EQL2002",
  unknownFunction: "EQL2003",
  arity: "EQL2004",
  noInsensitiveVariant: "EQL2005",
  typeMismatch: "EQL2006",
  nonConstant: "EQL2007",
  notBoolean: "EQL2008",
  noExactField: "EQL2009",
  joinKeys: "EQL2010",
  conflictingTypes: "EQL2011",
  invalidPattern: "EQL2012",
  joinKeyTypes: "EQL2013",
} as const;

const NUMERIC: ReadonlySet<DataType> = new Set(["integer", "float"]);

function isNumeric(t: DataType): boolean {
  return NUMERIC.has(t);
}

/** Types that accept anything (nothing known yet, or null). */
function isOpen(t: DataType): boolean {
  return t === "unknown" || t === "null";
}

/**
 * Whether an expression is a constant (Elasticsearch "foldable"). `constantField` says which field references
 * count as constants (an optional `?field` no mapping knows becomes a null literal); by default none.
 */
export function isFoldable(e: Expr, constantField: (f: FieldRef) => boolean = () => false): boolean {
  const foldable = (x: Expr): boolean => isFoldable(x, constantField);
  switch (e.kind) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return true;
    case "field":
      return constantField(e);
    case "call":
      return e.args.every(foldable);
    case "not":
    case "negate":
      return foldable(e.operand);
    case "logical":
    case "compare":
    case "arith":
      return foldable(e.left) && foldable(e.right);
    case "in":
      return foldable(e.value) && e.list.every(foldable);
    case "match":
      return foldable(e.value) && e.patterns.every(foldable);
    default:
      return assertNever(e, "expression");
  }
}

const MISSING = (name: string): ResolvedField => ({ name, path: name, type: "unknown", missing: true });

class Analyzer {
  readonly fields = new Map<FieldRef, ResolvedField>();
  readonly types = new Map<Expr, DataType>();
  readonly problems: Diagnostic[] = [];

  constructor(
    private readonly schema: Schema,
    private readonly options: AnalyzeOptions,
  ) {}

  error(code: string, message: string, span: Span, hint?: string): void {
    this.problems.push({
      code,
      severity: "error",
      message,
      span,
      source: this.options.source,
      origin: this.options.origin,
      originLine: this.options.originLine,
      hint,
    });
  }

  resolve(ref: FieldRef): ResolvedField {
    const cached = this.fields.get(ref);
    if (cached !== undefined) return cached;
    let field = this.schema.lookup(ref.name);
    if (field === undefined) {
      if (ref.optional || !this.schema.strict) field = MISSING(ref.name);
      else {
        const near = suggestions(ref.name, schemaExtras(this.schema).names ?? []);
        this.error(AnalysisCodes.unknownField, `Unknown column [${ref.name}]${didYouMean(near)}`, ref.span, "write ?field to treat a field unknown to the mapping as null");
        field = MISSING(ref.name);
      }
    } else {
      this.checkUsable(ref, field);
    }
    this.fields.set(ref, field);
    return field;
  }

  private checkUsable(ref: FieldRef, field: ResolvedField): void {
    const info = schemaExtras(this.schema).info?.(ref.name);
    if (info?.conflict !== undefined) {
      this.error(AnalysisCodes.conflictingTypes, `Cannot use field [${ref.name}]: mapped with incompatible types [${info.conflict.join(", ")}]`, ref.span);
    } else if (info?.underNested === true) {
      this.error(AnalysisCodes.unsupportedFieldType, `Cannot use field [${ref.name}] with unsupported nested type in hierarchy`, ref.span);
    } else if (info?.unsupportedType !== undefined) {
      this.error(AnalysisCodes.unsupportedFieldType, `Cannot use field [${ref.name}] with unsupported type [${info.unsupportedType}]`, ref.span);
    } else if (FIELD_DATA_TYPE[field.type] === null) {
      this.error(AnalysisCodes.unsupportedFieldType, `Cannot use field [${ref.name}] with unsupported type [${field.type}]`, ref.span);
    } else if (isTextFamily(field.type) && field.exactSubfield === undefined) {
      this.error(
        AnalysisCodes.noExactField,
        `[${ref.name}] cannot operate on field of data type [text]: No keyword/multi-field defined exact matches for [${ref.name}]`,
        ref.span,
        "map a keyword sub-field, or compare another field",
      );
    }
  }

  fieldType(ref: FieldRef): DataType {
    const f = this.resolve(ref);
    if (f.missing) return "null";
    return FIELD_DATA_TYPE[f.type] ?? "unknown";
  }

  type(e: Expr): DataType {
    const t = this.compute(e);
    this.types.set(e, t);
    return t;
  }

  private compute(e: Expr): DataType {
    switch (e.kind) {
      case "string":
        return "string";
      case "number":
        return e.integer ? "integer" : "float";
      case "boolean":
        return "boolean";
      case "null":
        return "null";
      case "field":
        return this.fieldType(e);
      case "call":
        return this.call(e);
      case "not":
        this.expectBoolean(e.operand, "argument of [not]");
        return "boolean";
      case "negate": {
        const t = this.type(e.operand);
        if (!isOpen(t) && !isNumeric(t)) this.mismatch(e.operand.span, "argument of [-]", "numeric", t);
        return isOpen(t) ? (t === "null" ? "null" : "unknown") : t;
      }
      case "logical":
        this.expectBoolean(e.left, `first argument of [${e.op}]`);
        this.expectBoolean(e.right, `second argument of [${e.op}]`);
        return "boolean";
      case "arith": {
        const l = this.type(e.left);
        const r = this.type(e.right);
        if (!isOpen(l) && !isNumeric(l)) this.mismatch(e.left.span, `first argument of [${e.op}]`, "numeric", l);
        if (!isOpen(r) && !isNumeric(r)) this.mismatch(e.right.span, `second argument of [${e.op}]`, "numeric", r);
        if (l === "null" || r === "null") return "null";
        if (l === "integer" && r === "integer") return "integer";
        if (l === "unknown" || r === "unknown") return "unknown";
        return "float";
      }
      case "compare":
        this.comparison(e.left, e.right, e.op, e.span);
        return "boolean";
      case "in": {
        const vt = this.type(e.value);
        for (const item of e.list) {
          const it = this.type(item);
          if (!this.constant(item)) {
            this.error(AnalysisCodes.nonConstant, `Comparisons against fields are not (currently) supported; offender [${describe(item)}] in [in]`, item.span);
          } else if (e.caseInsensitive && !isOpen(it) && it !== "string") {
            this.mismatch(item.span, "argument of [in~]", "string", it);
          } else {
            this.checkComparable(vt, item, it, "in");
          }
        }
        if (e.caseInsensitive && !isOpen(vt) && vt !== "string") this.mismatch(e.value.span, "first argument of [in~]", "string", vt);
        return "boolean";
      }
      case "match": {
        const vt = this.type(e.value);
        const op = e.op === ":" ? ":" : `${e.op}${e.caseInsensitive ? "~" : ""}`;
        if (!isOpen(vt) && vt !== "string") this.mismatch(e.value.span, `first argument of [${op}]`, "string", vt);
        for (const p of e.patterns) {
          const pt = this.type(p);
          if (!this.constant(p)) {
            this.error(AnalysisCodes.nonConstant, `Comparisons against fields are not (currently) supported; offender [${describe(p)}] in [${op}]`, p.span);
          } else if (pt !== "string" && !(e.op === ":" && pt === "null")) {
            this.mismatch(p.span, `pattern of [${op}]`, "string", pt);
          } else if (e.op === "regex" && p.kind === "string") {
            this.checkPattern(p.span, () => compileLuceneRegex(p.value, e.caseInsensitive));
          }
        }
        return "boolean";
      }
      default:
        return assertNever(e, "expression");
    }
  }

  private call(e: Extract<Expr, { kind: "call" }>): DataType {
    const argTypes = e.args.map((a) => this.type(a));
    const def = lookupFunction(e.name);
    if (def === undefined) {
      this.error(AnalysisCodes.unknownFunction, `Unknown function [${e.name}]${didYouMean(suggestions(e.name, FUNCTION_NAMES))}`, e.span);
      return "unknown";
    }
    if (e.caseInsensitive && !def.allowsCaseInsensitive) {
      this.error(AnalysisCodes.noInsensitiveVariant, `Function [${def.name}] has no case-insensitive [~] form`, e.span);
    }
    if (e.args.length < def.minArgs || e.args.length > def.maxArgs) {
      const expected = def.minArgs === def.maxArgs ? `${def.minArgs}` : def.maxArgs === Infinity ? `at least ${def.minArgs}` : `${def.minArgs} to ${def.maxArgs}`;
      this.error(AnalysisCodes.arity, `Function [${def.name}] takes ${expected} argument(s) but was given ${e.args.length}`, e.span);
      return "unknown";
    }
    e.args.forEach((arg, i) => {
      const kind: ArgKind = def.argKinds[Math.min(i, def.argKinds.length - 1)] ?? "any";
      this.checkArg(def.name, i, kind, arg, argTypes[i]!);
      if (def.name === "cidrMatch" && i > 0 && arg.kind === "string") this.checkPattern(arg.span, () => parseCidrRange(arg.value));
    });
    return def.resultType(argTypes);
  }

  private checkArg(fn: string, i: number, kind: ArgKind, arg: Expr, t: DataType): void {
    const what = `${ordinal(i + 1)} argument of [${fn}]`;
    switch (kind) {
      case "any":
        return;
      case "string":
        if (!isOpen(t) && t !== "string") this.mismatch(arg.span, what, "string", t);
        return;
      case "numeric":
        if (!isOpen(t) && !isNumeric(t)) this.mismatch(arg.span, what, "numeric", t);
        return;
      case "ip":
        if (!isOpen(t) && t !== "ip") this.mismatch(arg.span, what, "ip", t);
        return;
      case "literal-string":
      case "literal-numeric":
      case "literal-boolean": {
        const want = kind === "literal-string" ? "string" : kind === "literal-numeric" ? "numeric" : "boolean";
        if (!this.constant(arg)) {
          this.error(AnalysisCodes.nonConstant, `${what} must be a constant, received [${describe(arg)}]`, arg.span);
          return;
        }
        const ok = t === "null" || (want === "numeric" ? isNumeric(t) : t === want);
        if (!ok) this.mismatch(arg.span, what, want, t);
        return;
      }
      default:
        assertNever(kind, "argument kind");
    }
  }

  private comparison(left: Expr, right: Expr, op: string, span: Span): void {
    const lt = this.type(left);
    const rt = this.type(right);
    const leftConst = this.constant(left);
    const rightConst = this.constant(right);
    if (left.kind === "null" || right.kind === "null" || (leftConst && rightConst)) return; // null checks, constants
    if (!leftConst && !rightConst) {
      this.error(AnalysisCodes.nonConstant, `Comparisons against fields are not (currently) supported; offender [${describe(right)}] in [${op}]`, right.span);
      return;
    }
    if (leftConst && !rightConst) this.checkComparable(rt, left, lt, op, false);
    else this.checkComparable(lt, right, rt, op, false);
    void span;
  }

  /**
   * Whether a value of type `vt` can be compared with the constant `c` (of type `ct`). Elasticsearch's
   * comparisons only require exact fields; the constant is then converted by the field's term/range query
   * (a numeric string for a numeric field, a number's text for a keyword field), so only constants that
   * conversion rejects are errors. `in` lists are type-checked strictly (`strict`), as Elasticsearch does.
   */
  private checkComparable(vt: DataType, c: Expr, ct: DataType, op: string, strict = true): void {
    if (isOpen(vt) || isOpen(ct) || vt === ct) return;
    if (isNumeric(vt) && isNumeric(ct)) return;
    const literal = c.kind === "string" || c.kind === "number" ? c.value : undefined;
    if (!strict) {
      if (vt === "string" && (isNumeric(ct) || ct === "boolean")) return;
      if (isNumeric(vt) && ct === "string" && (typeof literal !== "string" || /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(literal))) return;
    }
    switch (vt) {
      case "date":
      case "date_nanos":
        if (ct === "string" || isNumeric(ct)) {
          if (literal !== undefined && parseDateLiteral(literal) === null) {
            this.error(AnalysisCodes.typeMismatch, `Cannot parse [${String(literal)}] as a date`, c.span);
          }
          return;
        }
        break;
      case "ip":
        if (ct === "string") {
          if (typeof literal === "string" && parseIpAddress(literal) === null) {
            this.error(AnalysisCodes.typeMismatch, `'${literal}' is not an IP string literal`, c.span);
          }
          return;
        }
        break;
      case "version":
        if (ct === "string") return;
        break;
      case "boolean":
        if (ct === "string" && (literal === "true" || literal === "false")) return;
        break;
      default:
        break;
    }
    this.error(
      AnalysisCodes.typeMismatch,
      `first argument of [${op}] is [${vt}] so second argument must also be [${isNumeric(vt) ? "numeric" : vt}] but was [${ct}]`,
      c.span,
    );
  }

  /** Foldable, counting `?field` references to unknown fields as the null literal they become. */
  constant(e: Expr): boolean {
    return isFoldable(e, (f) => this.fields.get(f)?.missing === true);
  }


  private checkPattern(span: Span, compile: () => unknown): void {
    try {
      compile();
    } catch (err) {
      if (err instanceof PatternError) this.error(AnalysisCodes.invalidPattern, err.message, span);
      else throw err;
    }
  }

  private mismatch(span: Span, what: string, expected: string, found: DataType): void {
    this.error(AnalysisCodes.typeMismatch, `${what} must be [${expected}], found [${found}]`, span);
  }

  expectBoolean(e: Expr, what: string): void {
    const t = this.type(e);
    if (t !== "boolean" && !isOpen(t)) this.error(AnalysisCodes.notBoolean, `${what} needs to be boolean, found [${t}]`, e.span);
  }

  filter(f: EventFilter): void {
    const t = this.type(f.condition);
    if (t !== "boolean" && !isOpen(t)) {
      this.error(AnalysisCodes.notBoolean, `Condition expression needs to be boolean, found [${t}]`, f.condition.span);
    }
  }

  keys(refs: readonly FieldRef[]): void {
    for (const r of refs) {
      this.resolve(r);
      this.types.set(r, this.fieldType(r));
    }
  }
}

function didYouMean(near: readonly string[]): string {
  if (near.length === 0) return "";
  return near.length === 1 ? `, did you mean [${near[0]}]?` : `, did you mean any of [${near.join(", ")}]?`;
}

function ordinal(n: number): string {
  return n === 1 ? "1st" : n === 2 ? "2nd" : n === 3 ? "3rd" : `${n}th`;
}

function describe(e: Expr): string {
  switch (e.kind) {
    case "field":
      return e.name;
    case "string":
      return JSON.stringify(e.value);
    case "number":
    case "boolean":
      return String(e.value);
    case "null":
      return "null";
    case "call":
      return `${e.name}(…)`;
    default:
      return e.kind;
  }
}

/** Each stage's filter and keys; the key count of every stage, for checkKeyCounts. */
function analyzeStages(a: Analyzer, stages: readonly { readonly filter: EventFilter; readonly by: readonly FieldRef[]; readonly span: Span }[]): { n: number; span: Span }[] {
  return stages.map((stage) => {
    a.filter(stage.filter);
    a.keys(stage.by);
    return { n: stage.by.length, span: stage.span };
  });
}

/** Analyze a parsed query against a schema; throws QueryError listing every problem. */
export function analyzeQuery(query: Query, schema: Schema, options: AnalyzeOptions = {}): Analysis {
  const a = new Analyzer(schema, options);
  switch (query.kind) {
    case "event":
      a.filter(query.filter);
      break;
    case "sequence": {
      a.keys(query.by);
      const stages = query.until !== null ? [...query.stages, query.until] : query.stages;
      checkKeyCounts(a, analyzeStages(a, stages));
      if (!a.problems.some((p) => p.code === AnalysisCodes.joinKeys)) {
        checkKeyTypes(a, stages.map((st) => [...query.by, ...st.by]));
      }
      break;
    }
    case "sample":
      a.keys(query.by);
      checkKeyCounts(a, analyzeStages(a, query.stages));
      break;
    default:
      assertNever(query, "query");
  }
  if (a.problems.length > 0) throw new QueryError(a.problems);
  const fields = a.fields;
  const types = a.types;
  return {
    query,
    schema,
    field(ref) {
      const f = fields.get(ref);
      if (f === undefined) throw new Error(`field reference [${ref.name}] was not analyzed`);
      return f;
    },
    typeOf(e) {
      const t = types.get(e);
      if (t === undefined) throw new Error(`expression [${e.kind}] was not analyzed`);
      return t;
    },
  };
}

/** Elasticsearch's DataTypes.areCompatible, for join keys (unknown types are accepted). */
function keyTypesCompatible(a: DataType, b: DataType): boolean {
  if (a === b || a === "null" || b === "null" || a === "unknown" || b === "unknown") return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  return (a === "date" || a === "date_nanos") && (b === "date" || b === "date_nanos");
}

/** Sequence keys at the same position must have compatible types in every stage (and `until`). */
function checkKeyTypes(a: Analyzer, stages: readonly (readonly FieldRef[])[]): void {
  const first = stages[0] ?? [];
  first.forEach((expected, i) => {
    const et = a.fieldType(expected);
    for (const keys of stages.slice(1)) {
      const k = keys[i];
      if (k === undefined) continue;
      const kt = a.fieldType(k);
      if (!keyTypesCompatible(et, kt)) {
        a.error(AnalysisCodes.joinKeyTypes, `Sequence key [${k.name}] type [${kt}] is incompatible with key [${expected.name}] type [${et}]`, k.span);
      }
    }
  });
}

function checkKeyCounts(a: Analyzer, counts: readonly { n: number; span: Span }[]): void {
  const expected = counts[0]?.n ?? 0;
  for (const c of counts) {
    if (c.n !== expected) {
      a.error(AnalysisCodes.joinKeys, `Inconsistent number of join keys specified; expected [${expected}] but found [${c.n}]`, c.span);
    }
  }
}
