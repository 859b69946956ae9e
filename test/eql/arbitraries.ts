// fast-check arbitraries for EQL ASTs the parser can produce (spans are placeholders).

import fc from "fast-check";
import type {
  EventFilter,
  Expr,
  FieldRef,
  Literal,
  Pipe,
  Query,
  SampleStage,
  SequenceStage,
  TimeSpan,
  UntilStage,
} from "../../src/eql/ast.js";
import { KEYWORDS } from "../../src/eql/tokens.js";
import { S } from "./helpers.js";

const plainWord = fc.stringMatching(/^[A-Za-z_@][A-Za-z0-9_]{0,8}$/);

/** Field segments: plain words, keywords and arbitrary text (which the printer must backquote). */
const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: plainWord },
  { weight: 1, arbitrary: fc.constantFrom(...KEYWORDS, "in~", "0", "a.b", "x`y", "my field", "ünï", "`", "@") },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 6, unit: "grapheme" }) },
);

export const fieldArb: fc.Arbitrary<FieldRef> = fc
  .record({ segments: fc.array(segment, { minLength: 1, maxLength: 4 }), optional: fc.boolean() })
  .map(({ segments, optional }) => ({ kind: "field", segments, name: segments.join("."), optional, span: S }));

const stringValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ maxLength: 8, unit: "grapheme" }),
  fc.string({ maxLength: 8, unit: "binary" }),
  fc.constantFrom('"""', "\\", "\n\r\t\b\f", "\u0000\u007f", "C:\\Windows\\*", "a*b?c", "``"),
);

export const literalArb: fc.Arbitrary<Literal> = fc.oneof(
  stringValue.map((value): Literal => ({ kind: "string", value, span: S })),
  fc.nat().map((value): Literal => ({ kind: "number", value, integer: true, span: S })),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map((value): Literal => ({ kind: "number", value, integer: true, span: S })),
  fc
    .double({ min: 0, noNaN: true, noDefaultInfinity: true, max: Number.MAX_VALUE })
    .filter((v) => !Object.is(v, -0))
    .map((value): Literal => ({ kind: "number", value, integer: false, span: S })),
  fc.boolean().map((value): Literal => ({ kind: "boolean", value, span: S })),
  fc.constant<Literal>({ kind: "null", span: S }),
);

/** A constant pattern of `:`/like/regex: the grammar allows literals only (non-negative numbers). */
const patternArb: fc.Arbitrary<Literal> = literalArb;

const functionName = fc
  .record({ name: fc.oneof(plainWord, fc.constantFrom("length", "startsWith", "cidrMatch", "CONCAT", "and", "where")), ci: fc.boolean() })
  .filter(({ name, ci }) =>
    ci ? /^[A-Za-z][A-Za-z0-9_]*$/.test(name) && !["in", "like", "regex"].includes(name) : !(KEYWORDS as readonly string[]).includes(name) && /^[A-Za-z_@][A-Za-z0-9_]*$/.test(name),
  );

export const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => {
  const sub = tie("expr");
  const list = fc.array(sub, { minLength: 1, maxLength: 3 });
  return {
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      literalArb,
      fieldArb,
      fc.record({ fn: functionName, args: fc.array(sub, { maxLength: 3 }) }).map(
        ({ fn, args }): Expr => ({ kind: "call", name: fn.name, caseInsensitive: fn.ci, args, span: S }),
      ),
      sub.map((operand): Expr => ({ kind: "not", operand, span: S })),
      sub.map((operand): Expr => ({ kind: "negate", operand, span: S })),
      fc
        .record({ op: fc.constantFrom("and" as const, "or" as const), left: sub, right: sub })
        .map(({ op, left, right }): Expr => ({ kind: "logical", op, left, right, span: S })),
      fc
        .record({ op: fc.constantFrom("==" as const, "!=" as const, "<" as const, "<=" as const, ">" as const, ">=" as const), left: sub, right: sub })
        .map(({ op, left, right }): Expr => ({ kind: "compare", op, left, right, span: S })),
      fc
        .record({ op: fc.constantFrom("+" as const, "-" as const, "*" as const, "/" as const, "%" as const), left: sub, right: sub })
        .map(({ op, left, right }): Expr => ({ kind: "arith", op, left, right, span: S })),
      fc
        .record({ value: sub, list, ci: fc.boolean(), negated: fc.boolean() })
        .map(({ value, list: l, ci, negated }): Expr => ({ kind: "in", value, list: l, caseInsensitive: ci, negated, span: S })),
      fc
        .record({
          op: fc.constantFrom(":" as const, "like" as const, "regex" as const),
          ci: fc.boolean(),
          value: sub,
          patterns: fc.array(patternArb, { minLength: 1, maxLength: 3 }),
          list: fc.boolean(),
        })
        .map(({ op, ci, value, patterns, list: isList }): Expr => {
          const asList = isList || patterns.length > 1;
          return {
            kind: "match",
            op,
            caseInsensitive: op === ":" ? true : ci,
            value,
            patterns: asList ? patterns : patterns.slice(0, 1),
            list: asList,
            span: S,
          };
        }),
    ),
  };
}).expr;

const categoryArb: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom("process", "file", "network", "any", "my category", "@x", "PROCESS", ""),
  fc.string({ maxLength: 6, unit: "grapheme" }),
);

const filterArb: fc.Arbitrary<EventFilter> = fc
  .record({ category: categoryArb, condition: exprArb })
  .map(({ category, condition }) => ({ kind: "filter", category, condition, span: S }));

const pipesArb: fc.Arbitrary<Pipe[]> = fc.array(
  fc.record({ kind: fc.constantFrom("head" as const, "tail" as const), count: fc.integer({ min: 0, max: 2147483647 }) }).map((p): Pipe => ({ ...p, span: S })),
  { maxLength: 2 },
);

const keysArb = (n: number) => fc.array(fieldArb, { minLength: n, maxLength: n });

const timeSpanArb: fc.Arbitrary<TimeSpan> = fc
  .record({ value: fc.integer({ min: 1, max: 100_000 }), unit: fc.constantFrom("ms" as const, "s" as const, "m" as const, "h" as const, "d" as const) })
  .map(({ value, unit }) => ({ value, unit, millis: value * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit], span: S }));

const eventQueryArb: fc.Arbitrary<Query> = fc
  .record({ filter: filterArb, pipes: pipesArb })
  .map(({ filter, pipes }) => ({ kind: "event", filter, pipes, span: S }));

const sequenceQueryArb: fc.Arbitrary<Query> = fc
  .record({ nKeys: fc.integer({ min: 0, max: 2 }), nStages: fc.integer({ min: 2, max: 4 }) })
  .chain(({ nKeys, nStages }) =>
    fc.record({
      by: fc.array(fieldArb, { maxLength: 2 }),
      maxspan: fc.option(timeSpanArb),
      stages: fc.array(
        fc.record({ filter: filterArb, by: keysArb(nKeys), runs: fc.integer({ min: 1, max: 100 }), missing: fc.boolean() }),
        { minLength: nStages, maxLength: nStages },
      ),
      until: fc.option(fc.record({ filter: filterArb, by: keysArb(nKeys) })),
      pipes: pipesArb,
    }),
  )
  .map(({ by, maxspan, stages, until, pipes }): Query => {
    // Elasticsearch's rules: missing stages need maxspan and at least one positive stage.
    const anyMissing = stages.some((s) => s.missing);
    const fixed: SequenceStage[] = stages.map((s, i) => ({ ...s, missing: i === 0 ? false : s.missing, span: S }));
    const span = anyMissing && maxspan === null ? { value: 1, unit: "h" as const, millis: 3_600_000, span: S } : maxspan;
    const u: UntilStage | null = until === null ? null : { ...until, span: S };
    return { kind: "sequence", by, maxspan: span, stages: fixed, until: u, pipes, span: S };
  });

const sampleQueryArb: fc.Arbitrary<Query> = fc
  .record({ nKeys: fc.integer({ min: 0, max: 2 }), nStages: fc.integer({ min: 2, max: 4 }) })
  .chain(({ nKeys, nStages }) =>
    fc.record({
      by: fc.array(fieldArb, { maxLength: 2 }),
      stages: fc.array(fc.record({ filter: filterArb, by: keysArb(nKeys) }), { minLength: nStages, maxLength: nStages }),
      pipes: pipesArb,
    }),
  )
  .map(({ by, stages, pipes }): Query => ({ kind: "sample", by, stages: stages.map((s): SampleStage => ({ ...s, span: S })), pipes, span: S }));

export const queryArb: fc.Arbitrary<Query> = fc.oneof(eventQueryArb, sequenceQueryArb, sampleQueryArb);
