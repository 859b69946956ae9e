// # Constant expressions
//
// Elasticsearch folds expressions without field references ("foldable"), and an optional `?field` that no
// mapping knows is resolved to a null literal, so it is a constant too.

import type { Expr } from "../eql/ast.js";
import { isFoldable, type Analysis } from "../eql/analyze.js";

export function isConstantExpr(e: Expr, analysis: Analysis): boolean {
  return isFoldable(e, (f) => analysis.field(f).missing);
}
