// Small AST builders for prefilter tests (spans are irrelevant here).

import { queryFilters, type EventFilter, type EventQuery, type Expr, type FieldRef, type Literal, type PatternMatch, type Query, type SequenceQuery } from "../../src/eql/ast.js";

const span = { start: 0, end: 0 };

export function field(name: string, optional = false): FieldRef {
  return { kind: "field", segments: name.split("."), name, optional, span };
}

export function str(value: string): Literal {
  return { kind: "string", value, span };
}

export function num(value: number): Literal {
  return { kind: "number", value, integer: Number.isInteger(value), span };
}

export function eq(name: string, value: string): Expr {
  return { kind: "compare", op: "==", left: field(name), right: str(value), span };
}

export function neq(name: string, value: string): Expr {
  return { kind: "compare", op: "!=", left: field(name), right: str(value), span };
}

export function inList(name: string, values: readonly string[], caseInsensitive = false, negated = false): Expr {
  return { kind: "in", value: field(name), list: values.map(str), caseInsensitive, negated, span };
}

export function match(op: PatternMatch["op"], name: string, patterns: readonly string[], caseInsensitive: boolean): Expr {
  return { kind: "match", op, caseInsensitive: op === ":" ? true : caseInsensitive, value: field(name), patterns: patterns.map(str), list: patterns.length > 1, span };
}

export function and(left: Expr, right: Expr): Expr {
  return { kind: "logical", op: "and", left, right, span };
}

export function or(left: Expr, right: Expr): Expr {
  return { kind: "logical", op: "or", left, right, span };
}

export function not(operand: Expr): Expr {
  return { kind: "not", operand, span };
}

export function filter(category: string | null, condition: Expr): EventFilter {
  return { kind: "filter", category, condition, span };
}

export function eventQuery(category: string | null, condition: Expr): EventQuery {
  return { kind: "event", filter: filter(category, condition), pipes: [], span };
}

export function sequence(stages: readonly { filter: EventFilter; missing?: boolean }[], until: EventFilter | null = null): SequenceQuery {
  return {
    kind: "sequence",
    by: [field("process.entity_id")],
    maxspan: null,
    stages: stages.map((s) => ({ filter: s.filter, by: [], runs: 1, missing: s.missing === true, span })),
    until: until === null ? null : { filter: until, by: [], span },
    pipes: [],
    span,
  };
}

export function filtersOf(query: Query): EventFilter[] {
  return queryFilters(query);
}
