// # Moving arithmetic off a field (Elasticsearch's SimplifyComparisonsArithmetics)
//
// `x + 1 == 83` runs in Elasticsearch as the term query `x == 82`, not as a script, which matters for
// multi-valued and missing fields (`x + 1 != 83` passes a document without x). The rule applies when the
// arithmetic's right operand and the compared constant are integer literals: `+`/`-` on integer
// operands; `*` when the constant divides exactly (the comparison flips for a negative factor); `/` only
// on operands known to be floating point (integer division is not invertible; without a mapping a field's
// values may be integers); never `%`. Unary minus moves too:
// `-x > 5` is `x < -5`.

import type { ComparisonOp, Expr } from "../eql/ast.js";
import type { Analysis } from "../eql/analyze.js";
import { mirror } from "./script.js";

export interface Simplified {
  readonly op: ComparisonOp;
  readonly left: Expr;
  readonly value: number;
}

function intLiteral(e: Expr): number | null {
  return e.kind === "number" && e.integer ? e.value : null;
}

function step(analysis: Analysis, op: ComparisonOp, left: Expr, value: number): Simplified | null {
  if (left.kind === "negate") {
    return { op: mirror(op), left: left.operand, value: -value };
  }
  if (left.kind !== "arith") return null;
  const r = intLiteral(left.right);
  if (r === null || !Number.isInteger(value)) return null;
  const integral = analysis.typeOf(left) === "integer";
  let next: number;
  let nextOp = op;
  switch (left.op) {
    case "+":
      if (!integral) return null;
      next = value - r;
      break;
    case "-":
      if (!integral) return null;
      next = value + r;
      break;
    case "*":
      if (r === 0) return null;
      if (analysis.typeOf(left.left) === "integer" && value % r !== 0) return null;
      next = value / r;
      if (r < 0) nextOp = mirror(op);
      break;
    case "/":
      // only a known floating-point division inverts; an untyped (dynamic) operand may hold integers
      if (analysis.typeOf(left) !== "float" || r === 0) return null;
      next = value * r;
      if (r < 0) nextOp = mirror(op);
      break;
    case "%":
      return null;
  }
  if (!Number.isSafeInteger(next) && integral) return null;
  return { op: nextOp, left: left.left, value: next };
}

/** Simplify `left op value` as far as the rule allows; null when nothing changes. */
export function simplifyComparison(analysis: Analysis, op: ComparisonOp, left: Expr, value: number): Simplified | null {
  let current: Simplified | null = null;
  let s = step(analysis, op, left, value);
  while (s !== null) {
    current = s;
    s = step(analysis, s.op, s.left, s.value);
  }
  return current;
}
