// # Script evaluation (what Elasticsearch runs as Painless scripts)
//
// Conditions that are not a plain `field OP constant` (functions, arithmetic, comparisons of computed
// values) run in Elasticsearch as scripts over doc values, with SQL-style three-valued logic: null in,
// null out; `and`/`or` as in SQL; a script passes only when it yields true. Elasticsearch rewrites such
// scripts to be multi-value aware: every field occurrence iterates over the field's values independently
// and the script passes when SOME combination yields true (a missing field contributes one null).
//
// Expressions compile once into closures over a slot array: each field occurrence reads its slot.

import type { Expr } from "../eql/ast.js";
import { assertNever } from "../eql/ast.js";
import type { Analysis } from "../eql/analyze.js";
import type { DataType, ResolvedField } from "../eql/types.js";
import { arithmetic, negate } from "./arith.js";
import { docValuesReader, type DocValue, type DocValuesReader } from "./doc-values.js";
import { bindFunction, lookupFunction, EvalError, type ScalarValue } from "./functions/registry.js";
import { equalsMatcher, hasWildcards, regexMatcher, wildcardMatcher, type StringMatcher } from "./patterns.js";
import { compareUtf16 } from "./strings.js";
import { isConstantExpr } from "./constants.js";

export type Slots = ScalarValue[];
export type ScalarEval = (slots: Slots) => ScalarValue;

/** Collects field occurrences while compiling one script. */
export class ScriptContext {
  readonly fields: ResolvedField[] = [];
  constructor(readonly analysis: Analysis) {}
  slot(field: ResolvedField): number {
    this.fields.push(field);
    return this.fields.length - 1;
  }
}

/** Java-style equality of two non-null scalars (numbers by value); null when not comparable. */
function scalarCompare(a: Exclude<ScalarValue, null>, b: Exclude<ScalarValue, null>): number | null {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : a === b ? 0 : null;
  if (typeof a === "string" && typeof b === "string") return compareUtf16(a, b);
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return null;
}

export function compareOp(op: "==" | "!=" | "<" | "<=" | ">" | ">=", a: ScalarValue, b: ScalarValue): boolean | null {
  if (a === null || b === null) return null;
  const c = scalarCompare(a, b);
  if (c === null) return null; // values of different types do not compare (Java ClassCastException → null)
  switch (op) {
    case "==":
      return c === 0;
    case "!=":
      return c !== 0;
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
    default:
      return assertNever(op, "operator");
  }
}

function and3(a: ScalarValue, b: ScalarValue): ScalarValue {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

function or3(a: ScalarValue, b: ScalarValue): ScalarValue {
  if (a === true || b === true) return true;
  if (a === null || b === null) return null;
  return false;
}

const MIRROR = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as const;

export function mirror(op: keyof typeof MIRROR): (typeof MIRROR)[keyof typeof MIRROR] {
  return MIRROR[op];
}

function isIntegralType(t: DataType): boolean | undefined {
  return t === "integer" ? true : t === "float" ? false : undefined;
}

/** A string predicate with null for non-strings. */
function stringTest(m: StringMatcher): (v: ScalarValue) => boolean | null {
  return (v) => (v === null ? null : typeof v === "string" ? m(v) : null);
}

/** Pattern tests of `:` / like / regex, after Elasticsearch's rewrites (no wildcard → equality). */
export function patternMatcher(op: ":" | "like" | "regex", caseInsensitive: boolean, pattern: string): StringMatcher {
  switch (op) {
    case ":":
      return hasWildcards(pattern) ? wildcardMatcher(pattern, true) : equalsMatcher(pattern, true, "java");
    case "like":
      return hasWildcards(pattern) ? wildcardMatcher(pattern, caseInsensitive) : equalsMatcher(pattern, caseInsensitive, "java");
    case "regex":
      return regexMatcher(pattern, caseInsensitive);
    default:
      return assertNever(op, "pattern operator");
  }
}

export function compileScalar(e: Expr, ctx: ScriptContext): ScalarEval {
  const a = ctx.analysis;
  switch (e.kind) {
    case "string":
    case "number":
    case "boolean": {
      const v = e.value;
      return () => v;
    }
    case "null":
      return () => null;
    case "field": {
      const f = a.field(e);
      if (f.missing) return () => null;
      const i = ctx.slot(f);
      return (s) => s[i] ?? null;
    }
    case "call": {
      const def = lookupFunction(e.name);
      if (def === undefined) throw new Error(`unknown function ${e.name}`);
      const fn = bindFunction(def, e.args.map((x) => a.typeOf(x)), e.caseInsensitive);
      const args = e.args.map((x) => compileScalar(x, ctx));
      const buf: ScalarValue[] = new Array<ScalarValue>(args.length).fill(null);
      return (s) => {
        for (let i = 0; i < args.length; i++) buf[i] = args[i]!(s);
        return fn(buf);
      };
    }
    case "not": {
      const x = compileScalar(e.operand, ctx);
      return (s) => {
        const v = x(s);
        return v === null ? null : v !== true;
      };
    }
    case "negate": {
      const x = compileScalar(e.operand, ctx);
      const integral = isIntegralType(a.typeOf(e.operand));
      return (s) => {
        const v = x(s);
        if (typeof v !== "number") return null;
        return negate(v, integral ?? Number.isInteger(v));
      };
    }
    case "logical": {
      const l = compileScalar(e.left, ctx);
      const r = compileScalar(e.right, ctx);
      return e.op === "and" ? (s) => and3(l(s), r(s)) : (s) => or3(l(s), r(s));
    }
    case "compare": {
      const nullSide = isNullConstant(e.right, a) ? e.left : isNullConstant(e.left, a) ? e.right : null;
      if (nullSide !== null && (e.op === "==" || e.op === "!=")) {
        const x = compileScalar(nullSide, ctx);
        const wantNull = e.op === "==";
        return (s) => (x(s) === null) === wantNull;
      }
      const l = compileScalar(e.left, ctx);
      const r = compileScalar(e.right, ctx);
      const op = e.op;
      return (s) => compareOp(op, l(s), r(s));
    }
    case "arith": {
      const l = compileScalar(e.left, ctx);
      const r = compileScalar(e.right, ctx);
      const lt = isIntegralType(a.typeOf(e.left));
      const rt = isIntegralType(a.typeOf(e.right));
      const op = e.op;
      return (s) => {
        const x = l(s);
        const y = r(s);
        if (typeof x !== "number" || typeof y !== "number") return null;
        const integral = (lt ?? Number.isInteger(x)) && (rt ?? Number.isInteger(y));
        return arithmetic(op, x, y, integral);
      };
    }
    case "in": {
      const v = compileScalar(e.value, ctx);
      const items = e.list.map((x) => compileScalar(x, ctx));
      const ci = e.caseInsensitive;
      const literalMatchers = e.list.map((x) => (ci && x.kind === "string" ? equalsMatcher(x.value, true, "java") : null));
      const negated = e.negated;
      return (s) => {
        const value = v(s);
        let result: ScalarValue = false;
        if (value === null) result = null;
        else {
          for (let i = 0; i < items.length; i++) {
            const iv = items[i]!(s);
            const lm = literalMatchers[i];
            const eq = ci
              ? iv === null || typeof value !== "string" || typeof iv !== "string"
                ? null
                : (lm ?? equalsMatcher(iv, true, "java"))(value)
              : compareOp("==", value, iv);
            if (eq === true) {
              result = true;
              break;
            }
            if (eq === null) result = null;
          }
        }
        return negated ? (result === null ? null : !result) : result;
      };
    }
    case "match": {
      const v = compileScalar(e.value, ctx);
      const tests = e.patterns.map((p) => {
        if (p.kind !== "string") return (_: ScalarValue): boolean | null => null;
        return stringTest(patternMatcher(e.op, e.caseInsensitive, p.value));
      });
      return (s) => {
        const value = v(s);
        let result: ScalarValue = false;
        for (const t of tests) {
          const r = t(value);
          if (r === true) return true;
          if (r === null) result = null;
        }
        return result;
      };
    }
    default:
      return assertNever(e, "expression");
  }
}

/** A constant expression whose value is null (Elasticsearch's `foldable() && fold() == null`). */
function isNullConstant(e: Expr, analysis: Analysis): boolean {
  if (!isConstantExpr(e, analysis)) return false;
  try {
    return compileScalar(e, new ScriptContext(analysis))([]) === null;
  } catch {
    return false;
  }
}

/** Scalar view of an indexed value inside a script (dates as epoch millis). */
function toScalar(v: DocValue): ScalarValue {
  return typeof v === "object" ? v.ms : v;
}

/**
 * A multi-value aware script predicate: true when some combination of the occurrences' values makes
 * `evaluate` return true. Runtime errors (EvalError) count as not matching.
 */
export function scriptPredicate(evaluate: ScalarEval, fields: readonly ResolvedField[]): (source: Record<string, unknown>) => boolean {
  const n = fields.length;
  const slots: Slots = new Array<ScalarValue>(n).fill(null);
  const run = (): boolean => {
    try {
      return evaluate(slots) === true;
    } catch (err) {
      if (err instanceof EvalError) return false;
      throw err;
    }
  };
  if (n === 0) return () => run();
  const readers: DocValuesReader[] = fields.map(docValuesReader);
  const values: (readonly DocValue[])[] = new Array<readonly DocValue[]>(n).fill([]);
  const iterate = (k: number): boolean => {
    if (k === n) return run();
    const vs = values[k]!;
    if (vs.length === 0) {
      slots[k] = null;
      return iterate(k + 1);
    }
    for (let i = 0; i < vs.length; i++) {
      slots[k] = toScalar(vs[i]!);
      if (iterate(k + 1)) return true;
    }
    return false;
  };
  if (n === 1) {
    const read = readers[0]!;
    return (source) => {
      const vs = read(source);
      if (vs.length <= 1) {
        slots[0] = vs.length === 0 ? null : toScalar(vs[0]!);
        return run();
      }
      values[0] = vs;
      return iterate(0);
    };
  }
  return (source) => {
    for (let k = 0; k < n; k++) values[k] = readers[k]!(source);
    return iterate(0);
  };
}
