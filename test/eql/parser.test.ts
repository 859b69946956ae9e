// Table tests: valid EQL → expected AST (spans stripped), for expressions and whole queries.

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseQuery } from "../../src/eql/parser.js";
import type { Expr, Query } from "../../src/eql/ast.js";
import {
  and,
  arith,
  bool,
  call,
  cmp,
  dbl,
  field,
  fieldSegs,
  inList,
  int,
  match,
  neg,
  not,
  NULL,
  or,
  S,
  str,
  stripSpans,
} from "./helpers.js";

function condition(text: string): Expr {
  const q = parseQuery(`process where ${text}`);
  assert.equal(q.kind, "event");
  return q.filter.condition;
}

const a = field("a");
const b = field("b");
const c = field("c");

const EXPRESSIONS: readonly [string, Expr][] = [
  // literals
  ["true", bool(true)],
  ["false", bool(false)],
  ["null", NULL],
  ["42", int(42)],
  ["0", int(0)],
  ["1.5", dbl(1.5)],
  ["1.", dbl(1)],
  [".5", dbl(0.5)],
  ["1e3", dbl(1000)],
  ["2.5E-2", dbl(0.025)],
  ["9223372036854775807", int(9223372036854775807)],
  ["9223372036854775808", dbl(9223372036854775808)],
  ['"a\\tb\\n\\r\\"\\\'\\\\\\b\\f"', str("a\tb\n\r\"'\\\b\f")],
  ['"\\u{41}\\u{1F600}\\u{00e9}"', str("A\u{1F600}é")],
  ['"""C:\\Windows\\"""', str("C:\\Windows\\")],
  ['""""quoted"""""', str('"quoted""')],
  ['""', str("")],
  ['"ünïcödé ✓"', str("ünïcödé ✓")],
  // fields
  ["a", a],
  ["process.name", field("process.name")],
  ["@timestamp", field("@timestamp")],
  ["_x1.y_2", field("_x1.y_2")],
  ["?a.b", field("a.b", true)],
  ["`a.b`", fieldSegs(["a.b"])],
  ["a.`0`.b", fieldSegs(["a", "0", "b"])],
  ["`sequence`", fieldSegs(["sequence"])],
  ["`x``y`", fieldSegs(["x`y"])],
  ["?`my field`.`ü`", fieldSegs(["my field", "ü"], true)],
  ["process.`any`", fieldSegs(["process", "any"])],
  // boolean precedence
  ["a or b and c", or(a, and(b, c))],
  ["a and b or c", or(and(a, b), c)],
  ["a or b or c", or(or(a, b), c)],
  ["a and (b or c)", and(a, or(b, c))],
  ["not a and b", and(not(a), b)],
  ["not not a", not(not(a))],
  ["not a == b", not(cmp("==", a, b))],
  ["not (a or b)", not(or(a, b))],
  // comparisons and arithmetic
  ["a == 1", cmp("==", a, int(1))],
  ["a != b", cmp("!=", a, b)],
  ["a < 1 and a <= 2 and a > 3 and a >= 4", and(and(and(cmp("<", a, int(1)), cmp("<=", a, int(2))), cmp(">", a, int(3))), cmp(">=", a, int(4)))],
  ["a + b * c", arith("+", a, arith("*", b, c))],
  ["(a + b) * c", arith("*", arith("+", a, b), c)],
  ["a - b - c", arith("-", arith("-", a, b), c)],
  ["a / b % c", arith("%", arith("/", a, b), c)],
  ["a + 1 == b * 2", cmp("==", arith("+", a, int(1)), arith("*", b, int(2)))],
  ["-5", neg(int(5))],
  ["+5", int(5)],
  ["- -a", neg(neg(a))],
  ["-a * b", arith("*", neg(a), b)],
  ["a * -b", arith("*", a, neg(b))],
  ["a-1", arith("-", a, int(1))],
  // predicates bind to a primary
  ["a in (1, 2)", inList(a, [int(1), int(2)])],
  ["a in~ (\"x\")", inList(a, [str("x")], { ci: true })],
  ["a not in (1)", inList(a, [int(1)], { negated: true })],
  ["a not in~ (\"x\", b)", inList(a, [str("x"), b], { ci: true, negated: true })],
  ["not a in (1)", not(inList(a, [int(1)]))],
  ["a + b in (1)", arith("+", a, inList(b, [int(1)]))],
  ["(a + b) in (1)", inList(arith("+", a, b), [int(1)])],
  ["-a in (1)", neg(inList(a, [int(1)]))],
  ["a in (b + 1, c or a)", inList(a, [arith("+", b, int(1)), or(c, a)])],
  ["a : \"x*\"", match(":", a, [str("x*")])],
  ["a : (\"x\", \"y\")", match(":", a, [str("x"), str("y")], { list: true })],
  ["a : (\"x\")", match(":", a, [str("x")], { list: true })],
  ["a like \"x\"", match("like", a, [str("x")])],
  ["a like~ (\"x\", \"y\")", match("like", a, [str("x"), str("y")], { ci: true, list: true })],
  ["a regex \"x.*\"", match("regex", a, [str("x.*")])],
  ["a regex~ \"x\"", match("regex", a, [str("x")], { ci: true })],
  ["a : 1", match(":", a, [int(1)])],
  ["a : null", match(":", a, [NULL])],
  ["f(a) : \"x\"", match(":", call("f", [a]), [str("x")])],
  ["a : \"x\" == true", cmp("==", match(":", a, [str("x")]), bool(true))],
  // calls
  ["length(a) > 2", cmp(">", call("length", [a]), int(2))],
  ["startsWith~(a, \"x\")", call("startsWith", [a, str("x")], true)],
  ["CONCAT(a, b)", call("CONCAT", [a, b])],
  ["f()", call("f", [])],
  ["f(g(a), not b, 1 + 2)", call("f", [call("g", [a]), not(b), arith("+", int(1), int(2))])],
  ["and~(a)", call("and", [a], true)],
  // comments and whitespace
  ["a /* c */ ==\t// line\n\r 1", cmp("==", a, int(1))],
  ["a == /* /* nested */ */ 1", cmp("==", a, int(1))],
];

for (const [text, expected] of EXPRESSIONS) {
  test(`expression: ${JSON.stringify(text)}`, () => {
    assert.deepEqual(stripSpans(condition(text)), stripSpans(expected));
  });
}

function filter(category: string | null, cond: Expr) {
  return { kind: "filter" as const, category, condition: cond, span: S };
}

const QUERIES: readonly [string, Query][] = [
  ["process where true", { kind: "event", filter: filter("process", bool(true)), pipes: [], span: S }],
  ["any where true", { kind: "event", filter: filter(null, bool(true)), pipes: [], span: S }],
  ['"process" where true', { kind: "event", filter: filter("process", bool(true)), pipes: [], span: S }],
  ['"any" where true', { kind: "event", filter: filter("any", bool(true)), pipes: [], span: S }],
  ['"my category" where true', { kind: "event", filter: filter("my category", bool(true)), pipes: [], span: S }],
  [
    "process where true | head 5 | tail 2",
    {
      kind: "event",
      filter: filter("process", bool(true)),
      pipes: [
        { kind: "head", count: 5, span: S },
        { kind: "tail", count: 2, span: S },
      ],
      span: S,
    },
  ],
  ["process where true | head 2 * 3 - 1", { kind: "event", filter: filter("process", bool(true)), pipes: [{ kind: "head", count: 5, span: S }], span: S }],
  ["process where true | tail 0", { kind: "event", filter: filter("process", bool(true)), pipes: [{ kind: "tail", count: 0, span: S }], span: S }],
  [
    "sequence [process where true] [file where false]",
    {
      kind: "sequence",
      by: [],
      maxspan: null,
      stages: [
        { filter: filter("process", bool(true)), by: [], runs: 1, missing: false, span: S },
        { filter: filter("file", bool(false)), by: [], runs: 1, missing: false, span: S },
      ],
      until: null,
      pipes: [],
      span: S,
    },
  ],
  [
    "sequence by host.id, ?user.name with maxspan=30s\n  [process where a] by p.pid\n  ![file where b] by f.pid with runs=2\n  until [any where c] by x | head 1",
    {
      kind: "sequence",
      by: [field("host.id"), field("user.name", true)],
      maxspan: { value: 30, unit: "s", millis: 30_000, span: S },
      stages: [
        { filter: filter("process", a), by: [field("p.pid")], runs: 1, missing: false, span: S },
        { filter: filter("file", b), by: [field("f.pid")], runs: 2, missing: true, span: S },
      ],
      until: { filter: filter(null, c), by: [field("x")], span: S },
      pipes: [{ kind: "head", count: 1, span: S }],
      span: S,
    },
  ],
  [
    "sequence with maxspan=1h [a where true] with runs=2",
    {
      kind: "sequence",
      by: [],
      maxspan: { value: 1, unit: "h", millis: 3_600_000, span: S },
      stages: [{ filter: filter("a", bool(true)), by: [], runs: 2, missing: false, span: S }],
      until: null,
      pipes: [],
      span: S,
    },
  ],
  [
    "sequence by (k) [a where true] [b where true]",
    {
      kind: "sequence",
      by: [field("k")],
      maxspan: null,
      stages: [
        { filter: filter("a", bool(true)), by: [], runs: 1, missing: false, span: S },
        { filter: filter("b", bool(true)), by: [], runs: 1, missing: false, span: S },
      ],
      until: null,
      pipes: [],
      span: S,
    },
  ],
  [
    "sample by host [a where true] by x [b where false] by y",
    {
      kind: "sample",
      by: [field("host")],
      stages: [
        { filter: filter("a", bool(true)), by: [field("x")], span: S },
        { filter: filter("b", bool(false)), by: [field("y")], span: S },
      ],
      pipes: [],
      span: S,
    },
  ],
];

for (const [text, expected] of QUERIES) {
  test(`query: ${JSON.stringify(text)}`, () => {
    assert.deepEqual(stripSpans(parseQuery(text)), stripSpans(expected));
  });
}

test("maxspan units convert to milliseconds", () => {
  const cases: [string, number][] = [
    ["10ms", 10],
    ["10s", 10_000],
    ["10m", 600_000],
    ["10h", 36_000_000],
    ["10d", 864_000_000],
    ["10 s", 10_000],
  ];
  for (const [text, millis] of cases) {
    const q = parseQuery(`sequence with maxspan=${text} [a where true] [b where true]`);
    assert.equal(q.kind, "sequence");
    assert.equal(q.maxspan?.millis, millis, text);
  }
});

test("spans cover the source text of nodes", () => {
  const text = 'sequence by h with maxspan=5m [process where ?p.name : "x" and length(a) > 1] [file where b in (1, 2)] | head 3';
  const q = parseQuery(text);
  assert.equal(q.kind, "sequence");
  const at = (s: { start: number; end: number }) => text.slice(s.start, s.end);
  assert.equal(at(q.span), text);
  assert.equal(at(q.maxspan!.span), "5m");
  const first = q.stages[0]!;
  assert.equal(at(first.span), '[process where ?p.name : "x" and length(a) > 1]');
  assert.equal(at(first.filter.span), 'process where ?p.name : "x" and length(a) > 1');
  const cond = first.filter.condition;
  assert.equal(cond.kind, "logical");
  if (cond.kind === "logical") {
    assert.equal(at(cond.left.span), '?p.name : "x"');
    assert.equal(at(cond.right.span), "length(a) > 1");
  }
  assert.equal(at(q.pipes[0]!.span), "| head 3");
  assert.equal(at(q.stages[1]!.filter.condition.span), "b in (1, 2)");
});

test("keywords are case-sensitive: uppercase words are identifiers", () => {
  const e = condition("AND == OR");
  assert.deepEqual(stripSpans(e), stripSpans(cmp("==", field("AND"), field("OR"))));
});
