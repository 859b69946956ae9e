// # EQL abstract syntax tree
//
// Every node is a member of a discriminated union on `kind` and carries a `span`
// (UTF-16 offsets into the query text). Line and column are computed only when
// an error is rendered (see src/diag). The tree is what the parser produces and
// what the printer reads; analysis results (field types, resolved names) live in
// side tables keyed by node identity (src/eql/analyze.ts), so this tree never
// changes after parsing.

export interface Span {
  readonly start: number;
  readonly end: number;
}

// ## Expressions

/** A literal. Integers and floats are told apart because EQL arithmetic keeps integers integral. */
export type Literal =
  | { readonly kind: "string"; readonly value: string; readonly span: Span }
  | { readonly kind: "number"; readonly value: number; readonly integer: boolean; readonly span: Span }
  | { readonly kind: "boolean"; readonly value: boolean; readonly span: Span }
  | { readonly kind: "null"; readonly span: Span };

/**
 * A field reference. `segments` are the dotted parts as written (a backquoted part may itself contain dots);
 * `name` is their join with ".", which is the field name Elasticsearch resolves. `optional` is the `?` prefix.
 */
export interface FieldRef {
  readonly kind: "field";
  readonly segments: readonly string[];
  readonly name: string;
  readonly optional: boolean;
  readonly span: Span;
}

/** A function call. `name` is as written; lookup is case-insensitive. `caseInsensitive` is the `~` suffix. */
export interface Call {
  readonly kind: "call";
  readonly name: string;
  readonly caseInsensitive: boolean;
  readonly args: readonly Expr[];
  readonly span: Span;
}

export interface Not {
  readonly kind: "not";
  readonly operand: Expr;
  readonly span: Span;
}

export interface Negate {
  readonly kind: "negate";
  readonly operand: Expr;
  readonly span: Span;
}

export interface Logical {
  readonly kind: "logical";
  readonly op: "and" | "or";
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export type ComparisonOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

export interface Comparison {
  readonly kind: "compare";
  readonly op: ComparisonOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export type ArithmeticOp = "+" | "-" | "*" | "/" | "%";

export interface Arithmetic {
  readonly kind: "arith";
  readonly op: ArithmeticOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** `value in (a, b)`, `value in~ (…)`, and the infix negation `value not in (…)` (`negated`). */
export interface In {
  readonly kind: "in";
  readonly value: Expr;
  readonly list: readonly Expr[];
  readonly caseInsensitive: boolean;
  readonly negated: boolean;
  readonly span: Span;
}

/**
 * Pattern operators. `:` (op "seq": case-insensitive equality with `*`/`?` wildcards), `like`/`like~`
 * (wildcards), `regex`/`regex~` (Lucene regular expressions, whole-value). Each takes one pattern or a
 * parenthesised list (`list` true), matching when any pattern matches. For ":" `caseInsensitive` is always true.
 */
export interface PatternMatch {
  readonly kind: "match";
  readonly op: ":" | "like" | "regex";
  readonly caseInsensitive: boolean;
  readonly value: Expr;
  readonly patterns: readonly Expr[];
  readonly list: boolean;
  readonly span: Span;
}

export type Expr = Literal | FieldRef | Call | Not | Negate | Logical | Comparison | Arithmetic | In | PatternMatch;

// ## Queries

/** `process where …` / `any where …` (`category` null). */
export interface EventFilter {
  readonly kind: "filter";
  readonly category: string | null;
  readonly condition: Expr;
  readonly span: Span;
}

export interface TimeSpan {
  readonly value: number;
  readonly unit: "ms" | "s" | "m" | "h" | "d";
  readonly millis: number;
  readonly span: Span;
}

/** One bracketed stage of a sequence: `[filter] by k1, k2 with runs=N`, or a missing-event stage `![filter]`. */
export interface SequenceStage {
  readonly filter: EventFilter;
  readonly by: readonly FieldRef[];
  readonly runs: number;
  readonly missing: boolean;
  readonly span: Span;
}

export interface UntilStage {
  readonly filter: EventFilter;
  readonly by: readonly FieldRef[];
  readonly span: Span;
}

export type Pipe = { readonly kind: "head" | "tail"; readonly count: number; readonly span: Span };

export interface EventQuery {
  readonly kind: "event";
  readonly filter: EventFilter;
  readonly pipes: readonly Pipe[];
  readonly span: Span;
}

export interface SequenceQuery {
  readonly kind: "sequence";
  readonly by: readonly FieldRef[];
  readonly maxspan: TimeSpan | null;
  readonly stages: readonly SequenceStage[];
  readonly until: UntilStage | null;
  readonly pipes: readonly Pipe[];
  readonly span: Span;
}

export interface SampleStage {
  readonly filter: EventFilter;
  readonly by: readonly FieldRef[];
  readonly span: Span;
}

export interface SampleQuery {
  readonly kind: "sample";
  readonly by: readonly FieldRef[];
  readonly stages: readonly SampleStage[];
  readonly pipes: readonly Pipe[];
  readonly span: Span;
}

export type Query = EventQuery | SequenceQuery | SampleQuery;

export type Node = Expr | EventFilter | SequenceStage | UntilStage | SampleStage | Pipe | Query;

export function assertNever(value: never, what = "value"): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/** The shape both a parsed query and a compiled one (src/exec/compiled.ts) have, whatever their filters are. */
export type FilterHolder<F> =
  | { readonly kind: "event"; readonly filter: F }
  | { readonly kind: "sequence"; readonly stages: readonly { readonly filter: F }[]; readonly until: { readonly filter: F } | null }
  | { readonly kind: "sample"; readonly stages: readonly { readonly filter: F }[] };

/** A query's filters in order: the event query's; the stages (missing ones too), then until; sample stages. */
export function filtersOf<F>(query: FilterHolder<F>): F[] {
  switch (query.kind) {
    case "event":
      return [query.filter];
    case "sequence":
      return [...query.stages.map((s) => s.filter), ...(query.until === null ? [] : [query.until.filter])];
    case "sample":
      return query.stages.map((s) => s.filter);
  }
}

/** A parsed query's event filters, in the order of `filtersOf`. */
export function queryFilters(query: Query): EventFilter[] {
  return filtersOf<EventFilter>(query);
}
