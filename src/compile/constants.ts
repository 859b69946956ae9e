// # Constant expressions
//
// Elasticsearch folds expressions without field references ("foldable"), and an optional `?field` that no
// mapping knows is resolved to a null literal, so it is a constant too.

import type { Expr } from "../eql/ast.js";
import type { Analysis } from "../eql/analyze.js";
import { assertNever } from "../eql/ast.js";

export function isConstantExpr(e: Expr, analysis: Analysis): boolean {
  switch (e.kind) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return true;
    case "field":
      return analysis.field(e).missing;
    case "call":
      return e.args.every((a) => isConstantExpr(a, analysis));
    case "not":
    case "negate":
      return isConstantExpr(e.operand, analysis);
    case "logical":
    case "compare":
    case "arith":
      return isConstantExpr(e.left, analysis) && isConstantExpr(e.right, analysis);
    case "in":
      return isConstantExpr(e.value, analysis) && e.list.every((x) => isConstantExpr(x, analysis));
    case "match":
      return isConstantExpr(e.value, analysis) && e.patterns.every((x) => isConstantExpr(x, analysis));
    default:
      return assertNever(e, "expression");
  }
}
