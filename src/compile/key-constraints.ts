// # Join-key constraints shared across stages (Elasticsearch's PropagateJoinKeyConstraints)
//
// A condition on a join key in one stage constrains the other stages too: in
// `sequence by pid [process where pid == 4] [file where true]` the file stage also gets `pid == 4`. The
// optimizer splits each stage's condition at top-level `and`s; every part without an `or` (also implicit
// ones: `in~`, `:`/like/regex lists) that mentions a key is copied into every other stage, with that key
// replaced by the other stage's key at the same position. `until` neither gives nor receives constraints.
// Copies are new AST nodes; `overlay` maps them back to the analysed originals for types.

import type { EventFilter, Expr, FieldRef } from "../eql/ast.js";
import { assertNever } from "../eql/ast.js";
import type { Analysis } from "../eql/analyze.js";

export interface KeyedStage {
  readonly filter: EventFilter;
  readonly keys: readonly FieldRef[];
}

function splitAnd(e: Expr, out: Expr[]): Expr[] {
  if (e.kind === "logical" && e.op === "and") {
    splitAnd(e.left, out);
    splitAnd(e.right, out);
  } else {
    out.push(e);
  }
  return out;
}

function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case "string":
    case "number":
    case "boolean":
    case "null":
    case "field":
      return [];
    case "call":
      return e.args;
    case "not":
    case "negate":
      return [e.operand];
    case "logical":
    case "compare":
    case "arith":
      return [e.left, e.right];
    case "in":
      return [e.value, ...e.list];
    case "match":
      return [e.value, ...e.patterns];
    default:
      return assertNever(e, "expression");
  }
}

function hasOr(e: Expr): boolean {
  if (e.kind === "logical" && e.op === "or") return true;
  if (e.kind === "in" && e.caseInsensitive && e.list.length > 1) return true;
  if (e.kind === "match" && e.patterns.length > 1) return true;
  return children(e).some(hasOr);
}

/** Pre-order search for the first field reference equal to one of the keys; its key position. */
function firstKeyPosition(e: Expr, keyNames: readonly (string | null)[], analysis: Analysis): number {
  if (e.kind === "field") {
    const f = analysis.field(e);
    if (!f.missing) {
      const i = keyNames.indexOf(f.name);
      if (i >= 0) return i;
    }
  }
  for (const c of children(e)) {
    const i = firstKeyPosition(c, keyNames, analysis);
    if (i >= 0) return i;
  }
  return -1;
}

function keyName(ref: FieldRef, analysis: Analysis): string | null {
  const f = analysis.field(ref);
  return f.missing ? null : f.name;
}

/** Copy `e`, replacing references to field `from` with `to`; copies map to their originals in `origin`. */
function substitute(e: Expr, from: string, to: FieldRef, analysis: Analysis, origin: Map<Expr, Expr>): Expr {
  const record = <T extends Expr>(copy: T): T => {
    origin.set(copy, origin.get(e) ?? e);
    return copy;
  };
  const sub = (x: Expr): Expr => substitute(x, from, to, analysis, origin);
  switch (e.kind) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return e;
    case "field": {
      const f = analysis.field(e);
      return !f.missing && f.name === from ? to : e;
    }
    case "call":
      return record({ ...e, args: e.args.map(sub) });
    case "not":
    case "negate":
      return record({ ...e, operand: sub(e.operand) });
    case "logical":
      return record({ ...e, left: sub(e.left), right: sub(e.right) });
    case "compare":
      return record({ ...e, left: sub(e.left), right: sub(e.right) });
    case "arith":
      return record({ ...e, left: sub(e.left), right: sub(e.right) });
    case "in":
      return record({ ...e, value: sub(e.value), list: e.list.map(sub) });
    case "match":
      return record({ ...e, value: sub(e.value), patterns: e.patterns.map(sub) });
    default:
      return assertNever(e, "expression");
  }
}

export interface PropagatedConstraints {
  /** Extra condition per stage (null = none), in stage order. */
  readonly extra: readonly (Expr | null)[];
  /** An Analysis that also knows the copied nodes. */
  readonly analysis: Analysis;
}

export function propagateKeyConstraints(analysis: Analysis, stages: readonly KeyedStage[]): PropagatedConstraints {
  const origin = new Map<Expr, Expr>();
  const overlay: Analysis = {
    query: analysis.query,
    schema: analysis.schema,
    field: (ref) => analysis.field(ref),
    typeOf: (e) => analysis.typeOf(origin.get(e) ?? e),
  };
  const constraints: { expr: Expr; from: number; position: number }[] = [];
  stages.forEach((stage, i) => {
    const names = stage.keys.map((k) => keyName(k, analysis));
    if (names.every((n) => n === null)) return;
    for (const part of splitAnd(stage.filter.condition, [])) {
      if (hasOr(part)) continue;
      const position = firstKeyPosition(part, names, analysis);
      if (position >= 0) constraints.push({ expr: part, from: i, position });
    }
  });
  const extra = stages.map((stage, j) => {
    let combined: Expr | null = null;
    for (const c of constraints) {
      if (c.from === j || stages[c.from] === stage) continue;
      const fromName = keyName(stages[c.from]!.keys[c.position]!, analysis)!;
      const target = stage.keys[c.position];
      if (target === undefined) continue;
      const copy = substitute(c.expr, fromName, target, analysis, origin);
      combined =
        combined === null ? copy : { kind: "logical", op: "and", left: combined, right: copy, span: copy.span };
    }
    return combined;
  });
  return { extra, analysis: overlay };
}
