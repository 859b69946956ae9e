// # Conditions: from an analyzed expression to an event test, as Elasticsearch plans it
//
// Elasticsearch's optimizer and query translator decide per sub-expression whether it becomes a Lucene
// query on a field (ANY value matches; a missing field never matches; negations are must_not, so a
// missing field passes `!=` and `not`) or a multi-value aware script (see script.ts). This module mirrors
// those rules:
//   - `and`/`or`/`not` combine sub-queries (two-valued: a query matches or not);
//   - `x == null` / `x != null` (either side) are null checks (ReplaceNullChecks): exists / not exists;
//   - constants move to the right (LiteralsOnTheRight); `f == true` → f, `f == false` → not f
//     (BooleanFunctionEqualsElimination); constant expressions fold;
//   - `field OP constant` → term/range query; `!=` → must_not term;
//   - `field in (…)` → terms; `in~` → one case-insensitive term per item; `not in` → must_not;
//   - `:` → case-insensitive term, or a case-insensitive wildcard when the pattern has `*`/`?`;
//     `like` without wildcards → (insensitive) equality; `regex` → regexp query; lists are OR-ed;
//   - startsWith(field, "c") → prefix; endsWith/stringContains(field, "c") → wildcard; cidrMatch(field, …)
//     → terms on the ip field;
//   - everything else → script.

import type { Call, ComparisonOp, Expr, FieldRef, In, PatternMatch } from "../eql/ast.js";
import { assertNever } from "../eql/ast.js";
import type { Analysis } from "../eql/analyze.js";
import type { ResolvedField } from "../eql/types.js";
import { isConstantExpr } from "./constants.js";
import { fieldValues, viewKey, type FieldValues } from "./doc-values.js";
import { constantKey, sharedFieldPredicate, sharedPredicate } from "./shared-predicates.js";
import {
  cidrTest,
  comparisonTest,
  foldedTest,
  insensitiveEqualsTest,
  NEVER,
  prefixTest,
  regexTest,
  termsTest,
  wildcardTest,
  type FoldedTest,
  type SourcePredicate,
  type ValueTest,
} from "./field-predicates.js";
import { compileFoldedWildcard } from "./wildcard.js";
import type { ScalarValue } from "./functions/registry.js";
import { hasWildcards } from "./patterns.js";
import { asciiLower } from "./case-fold.js";
import { simplifyComparison } from "./simplify.js";
import { compareOp, compileScalar, mirror, scriptPredicate, ScriptContext } from "./script.js";

const TRUE: SourcePredicate = () => true;
const FALSE: SourcePredicate = () => false;

export class ConditionCompiler {
  constructor(private readonly analysis: Analysis) {}

  /** A real (non-missing) field reference, or null. */
  private fieldOf(e: Expr): ResolvedField | null {
    if (e.kind !== "field") return null;
    const f = this.analysis.field(e);
    return f.missing ? null : f;
  }

  /** Constant expressions include `?field` references to unknown fields (always null). */
  private isConstant(e: Expr): boolean {
    return isConstantExpr(e, this.analysis);
  }

  private fold(e: Expr): ScalarValue {
    const ctx = new ScriptContext(this.analysis);
    const ev = compileScalar(e, ctx);
    try {
      return ev([]);
    } catch {
      return null;
    }
  }

  private reader(f: ResolvedField): FieldValues {
    return fieldValues(f);
  }

  /**
   * `test` on any value of the field, as a predicate shared with every rule that asks the same (`query`
   * names the test: operator, case, constants) and answered once per event (shared-predicates.ts).
   */
  private onField(f: ResolvedField, query: string, test: () => ValueTest): SourcePredicate {
    return sharedFieldPredicate(`${viewKey(f)}\u0002${query}`, this.reader(f), test);
  }

  private script(e: Expr): SourcePredicate {
    if (this.isConstant(e)) return this.fold(e) === true ? TRUE : FALSE;
    const ctx = new ScriptContext(this.analysis);
    const ev = compileScalar(e, ctx);
    return scriptPredicate(ev, ctx.fields);
  }

  private isNull(x: Expr): SourcePredicate {
    if (this.isConstant(x)) return this.fold(x) === null ? TRUE : FALSE;
    const f = this.fieldOf(x);
    if (f !== null) {
      const values = this.reader(f);
      const exists = sharedPredicate(`${viewKey(f)}\u0002exists`, () => (s) => values.exists(s));
      return (s) => !exists(s);
    }
    const ctx = new ScriptContext(this.analysis);
    const ev = compileScalar(x, ctx);
    return scriptPredicate((slots) => ev(slots) === null, ctx.fields);
  }

  compile(e: Expr): SourcePredicate {
    switch (e.kind) {
      case "boolean":
        return e.value ? TRUE : FALSE;
      case "null":
      case "string":
      case "number":
        return FALSE;
      case "field": {
        const f = this.fieldOf(e);
        if (f === null) return FALSE;
        return this.onField(f, "true", () => (v) => v === true);
      }
      case "logical": {
        // A chain `a and b and c …` is one test over its operands (left to right, as the nested form runs
        // them), not a tree of two-operand closures: fewer calls per event.
        const parts: SourcePredicate[] = [];
        this.chain(e, e.op, parts);
        return e.op === "and" ? allOf(parts.filter((p) => p !== TRUE)) : someOf(parts.filter((p) => p !== FALSE));
      }
      case "not": {
        const x = this.compile(e.operand);
        if (x === TRUE) return FALSE;
        if (x === FALSE) return TRUE;
        return (s) => !x(s);
      }
      case "compare":
        return this.comparison(e.op, e.left, e.right, e);
      case "in":
        return this.inList(e);
      case "match":
        return this.match(e);
      case "call":
        return this.call(e);
      case "negate":
      case "arith":
        return FALSE;
      default:
        return assertNever(e, "expression");
    }
  }

  /** The compiled operands of a chain of `op`, in order. */
  private chain(e: Expr, op: "and" | "or", out: SourcePredicate[]): void {
    if (e.kind === "logical" && e.op === op) {
      this.chain(e.left, op, out);
      this.chain(e.right, op, out);
    } else {
      out.push(this.compile(e));
    }
  }

  private comparison(op: ComparisonOp, left: Expr, right: Expr, whole: Expr): SourcePredicate {
    // ReplaceNullChecks
    if (op === "==" || op === "!=") {
      const leftNull = this.isConstant(left) && this.fold(left) === null;
      const rightNull = !leftNull && this.isConstant(right) && this.fold(right) === null;
      if (leftNull || rightNull) {
        const p = this.isNull(rightNull ? left : right);
        if (op === "==") return p;
        if (p === TRUE) return FALSE;
        if (p === FALSE) return TRUE;
        return (s) => !p(s);
      }
    }
    if (this.isConstant(left) && this.isConstant(right)) return this.script(whole);
    // LiteralsOnTheRight
    if (this.isConstant(left)) return this.comparisonOrdered(mirror(op), right, left);
    return this.comparisonOrdered(op, left, right);
  }

  private comparisonOrdered(op: ComparisonOp, left: Expr, right: Expr): SourcePredicate {
    // BooleanFunctionEqualsElimination
    if ((op === "==" || op === "!=") && right.kind === "boolean" && left.kind !== "field") {
      const p = this.compile(left);
      const keep = (op === "==") === right.value;
      return keep ? p : (s) => !p(s);
    }
    if (this.isConstant(right)) {
      const constant = this.fold(right);
      if (typeof constant === "number" && (left.kind === "arith" || left.kind === "negate")) {
        const s = simplifyComparison(this.analysis, op, left, constant);
        if (s !== null && this.fieldOf(s.left) !== null) return this.fieldComparison(s.op, this.fieldOf(s.left)!, s.value);
      }
    }
    const f = this.fieldOf(left);
    if (f !== null && this.isConstant(right)) return this.fieldComparison(op, f, this.fold(right));
    return this.scriptCompare(op, left, right);
  }

  /** term / range / must_not term on a field. */
  private fieldComparison(op: ComparisonOp, f: ResolvedField, value: ScalarValue): SourcePredicate {
    if (op === "!=") {
      const eq = this.onField(f, `==\u0001${constantKey(value)}`, () => comparisonTest(f, "==", value));
      return value === null ? FALSE : (s) => !eq(s);
    }
    return this.onField(f, `${op}\u0001${constantKey(value)}`, () => comparisonTest(f, op, value));
  }

  private scriptCompare(op: ComparisonOp, left: Expr, right: Expr): SourcePredicate {
    const ctx = new ScriptContext(this.analysis);
    const l = compileScalar(left, ctx);
    const r = compileScalar(right, ctx);
    const cmp = (slots: ScalarValue[]): ScalarValue => compareOp(op, l(slots), r(slots));
    return scriptPredicate(cmp, ctx.fields);
  }

  private inList(e: In): SourcePredicate {
    let p: SourcePredicate;
    if (e.caseInsensitive) {
      p = this.patternsOnField(":", true, e.value, e.list, false) ?? anyOf(e.list.map((item) => this.patternOne(":", true, e.value, item, false)));
    } else {
      const f = this.fieldOf(e.value);
      if (f !== null && e.list.every((x) => this.isConstant(x))) {
        const values = e.list.map((x) => this.fold(x));
        p = this.onField(f, `in\u0001${values.map(constantKey).join("\u0001")}`, () => termsTest(f, values));
      } else {
        p = this.script({ ...e, negated: false });
      }
    }
    if (!e.negated) return p;
    return (s) => !p(s);
  }

  private match(e: PatternMatch): SourcePredicate {
    return (
      this.patternsOnField(e.op, e.caseInsensitive, e.value, e.patterns, true) ??
      anyOf(e.patterns.map((p) => this.patternOne(e.op, e.caseInsensitive, e.value, p, true)))
    );
  }

  /**
   * Several patterns on one field as one test of each value (any value matching any pattern is the same as
   * any pattern matching some value): the case-insensitive equalities become one set of ASCII-folded texts,
   * looked up once per value, and the case-insensitive wildcards run on the same folded text (folded once
   * per value and event by the field's view). Null when the value is not a field (the caller compiles pattern by pattern).
   */
  private patternsOnField(op: ":" | "like" | "regex", ci: boolean, value: Expr, patterns: readonly Expr[], wildcards: boolean): SourcePredicate | null {
    const f = this.fieldOf(value);
    if (f === null || patterns.length < 2) return null;
    const insensitive = op === ":" || ci;
    const folded = new Set<string>();
    const foldedWildcards: string[] = [];
    const tests: ValueTest[] = [];
    const texts: string[] = [];
    for (const pattern of patterns) {
      const text = this.isConstant(pattern) ? this.fold(pattern) : null;
      if (typeof text !== "string") continue;
      texts.push(text);
      if (!wildcards || (op !== "regex" && insensitive && !hasWildcards(text))) folded.add(asciiLower(text));
      else if (op !== "regex" && insensitive) foldedWildcards.push(text);
      else tests.push(this.patternTest(op, ci, f, text));
    }
    const live = tests.filter((t) => t !== NEVER);
    if (folded.size === 0 && foldedWildcards.length === 0 && live.length === 0) return FALSE;
    const query = `list\u0001${op}\u0001${ci}\u0001${wildcards}\u0001${texts.join("\u0001")}`;
    if (folded.size === 0 && foldedWildcards.length === 0 && live.length === 1) return this.onField(f, query, () => live[0]!);
    const matchers = foldedWildcards.map((p) => compileFoldedWildcard(p));
    const onFolded: FoldedTest = (l) => {
      if (folded.size > 0 && folded.has(l)) return true;
      for (let i = 0; i < matchers.length; i++) if (matchers[i]!(l)) return true;
      return false;
    };
    if (live.length === 0) return this.onField(f, query, () => foldedTest(onFolded));
    const test: ValueTest = (v) => {
      if (typeof v === "string" && onFolded(asciiLower(v))) return true;
      for (let i = 0; i < live.length; i++) if (live[i]!(v)) return true;
      return false;
    };
    return this.onField(f, query, () => test);
  }

  /** The value test of one `field <op> pattern` (wildcards allowed). */
  private patternTest(op: ":" | "like" | "regex", ci: boolean, f: ResolvedField, text: string): ValueTest {
    const insensitive = op === ":" || ci;
    if (op === "regex") return regexTest(text, ci);
    if (hasWildcards(text)) return wildcardTest(text, insensitive);
    return insensitive ? insensitiveEqualsTest(text) : comparisonTest(f, "==", text);
  }

  /** One `value <op> pattern`; `wildcards` false for in~ items (always literal). */
  private patternOne(op: ":" | "like" | "regex", ci: boolean, value: Expr, pattern: Expr, wildcards: boolean): SourcePredicate {
    const text = this.isConstant(pattern) ? this.fold(pattern) : null;
    if (typeof text !== "string") return FALSE;
    const f = this.fieldOf(value);
    if (f === null) {
      const synthetic: PatternMatch | In = wildcards
        ? { kind: "match", op, caseInsensitive: ci, value, patterns: [pattern], list: false, span: pattern.span }
        : { kind: "in", value, list: [pattern], caseInsensitive: true, negated: false, span: pattern.span };
      return this.script(synthetic);
    }
    const insensitive = op === ":" || ci;
    const test = (): ValueTest => {
      if (!wildcards) return insensitiveEqualsTest(text);
      if (op === "regex") return regexTest(text, ci);
      if (hasWildcards(text)) return wildcardTest(text, insensitive);
      return insensitive ? insensitiveEqualsTest(text) : comparisonTest(f, "==", text);
    };
    return this.onField(f, `${op}\u0001${ci}\u0001${wildcards}\u0001${text}`, test);
  }

  private call(e: Call): SourcePredicate {
    if (this.isConstant(e)) return this.script(e);
    const name = e.name.toLowerCase();
    const first = e.args[0];
    const f = first === undefined ? null : this.fieldOf(first);
    if (f !== null) {
      const rest = e.args.slice(1);
      const constants = rest.every((x) => this.isConstant(x)) ? rest.map((x) => this.fold(x)) : null;
      const c = constants?.[0];
      if (constants !== null && constants.length === 1 && typeof c === "string") {
        const ci = e.caseInsensitive;
        if (name === "startswith") return this.onField(f, `startswith\u0001${ci}\u0001${c}`, () => prefixTest(c, ci));
        if (name === "endswith") return this.onField(f, `endswith\u0001${ci}\u0001${c}`, () => wildcardTest(`*${c}`, ci, true));
        if (name === "stringcontains") return this.onField(f, `stringcontains\u0001${ci}\u0001${c}`, () => wildcardTest(`*${c}*`, ci, true));
      }
      if (name === "cidrmatch" && constants !== null && constants.every((x): x is string => typeof x === "string")) {
        const blocks = constants;
        return this.onField(f, `cidrmatch\u0001${blocks.join("\u0001")}`, () => cidrTest(blocks));
      }
    }
    return this.script(e);
  }
}

/** All of `parts`, in order (none: TRUE). */
function allOf(parts: readonly SourcePredicate[]): SourcePredicate {
  switch (parts.length) {
    case 0:
      return TRUE;
    case 1:
      return parts[0]!;
    case 2: {
      const [a, b] = parts as [SourcePredicate, SourcePredicate];
      return (s) => a(s) && b(s);
    }
    case 3: {
      const [a, b, c] = parts as [SourcePredicate, SourcePredicate, SourcePredicate];
      return (s) => a(s) && b(s) && c(s);
    }
    default:
      return (s) => {
        for (let i = 0; i < parts.length; i++) if (!parts[i]!(s)) return false;
        return true;
      };
  }
}

/** Some of `parts`, in order (none: FALSE). */
function someOf(parts: readonly SourcePredicate[]): SourcePredicate {
  switch (parts.length) {
    case 0:
      return FALSE;
    case 1:
      return parts[0]!;
    case 2: {
      const [a, b] = parts as [SourcePredicate, SourcePredicate];
      return (s) => a(s) || b(s);
    }
    case 3: {
      const [a, b, c] = parts as [SourcePredicate, SourcePredicate, SourcePredicate];
      return (s) => a(s) || b(s) || c(s);
    }
    default:
      return (s) => {
        for (let i = 0; i < parts.length; i++) if (parts[i]!(s)) return true;
        return false;
      };
  }
}

function anyOf(parts: readonly SourcePredicate[]): SourcePredicate {
  const live = parts.filter((p) => p !== FALSE);
  if (live.length === 0) return FALSE;
  if (live.some((p) => p === TRUE)) return TRUE;
  if (live.length === 1) return live[0]!;
  return (s) => {
    for (const p of live) if (p(s)) return true;
    return false;
  };
}

export function isFieldRef(e: Expr): e is FieldRef {
  return e.kind === "field";
}
