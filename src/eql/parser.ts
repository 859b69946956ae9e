// # EQL parser
//
// Recursive descent over Elasticsearch's EqlBase grammar, with its precedence (loosest first):
//
//   or < and < not < comparison (== != < <= > >=, non-associative) < + - < * / % < unary - +
//      < postfix predicate on a primary (in, in~, not in, :, like, like~, regex, regex~) < primary
//
// A predicate applies to a primary only: `a + b in (1)` is `a + (b in (1))`, as in Elasticsearch. The
// patterns of `:`/like/regex are constants (one, or a parenthesised list); `in` lists take expressions.
// Unary `+` disappears; unary `-` is a Negate node (Elasticsearch does not fold it into the literal).
//
// Besides the grammar, the parser makes the checks Elasticsearch's plan builder makes (maxspan form,
// stage counts, join key counts, pipes, `with runs`, missing-event stages) and rejects the syntax
// Elasticsearch rejects (join, process relationships, unsupported pipes, array indexes, …) with a
// QueryError pointing at the offending text.

import { assertNever } from "./ast.js";
import type {
  ArithmeticOp,
  ComparisonOp,
  EventFilter,
  EventQuery,
  Expr,
  FieldRef,
  Literal,
  Pipe,
  Query,
  SampleQuery,
  SampleStage,
  SequenceQuery,
  SequenceStage,
  Span,
  TimeSpan,
  UntilStage,
} from "./ast.js";
import { QueryError } from "../diag/diagnostic.js";
import { ErrorCode, Lexer, syntaxError, type ErrorCodeValue } from "./lexer.js";
import { describeKind, isKeyword, type TokenKind } from "./tokens.js";

export { ErrorCode } from "./lexer.js";

/** Maximum nesting (parentheses, `not`, unary minus, calls, lists) before the query is refused. */
export const MAX_NESTING = 500;
/** Maximum depth of an expression tree, counting left-associative chains (`a + b + c` is 3 deep). */
export const MAX_EXPR_DEPTH = 1000;
/** `with runs=N` bounds. */
export const MIN_RUNS = 1;
export const MAX_RUNS = 100;

const COMPARISON_OPS: Readonly<Partial<Record<TokenKind, ComparisonOp>>> = {
  "==": "==",
  "!=": "!=",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
};

const ADDITIVE_OPS: Readonly<Partial<Record<TokenKind, ArithmeticOp>>> = { "+": "+", "-": "-" };
const MULTIPLICATIVE_OPS: Readonly<Partial<Record<TokenKind, ArithmeticOp>>> = { "*": "*", "/": "/", "%": "%" };

/** Pattern operators: token → (operator, case-insensitive). */
const MATCH_OPS: Readonly<Partial<Record<TokenKind, { op: ":" | "like" | "regex"; ci: boolean }>>> = {
  ":": { op: ":", ci: true },
  like: { op: "like", ci: false },
  "like~": { op: "like", ci: true },
  regex: { op: "regex", ci: false },
  "regex~": { op: "regex", ci: true },
};

/** Time units of `with maxspan`, in milliseconds. */
const TIME_UNITS: Readonly<Record<TimeSpan["unit"], number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Pipes Elasticsearch knows by name; only head and tail run. */
const KNOWN_PIPES: ReadonlySet<string> = new Set(["head", "tail", "count", "filter", "sort", "unique", "unique_count"]);

/** Parse one EQL query. Throws QueryError (codes EQL1xxx) with the span of the offending text. */
export function parseQuery(text: string, origin?: string): Query {
  const parser = new Parser(text, origin);
  try {
    return parser.parseStatement();
  } catch (err) {
    if (err instanceof RangeError) {
      // stack exhaustion on pathological input: report it as a query error, never crash
      throw syntaxError(parser.lexer.src, ErrorCode.TooDeep, "query is nested too deeply to parse", { start: 0, end: Math.min(1, text.length) });
    }
    throw err;
  }
}

/** Parse a standalone expression (used by tests and tools). */
export function parseExpression(text: string, origin?: string): Expr {
  const parser = new Parser(text, origin);
  try {
    return parser.parseExpressionOnly();
  } catch (err) {
    if (err instanceof RangeError) {
      throw syntaxError(parser.lexer.src, ErrorCode.TooDeep, "expression is nested too deeply to parse", { start: 0, end: Math.min(1, text.length) });
    }
    throw err;
  }
}

function span(start: number, end: number): Span {
  return { start, end };
}

class Parser {
  readonly lexer: Lexer;
  private depth = 0;

  constructor(text: string, origin?: string) {
    this.lexer = new Lexer(text, origin);
  }

  // ## helpers

  /** The current token kind (a method, so TypeScript does not keep stale narrowings across advances). */
  private k(): TokenKind {
    return this.lexer.kind;
  }

  private fail(code: ErrorCodeValue, message: string, at: Span, hint?: string): QueryError {
    const s = at.end > at.start ? at : { start: at.start, end: at.start + 1 };
    return syntaxError(this.lexer.src, code, message, s, hint);
  }

  private tokenText(): string {
    const lx = this.lexer;
    return this.lexer.src.text.slice(lx.start, lx.end);
  }

  /** An "unexpected token" error at the current token. */
  private unexpected(expected: string, hint?: string): QueryError {
    const lx = this.lexer;
    const found = describeFound(lx.kind, this.tokenText());
    const h = hint ?? this.hintFor();
    return this.fail(ErrorCode.UnexpectedToken, `unexpected ${found}; expected ${expected}`, lx.span, h);
  }

  /** Hints for common mistakes at the current token. */
  private hintFor(): string | undefined {
    const lx = this.lexer;
    if (lx.kind === "=") return "use '==' to compare";
    if (lx.kind === "ident") {
      const lower = lx.value.toLowerCase();
      if (lower !== lx.value && isKeyword(lower)) return `keywords are lowercase: write '${lower}'`;
      if (lx.value === "fork") return "sequence fork is not supported";
    }
    return undefined;
  }

  private expect(kind: TokenKind, expected?: string): Span {
    if (this.k() !== kind) throw this.unexpected(expected ?? describeKind(kind));
    const s = this.lexer.span;
    this.lexer.advance();
    return s;
  }

  private accept(kind: TokenKind): boolean {
    if (this.k() !== kind) return false;
    this.lexer.advance();
    return true;
  }

  private enter(at: Span): void {
    if (++this.depth > MAX_NESTING) {
      throw this.fail(ErrorCode.TooDeep, `query nests deeper than ${MAX_NESTING} levels`, at);
    }
  }

  private leave(): void {
    this.depth--;
  }

  /** Depth of each built expression node (leaves are 1), to bound the tree for recursive consumers. */
  private readonly depths = new WeakMap<Expr, number>();

  private depthOf(e: Expr): number {
    return this.depths.get(e) ?? 1;
  }

  /** Records a new node's depth; refuses trees deeper than MAX_EXPR_DEPTH (e.g. 10,000-term `+` chains). */
  private node<T extends Expr>(n: T, ...children: Expr[]): T {
    let d = 0;
    for (const c of children) d = Math.max(d, this.depthOf(c));
    if (d + 1 > MAX_EXPR_DEPTH) {
      throw this.fail(ErrorCode.TooDeep, `expression is nested deeper than ${MAX_EXPR_DEPTH} levels`, n.span);
    }
    this.depths.set(n, d + 1);
    return n;
  }

  // ## statements

  parseStatement(): Query {
    const start = this.lexer.start;
    let query: Query;
    switch (this.k()) {
      case "sequence":
        query = this.parseSequence();
        break;
      case "sample":
        query = this.parseSample();
        break;
      case "join":
        throw this.fail(ErrorCode.Unsupported, "'join' queries are not supported by Elasticsearch EQL", this.lexer.span, "use a sequence instead");
      default: {
        const filter = this.parseEventFilter("an event category, 'any', 'sequence' or 'sample'");
        query = { kind: "event", filter, pipes: [], span: filter.span } satisfies EventQuery;
      }
    }
    const pipes = this.parsePipes();
    if (this.k() !== "eof") {
      const expected = this.k() === "[" || this.k() === "![" ? "end of query (is 'sequence' missing?)" : "'|' or end of query";
      throw this.unexpected(expected);
    }
    const end = pipes.length > 0 ? (pipes[pipes.length - 1] as Pipe).span.end : query.span.end;
    return { ...query, pipes, span: span(start, end) };
  }

  parseExpressionOnly(): Expr {
    const e = this.parseExpr();
    if (this.k() !== "eof") throw this.unexpected("an operator or end of expression");
    return e;
  }

  private parseEventFilter(expected: string): EventFilter {
    const lx = this.lexer;
    const start = lx.start;
    let category: string | null;
    if (lx.kind === "any") {
      category = null;
    } else if (lx.kind === "ident" || lx.kind === "string") {
      category = lx.value;
    } else if (lx.kind === "quotedIdent") {
      throw this.fail(
        ErrorCode.UnexpectedToken,
        "an event category cannot be backquoted",
        lx.span,
        `write it as a string: "${lx.value.replace(/["\\]/g, "\\$&")}"`,
      );
    } else {
      throw this.unexpected(expected);
    }
    lx.advance();
    this.expect("where", "'where'");
    const condition = this.parseExpr();
    return { kind: "filter", category, condition, span: span(start, condition.span.end) };
  }

  private parseSequence(): SequenceQuery {
    const lx = this.lexer;
    const start = lx.start;
    lx.advance(); // sequence
    let by: FieldRef[] = [];
    let maxspan: TimeSpan | null = null;
    if (this.k() === "by") {
      by = this.parseJoinKeys();
      if (this.k() === "with") maxspan = this.parseMaxspan();
    } else if (this.k() === "with") {
      maxspan = this.parseMaxspan();
      if (this.k() === "by") {
        const keys = this.parseJoinKeys();
        const first = keys[0] as FieldRef;
        throw this.fail(ErrorCode.ByAfterWith, "specify the sequence 'by' keys before 'with maxspan', not after", span(start, (keys[keys.length - 1] as FieldRef).span.end), `move 'by ${first.name}…' before 'with'`);
      }
    }

    const stages: SequenceStage[] = [];
    let until: UntilStage | null = null;
    while (this.k() === "[" || this.k() === "![") stages.push(this.parseSequenceStage());
    if (stages.length === 0) throw this.unexpected("'[' to start the first sequence stage");
    if (this.k() === "until") {
      lx.advance();
      if (this.k() === "![") {
        throw this.fail(ErrorCode.InvalidMissingEvent, "the 'until' stage cannot be a missing-event stage '![…]'", lx.span);
      }
      const openSpan = this.expect("[", "'[' after 'until'");
      const filter = this.parseEventFilter("an event category or 'any'");
      const close = this.expect("]", "']'");
      const keys = this.k() === "by" ? this.parseJoinKeys() : [];
      if (this.k() === "with") {
        throw this.fail(ErrorCode.InvalidRuns, "'with runs' is not allowed on the 'until' stage", lx.span);
      }
      const end = keys.length > 0 ? (keys[keys.length - 1] as FieldRef).span.end : close.end;
      until = { filter, by: keys, span: span(openSpan.start, end) };
    }

    // join key counts must agree across stages (and until)
    const all: { by: readonly FieldRef[]; span: Span }[] = [...stages, ...(until !== null ? [until] : [])];
    this.checkKeyCounts(all);

    const total = stages.reduce((n, s) => n + s.runs, 0);
    if (total < 2) {
      throw this.fail(
        ErrorCode.TooFewStages,
        `a sequence requires at least 2 stages, found ${total}`,
        span(start, (stages[stages.length - 1] as SequenceStage).span.end),
        "add another [category where condition] stage, or use 'with runs=N'",
      );
    }
    const missing = stages.filter((s) => s.missing);
    if (missing.length > 0) {
      if (missing.length === stages.length) {
        throw this.fail(ErrorCode.InvalidMissingEvent, "a sequence needs at least one stage that is not a missing-event stage '![…]'", span(start, (stages[stages.length - 1] as SequenceStage).span.end));
      }
      if (maxspan === null) {
        throw this.fail(ErrorCode.InvalidMissingEvent, "a sequence with missing-event stages '![…]' requires 'with maxspan'", (missing[0] as SequenceStage).span);
      }
    }
    const end = until !== null ? until.span.end : (stages[stages.length - 1] as SequenceStage).span.end;
    return { kind: "sequence", by, maxspan, stages, until, pipes: [], span: span(start, end) };
  }

  private checkKeyCounts(stages: readonly { by: readonly FieldRef[]; span: Span }[]): void {
    const first = stages[0];
    if (first === undefined) return;
    for (const st of stages) {
      if (st.by.length !== first.by.length) {
        const where = st.by.length > 0 ? span((st.by[0] as FieldRef).span.start, (st.by[st.by.length - 1] as FieldRef).span.end) : st.span;
        throw this.fail(
          ErrorCode.InconsistentJoinKeys,
          `inconsistent number of join keys: expected ${first.by.length} but found ${st.by.length}`,
          where,
          "every stage needs the same number of 'by' keys",
        );
      }
    }
  }

  private parseMaxspan(): TimeSpan {
    const lx = this.lexer;
    lx.advance(); // with
    if (this.k() !== "maxspan") {
      throw this.unexpected("'maxspan' (only 'with maxspan=…' may follow the sequence header)");
    }
    lx.advance();
    this.expect("=", "'=' after 'maxspan'");
    const numStart = lx.start;
    if (this.k() !== "integer" && this.k() !== "decimal") throw this.unexpected("a time span such as 5m");
    const numText = lx.value;
    const numSpan = lx.span;
    const isDecimal = this.k() === "decimal";
    lx.advance();
    let unitText: string | null = null;
    let unitSpan: Span | null = null;
    if (this.k() === "ident") {
      unitText = lx.value;
      unitSpan = lx.span;
      lx.advance();
    }
    const whole = span(numStart, unitSpan !== null ? unitSpan.end : numSpan.end);
    const written = this.lexer.src.text.slice(whole.start, whole.end);
    if (isDecimal) {
      throw this.fail(ErrorCode.InvalidMaxspan, `decimal time interval [${numText}] is not supported; use a positive integer`, numSpan);
    }
    const value = Number(numText);
    if (value <= 0) {
      throw this.fail(ErrorCode.InvalidMaxspan, `maxspan must be positive; found [${numText}]`, numSpan);
    }
    if (unitText === null || unitSpan === null) {
      throw this.fail(ErrorCode.InvalidMaxspan, `no time unit given; did you mean [${numText}s]?`, whole, "units: ms, s, m, h, d");
    }
    if (!Object.hasOwn(TIME_UNITS, unitText)) {
      throw this.fail(ErrorCode.InvalidMaxspan, `unknown time unit [${unitText}] in [${written}]; use one of ms, s, m, h, d`, unitSpan);
    }
    const unit = unitText as TimeSpan["unit"];
    const millis = value * TIME_UNITS[unit];
    if (!Number.isSafeInteger(millis)) {
      throw this.fail(ErrorCode.InvalidMaxspan, `maxspan [${written}] is too large`, whole);
    }
    return { value, unit, millis, span: whole };
  }

  private parseSequenceStage(): SequenceStage {
    const lx = this.lexer;
    const start = lx.start;
    const missing = this.k() === "![";
    lx.advance();
    const filter = this.parseEventFilter("an event category or 'any'");
    const close = this.expect("]", "']' to close the stage");
    let end = close.end;
    let by: FieldRef[] = [];
    if (this.k() === "by") {
      by = this.parseJoinKeys();
      end = (by[by.length - 1] as FieldRef).span.end;
    }
    let runs = 1;
    if (this.k() === "with") {
      lx.advance();
      if (this.k() === "maxspan") {
        throw this.fail(ErrorCode.InvalidMaxspan, "'with maxspan' belongs in the sequence header, before the first stage", lx.span);
      }
      if (this.k() !== "ident") throw this.unexpected("'runs'");
      if (lx.value !== "runs") {
        throw this.fail(ErrorCode.InvalidRuns, `unknown stage option [${lx.value}]; expected 'runs'`, lx.span);
      }
      lx.advance();
      this.expect("=", "'=' after 'runs'");
      if (this.k() !== "integer") {
        if (this.k() === "decimal" || this.k() === "-") {
          throw this.fail(ErrorCode.InvalidRuns, `'runs' must be an integer between ${MIN_RUNS} and ${MAX_RUNS}`, lx.span);
        }
        throw this.unexpected("an integer");
      }
      const n = Number(lx.value);
      if (!(n >= MIN_RUNS && n <= MAX_RUNS)) {
        throw this.fail(ErrorCode.InvalidRuns, `'runs' must be between ${MIN_RUNS} and ${MAX_RUNS}; found [${lx.value}]`, lx.span);
      }
      runs = n;
      end = lx.end;
      lx.advance();
    }
    if (this.k() === "ident" && lx.value === "fork") {
      throw this.fail(ErrorCode.Unsupported, "sequence 'fork' is not supported", lx.span);
    }
    return { filter, by, runs, missing, span: span(start, end) };
  }

  private parseSample(): SampleQuery {
    const lx = this.lexer;
    const start = lx.start;
    lx.advance(); // sample
    const by = this.k() === "by" ? this.parseJoinKeys() : [];
    if (this.k() === "with") {
      throw this.fail(ErrorCode.Unsupported, "'with' options are not supported on samples", lx.span);
    }
    const stages: SampleStage[] = [];
    while (this.k() === "[" || this.k() === "![") {
      if (this.k() === "![") {
        throw this.fail(ErrorCode.InvalidMissingEvent, "missing-event stages '![…]' are only allowed in sequences", lx.span);
      }
      const open = lx.start;
      lx.advance();
      const filter = this.parseEventFilter("an event category or 'any'");
      const close = this.expect("]", "']' to close the stage");
      const keys = this.k() === "by" ? this.parseJoinKeys() : [];
      if (this.k() === "with") {
        throw this.fail(ErrorCode.InvalidRuns, "'with runs' is only allowed on sequence stages", lx.span);
      }
      const end = keys.length > 0 ? (keys[keys.length - 1] as FieldRef).span.end : close.end;
      stages.push({ filter, by: keys, span: span(open, end) });
    }
    if (stages.length === 0) throw this.unexpected("'[' to start the first sample stage");
    if (this.k() === "until") {
      throw this.fail(ErrorCode.Unsupported, "'until' is not supported on samples", lx.span);
    }
    this.checkKeyCounts(stages);
    const end = (stages[stages.length - 1] as SampleStage).span.end;
    if (stages.length < 2) {
      throw this.fail(ErrorCode.TooFewStages, `a sample requires at least 2 stages, found ${stages.length}`, span(start, end));
    }
    return { kind: "sample", by, stages, pipes: [], span: span(start, end) };
  }

  private parseJoinKeys(): FieldRef[] {
    this.lexer.advance(); // by
    const keys: FieldRef[] = [this.parseJoinKey()];
    while (this.accept(",")) keys.push(this.parseJoinKey());
    return keys;
  }

  private parseJoinKey(): FieldRef {
    const e = this.parseExpr();
    if (e.kind !== "field") {
      throw this.fail(ErrorCode.InvalidJoinKey, "a join key must be a field name", e.span, "expressions and functions cannot be used after 'by'");
    }
    return e;
  }

  private parsePipes(): Pipe[] {
    const pipes: Pipe[] = [];
    const lx = this.lexer;
    while (this.k() === "|") {
      const start = lx.start;
      lx.advance();
      if (this.k() !== "ident") throw this.unexpected("a pipe name ('head' or 'tail')");
      const name = lx.value;
      const nameSpan = lx.span;
      lx.advance();
      if (!KNOWN_PIPES.has(name)) {
        const suggestion = KNOWN_PIPES.has(name.toLowerCase()) ? `did you mean '${name.toLowerCase()}'? ` : "";
        throw this.fail(ErrorCode.UnknownPipe, `unknown pipe [${name}]`, nameSpan, `${suggestion}supported pipes are 'head' and 'tail'`);
      }
      if (name !== "head" && name !== "tail") {
        throw this.fail(ErrorCode.Unsupported, `pipe [${name}] is not supported by Elasticsearch EQL`, nameSpan, "supported pipes are 'head' and 'tail'");
      }
      const args: Expr[] = [];
      if (this.k() !== "|" && this.k() !== "eof") {
        args.push(this.parseExpr());
        while (this.accept(",")) args.push(this.parseExpr());
      }
      const end = args.length > 0 ? (args[args.length - 1] as Expr).span.end : nameSpan.end;
      const pipeSpan = span(start, end);
      if (args.length !== 1) {
        throw this.fail(ErrorCode.InvalidPipeArgument, `pipe [${name}] expects exactly one argument but found ${args.length}`, pipeSpan);
      }
      const arg = args[0] as Expr;
      const count = foldInteger(arg);
      if (count === null || count < 0n || count > 2147483647n) {
        throw this.fail(
          ErrorCode.InvalidPipeArgument,
          `pipe [${name}] expects a non-negative integer but found [${this.lexer.src.text.slice(arg.span.start, arg.span.end)}]`,
          arg.span,
        );
      }
      pipes.push({ kind: name, count: Number(count), span: pipeSpan });
    }
    return pipes;
  }

  // ## expressions

  private parseExpr(): Expr {
    return this.parseOr();
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.k() === "or") {
      this.lexer.advance();
      const right = this.parseAnd();
      left = this.node({ kind: "logical", op: "or", left, right, span: span(left.span.start, right.span.end) }, left, right);
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.k() === "and") {
      this.lexer.advance();
      const right = this.parseNot();
      left = this.node({ kind: "logical", op: "and", left, right, span: span(left.span.start, right.span.end) }, left, right);
    }
    return left;
  }

  private parseNot(): Expr {
    const lx = this.lexer;
    if (this.k() === "not") {
      const start = lx.start;
      this.enter(lx.span);
      lx.advance();
      const operand = this.parseNot();
      this.leave();
      return this.node({ kind: "not", operand, span: span(start, operand.span.end) }, operand);
    }
    // legacy process relationships: `<relationship> of [subquery]` (descendant, child, event, …)
    if (this.k() === "ident" && lx.peek().kind === "of") {
      const start = lx.start;
      const word = lx.value;
      lx.advance();
      throw this.fail(ErrorCode.Unsupported, `process relationship '${word} of' is not supported by Elasticsearch EQL`, span(start, lx.end));
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const op = COMPARISON_OPS[this.k()];
    if (op === undefined) {
      if (this.k() === "=") throw this.unexpected("an operator", "use '==' to compare");
      return left;
    }
    this.lexer.advance();
    const right = this.parseAdditive();
    if (COMPARISON_OPS[this.k()] !== undefined) {
      throw this.unexpected("'and', 'or' or the end of the condition", "comparisons do not chain; combine them with 'and' or use parentheses");
    }
    return this.node({ kind: "compare", op, left, right, span: span(left.span.start, right.span.end) }, left, right);
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    for (;;) {
      const op = ADDITIVE_OPS[this.k()];
      if (op === undefined) return left;
      this.lexer.advance();
      const right = this.parseMultiplicative();
      left = this.node({ kind: "arith", op, left, right, span: span(left.span.start, right.span.end) }, left, right);
    }
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const op = MULTIPLICATIVE_OPS[this.k()];
      if (op === undefined) return left;
      this.lexer.advance();
      const right = this.parseUnary();
      left = this.node({ kind: "arith", op, left, right, span: span(left.span.start, right.span.end) }, left, right);
    }
  }

  private parseUnary(): Expr {
    const lx = this.lexer;
    if (this.k() === "-" || this.k() === "+") {
      const negate = this.k() === "-";
      const start = lx.start;
      this.enter(lx.span);
      lx.advance();
      const operand = this.parseUnary();
      this.leave();
      return negate ? this.node({ kind: "negate", operand, span: span(start, operand.span.end) }, operand) : operand;
    }
    const primary = this.parsePrimary();
    return this.parsePredicate(primary);
  }

  /** The optional postfix predicate after a primary: `[not] in (…)`, `: …`, `like …`, `regex …`. */
  private parsePredicate(value: Expr): Expr {
    const lx = this.lexer;
    const start = value.span.start;
    if (this.k() === "not") {
      const next = lx.peek().kind;
      if (next !== "in" && next !== "in~") {
        throw this.unexpected("an operator", "'not' after a value must be followed by 'in'; to negate a condition put 'not' before it");
      }
      lx.advance();
      return this.parseIn(value, start, true);
    }
    if (this.k() === "in" || this.k() === "in~") return this.parseIn(value, start, false);
    const m = MATCH_OPS[this.k()];
    if (m === undefined) return value;
    lx.advance();
    if (this.k() === "(") {
      const open = lx.span;
      this.enter(open);
      lx.advance();
      const patterns: Expr[] = [this.parseConstant()];
      while (this.accept(",")) patterns.push(this.parseConstant());
      const close = this.expect(")", "',' or ')'");
      this.leave();
      return this.node({ kind: "match", op: m.op, caseInsensitive: m.ci, value, patterns, list: true, span: span(start, close.end) }, value);
    }
    const pattern = this.parseConstant();
    return this.node({ kind: "match", op: m.op, caseInsensitive: m.ci, value, patterns: [pattern], list: false, span: span(start, pattern.span.end) }, value);
  }

  private parseIn(value: Expr, start: number, negated: boolean): Expr {
    const lx = this.lexer;
    const caseInsensitive = this.k() === "in~";
    lx.advance();
    const open = this.expect("(", "'(' to start the list");
    this.enter(open);
    const list: Expr[] = [this.parseExpr()];
    while (this.accept(",")) list.push(this.parseExpr());
    const close = this.expect(")", "',' or ')'");
    this.leave();
    return this.node({ kind: "in", value, list, caseInsensitive, negated, span: span(start, close.end) }, value, ...list);
  }

  /** A constant: string, number, boolean or null (the only patterns `:`, like and regex accept). */
  private parseConstant(): Literal {
    const lit = this.tryLiteral();
    if (lit === null) {
      throw this.unexpected("a string, number, boolean or null (patterns must be constants)");
    }
    return lit;
  }

  private tryLiteral(): Literal | null {
    const lx = this.lexer;
    const s = lx.span;
    let lit: Literal;
    switch (lx.kind) {
      case "string":
        lit = { kind: "string", value: lx.value, span: s };
        break;
      case "integer":
        lit = this.integerLiteral(lx.value, s);
        break;
      case "decimal": {
        const v = Number(lx.value);
        if (!Number.isFinite(v)) throw this.fail(ErrorCode.InvalidNumber, `number [${lx.value}] is too large`, s);
        lit = { kind: "number", value: v, integer: false, span: s };
        break;
      }
      case "true":
      case "false":
        lit = { kind: "boolean", value: lx.kind === "true", span: s };
        break;
      case "null":
        lit = { kind: "null", span: s };
        break;
      default:
        return null;
    }
    lx.advance();
    return lit;
  }

  /** Integers that fit a signed 64-bit long stay integers; larger ones become floats, as in Elasticsearch. */
  private integerLiteral(text: string, s: Span): Literal {
    const big = BigInt(text);
    if (big <= 9223372036854775807n) return { kind: "number", value: Number(big), integer: true, span: s };
    const v = Number(text);
    if (!Number.isFinite(v)) throw this.fail(ErrorCode.InvalidNumber, `number [${truncate(text)}] is too large`, s);
    return { kind: "number", value: v, integer: false, span: s };
  }

  private parsePrimary(): Expr {
    const lx = this.lexer;
    const lit = this.tryLiteral();
    if (lit !== null) return lit;
    switch (lx.kind) {
      case "(": {
        const open = lx.span;
        this.enter(open);
        lx.advance();
        const inner = this.parseExpr();
        const close = this.expect(")", "')'");
        this.leave();
        // the node's span includes its parentheses, so parents' spans cover all of their text
        const widened: Expr = { ...inner, span: span(open.start, close.end) };
        this.depths.set(widened, this.depthOf(inner));
        return widened;
      }
      case "tildeIdent":
        return this.parseCall(true);
      case "ident":
        if (lx.peek().kind === "(") return this.parseCall(false);
        return this.parseField();
      case "quotedIdent":
      case "?":
        return this.parseField();
      default:
        throw this.unexpected("a value, field or function call");
    }
  }

  private parseCall(caseInsensitive: boolean): Expr {
    const lx = this.lexer;
    const start = lx.start;
    const name = lx.value;
    lx.advance();
    const open = this.expect("(", `'(' after function name '${name}~'`);
    this.enter(open);
    const args: Expr[] = [];
    if (this.k() !== ")") {
      args.push(this.parseExpr());
      while (this.accept(",")) args.push(this.parseExpr());
    }
    const close = this.expect(")", "',' or ')'");
    this.leave();
    return this.node({ kind: "call", name, caseInsensitive, args, span: span(start, close.end) }, ...args);
  }

  private parseField(): FieldRef {
    const lx = this.lexer;
    const start = lx.start;
    const optional = this.accept("?");
    const segments: string[] = [this.parseIdentifier()];
    let end = this.lastEnd;
    for (;;) {
      if (this.k() === ".") {
        lx.advance();
        segments.push(this.parseIdentifier());
        end = this.lastEnd;
      } else if (this.k() === "[" && lx.peek().kind === "integer") {
        const s = lx.start;
        lx.advance();
        while (this.k() === "integer") lx.advance();
        const e = this.k() === "]" ? lx.end : lx.start;
        throw this.fail(ErrorCode.Unsupported, "array indexes are not supported", span(s, e));
      } else {
        break;
      }
    }
    return { kind: "field", segments, name: segments.join("."), optional, span: span(start, end) };
  }

  private lastEnd = 0;

  private parseIdentifier(): string {
    const lx = this.lexer;
    if (lx.kind === "ident" || lx.kind === "quotedIdent") {
      const v = lx.value;
      this.lastEnd = lx.end;
      lx.advance();
      return v;
    }
    const kw = lx.kind;
    if (isKeyword(kw)) {
      throw this.unexpected("a field name", `'${kw}' is a keyword; backquote it to use it as a field name: \`${kw}\``);
    }
    throw this.unexpected("a field name");
  }
}

/** `identifier 'foo'`, `string "a"`, `'=='`, `end of query`. */
function describeFound(kind: TokenKind, text: string): string {
  switch (kind) {
    case "eof":
      return "end of query";
    case "ident":
    case "quotedIdent":
    case "tildeIdent":
    case "integer":
    case "decimal":
      return `${describeKind(kind)} '${truncate(text)}'`;
    case "string":
      return `string ${truncate(text)}`;
    default:
      return describeKind(kind);
  }
}

function truncate(text: string): string {
  return text.length > 40 ? text.slice(0, 37) + "…" : text;
}

/**
 * Folds an integer constant expression (literals, unary minus, + - * / %, with 64-bit integer semantics)
 * as Elasticsearch folds a pipe argument. Null when the expression is not a foldable integer.
 */
export function foldInteger(e: Expr): bigint | null {
  switch (e.kind) {
    case "number":
      return e.integer && Number.isSafeInteger(e.value) ? BigInt(e.value) : null;
    case "negate": {
      const v = foldInteger(e.operand);
      return v === null ? null : BigInt.asIntN(64, -v);
    }
    case "arith": {
      const l = foldInteger(e.left);
      const r = foldInteger(e.right);
      if (l === null || r === null) return null;
      const op = e.op;
      switch (op) {
        case "+":
          return BigInt.asIntN(64, l + r);
        case "-":
          return BigInt.asIntN(64, l - r);
        case "*":
          return BigInt.asIntN(64, l * r);
        case "/":
          return r === 0n ? null : BigInt.asIntN(64, l / r);
        case "%":
          return r === 0n ? null : l % r;
        default:
          return assertNever(op, "arithmetic operator");
      }
    }
    default:
      return null;
  }
}
