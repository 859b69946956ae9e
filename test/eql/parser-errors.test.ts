// Table tests: queries Elasticsearch rejects → error code, position and the rendered diagnostic, verbatim.

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseQuery } from "../../src/eql/parser.js";
import { QueryError, renderDiagnostic } from "../../src/diag/diagnostic.js";

function error(text: string, origin?: string): QueryError {
  try {
    parseQuery(text, origin);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  assert.fail(`expected a QueryError for ${JSON.stringify(text)}`);
}

// [query, code, rendered diagnostic]
const INVALID: readonly [string, string, string][] = [
  ["process where a = 1", "EQL1001", "line 1:17: unexpected '='; expected an operator\n  process where a = 1\n                  ^\n  hint: use '==' to compare"],
  ["process where a == b == c", "EQL1001", "line 1:22: unexpected '=='; expected 'and', 'or' or the end of the condition\n  process where a == b == c\n                       ^^\n  hint: comparisons do not chain; combine them with 'and' or use parentheses"],
  ["process WHERE true", "EQL1001", "line 1:9: unexpected identifier 'WHERE'; expected 'where'\n  process WHERE true\n          ^^^^^\n  hint: keywords are lowercase: write 'where'"],
  ["process where a AND b", "EQL1001", "line 1:17: unexpected identifier 'AND'; expected '|' or end of query\n  process where a AND b\n                  ^^^\n  hint: keywords are lowercase: write 'and'"],
  ["join by a [a where true] [b where true]", "EQL1010", "line 1:1: 'join' queries are not supported by Elasticsearch EQL\n  join by a [a where true] [b where true]\n  ^^^^\n  hint: use a sequence instead"],
  ["process where x[0] == 1", "EQL1010", "line 1:16: array indexes are not supported\n  process where x[0] == 1\n                 ^^^"],
  ["process where x == 'a'", "EQL1008", "line 1:20: single-quoted strings are not supported; use double quotes (\")\n  process where x == 'a'\n                     ^"],
  ["process where x == ?\"a\"", "EQL1008", "line 1:20: '?\"' strings are not supported; use triple double quotes (\"\"\"...\"\"\") for unescaped strings\n  process where x == ?\"a\"\n                     ^^"],
  ["process where x == \"a\\w\"", "EQL1003", "line 1:22: invalid escape sequence '\\w' in string\n  process where x == \"a\\w\"\n                       ^^\n  hint: valid escapes are \\b \\t \\n \\f \\r \\\" \\' \\\\ and \\u{hex}; write \\\\ for a backslash or use a raw \"\"\"...\"\"\" string"],
  ["process where x == \"abc", "EQL1002", "line 1:20: unterminated string: missing closing '\"'\n  process where x == \"abc\n                     ^^^^"],
  ["process where x == \"a\nb\"", "EQL1002", "line 1:20: unterminated string: line break before the closing '\"'\n  process where x == \"a\n                     ^^\n  hint: strings cannot span lines; write \\n for a line break"],
  ["process where x == \"\"\"abc", "EQL1002", "line 1:20: unterminated raw string: missing closing '\"\"\"' on the same line\n  process where x == \"\"\"abc\n                     ^^^^^^"],
  ["process where x == \"\\u{1}\"", "EQL1003", "line 1:21: unicode escape must have 2 to 8 hex digits; [\\u{1}] has 1\n  process where x == \"\\u{1}\"\n                      ^^^^^"],
  ["process where x == \"\\u{D800}\"", "EQL1003", "line 1:21: invalid unicode character code [D800]: it is a surrogate\n  process where x == \"\\u{D800}\"\n                      ^^^^^^^^"],
  ["process where x == \"\\u{110000}\"", "EQL1003", "line 1:21: invalid unicode character code [110000]: beyond U+10FFFF\n  process where x == \"\\u{110000}\"\n                      ^^^^^^^^^^"],
  ["process where x == \"\\u41\"", "EQL1003", "line 1:21: invalid unicode escape: expected '{' after '\\u' (write \\u{XXXX})\n  process where x == \"\\u41\"\n                      ^^"],
  ["process where `abc == 1", "EQL1006", "line 1:15: unterminated backquoted identifier: missing closing '`'\n  process where `abc == 1\n                ^^^^^^^^^"],
  ["process where a /* open", "EQL1005", "line 1:17: unterminated comment: '/*' has no matching '*/'\n  process where a /* open\n                  ^^"],
  ["process where a # b", "EQL1004", "line 1:17: unexpected character '#'\n  process where a # b\n                  ^"],
  ["process where a ! b", "EQL1004", "line 1:17: unexpected character '!'\n  process where a ! b\n                  ^\n  hint: use '!=' for inequality or 'not' for negation"],
  ["process where a && b", "EQL1004", "line 1:17: unexpected character '&'\n  process where a && b\n                  ^\n  hint: use 'and'"],
  ["process where a not like \"x\"", "EQL1001", "line 1:17: unexpected 'not'; expected an operator\n  process where a not like \"x\"\n                  ^^^\n  hint: 'not' after a value must be followed by 'in'; to negate a condition put 'not' before it"],
  ["process where x : y", "EQL1001", "line 1:19: unexpected identifier 'y'; expected a string, number, boolean or null (patterns must be constants)\n  process where x : y\n                    ^"],
  ["process where x : -1", "EQL1001", "line 1:19: unexpected '-'; expected a string, number, boolean or null (patterns must be constants)\n  process where x : -1\n                    ^"],
  ["process where x in ()", "EQL1001", "line 1:21: unexpected ')'; expected a value, field or function call\n  process where x in ()\n                      ^"],
  ["process where f(", "EQL1001", "line 1:17: unexpected end of query; expected a value, field or function call\n  process where f(\n                  ^"],
  ["process where descendant of [process where true]", "EQL1010", "line 1:15: process relationship 'descendant of' is not supported by Elasticsearch EQL\n  process where descendant of [process where true]\n                ^^^^^^^^^^^^^"],
  ["process where child of [process where true]", "EQL1010", "line 1:15: process relationship 'child of' is not supported by Elasticsearch EQL\n  process where child of [process where true]\n                ^^^^^^^^"],
  ["process where event of [process where true]", "EQL1010", "line 1:15: process relationship 'event of' is not supported by Elasticsearch EQL\n  process where event of [process where true]\n                ^^^^^^^^"],
  ["sequence [a where true]", "EQL1022", "line 1:1: a sequence requires at least 2 stages, found 1\n  sequence [a where true]\n  ^^^^^^^^^^^^^^^^^^^^^^^\n  hint: add another [category where condition] stage, or use 'with runs=N'"],
  ["sequence [a where true] until [b where true]", "EQL1022", "line 1:1: a sequence requires at least 2 stages, found 1\n  sequence [a where true] until [b where true]\n  ^^^^^^^^^^^^^^^^^^^^^^^\n  hint: add another [category where condition] stage, or use 'with runs=N'"],
  ["sequence", "EQL1001", "line 1:9: unexpected end of query; expected '[' to start the first sequence stage\n  sequence\n          ^"],
  ["sample [a where true]", "EQL1022", "line 1:1: a sample requires at least 2 stages, found 1\n  sample [a where true]\n  ^^^^^^^^^^^^^^^^^^^^^"],
  ["sample by h [a where true] [b where true] until [c where true]", "EQL1010", "line 1:43: 'until' is not supported on samples\n  sample by h [a where true] [b where true] until [c where true]\n                                            ^^^^^"],
  ["sample by h [a where true] ![b where true]", "EQL1026", "line 1:28: missing-event stages '![…]' are only allowed in sequences\n  sample by h [a where true] ![b where true]\n                             ^^"],
  ["sequence with maxspan=1h by a [a where true] [b where true]", "EQL1021", "line 1:1: specify the sequence 'by' keys before 'with maxspan', not after\n  sequence with maxspan=1h by a [a where true] [b where true]\n  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  hint: move 'by a…' before 'with'"],
  ["sequence with maxspan=5 [a where true] [b where true]", "EQL1020", "line 1:23: no time unit given; did you mean [5s]?\n  sequence with maxspan=5 [a where true] [b where true]\n                        ^\n  hint: units: ms, s, m, h, d"],
  ["sequence with maxspan=5sec [a where true] [b where true]", "EQL1020", "line 1:24: unknown time unit [sec] in [5sec]; use one of ms, s, m, h, d\n  sequence with maxspan=5sec [a where true] [b where true]\n                         ^^^"],
  ["sequence with maxspan=1.5h [a where true] [b where true]", "EQL1020", "line 1:23: decimal time interval [1.5] is not supported; use a positive integer\n  sequence with maxspan=1.5h [a where true] [b where true]\n                        ^^^"],
  ["sequence with maxspan=0s [a where true] [b where true]", "EQL1020", "line 1:23: maxspan must be positive; found [0]\n  sequence with maxspan=0s [a where true] [b where true]\n                        ^"],
  ["sequence by a [a where true] by b [b where true]", "EQL1023", "line 1:35: inconsistent number of join keys: expected 1 but found 0\n  sequence by a [a where true] by b [b where true]\n                                    ^^^^^^^^^^^^^^\n  hint: every stage needs the same number of 'by' keys"],
  ["sequence [a where true] by x [b where true]", "EQL1023", "line 1:30: inconsistent number of join keys: expected 1 but found 0\n  sequence [a where true] by x [b where true]\n                               ^^^^^^^^^^^^^^\n  hint: every stage needs the same number of 'by' keys"],
  ["sequence by a * 2 [a where true] [b where true]", "EQL1024", "line 1:13: a join key must be a field name\n  sequence by a * 2 [a where true] [b where true]\n              ^^^^^\n  hint: expressions and functions cannot be used after 'by'"],
  ["sequence by f(a) [a where true] [b where true]", "EQL1024", "line 1:13: a join key must be a field name\n  sequence by f(a) [a where true] [b where true]\n              ^^^^\n  hint: expressions and functions cannot be used after 'by'"],
  ["sequence [a where true] with runs=0 [b where true]", "EQL1025", "line 1:35: 'runs' must be between 1 and 100; found [0]\n  sequence [a where true] with runs=0 [b where true]\n                                    ^"],
  ["sequence [a where true] with runs=101 [b where true]", "EQL1025", "line 1:35: 'runs' must be between 1 and 100; found [101]\n  sequence [a where true] with runs=101 [b where true]\n                                    ^^^"],
  ["sequence [a where true] with runs=1.5 [b where true]", "EQL1025", "line 1:35: 'runs' must be an integer between 1 and 100\n  sequence [a where true] with runs=1.5 [b where true]\n                                    ^^^"],
  ["sequence [a where true] with times=2 [b where true]", "EQL1025", "line 1:30: unknown stage option [times]; expected 'runs'\n  sequence [a where true] with times=2 [b where true]\n                               ^^^^^"],
  ["sequence [a where true] [b where true] with maxspan=1h", "EQL1020", "line 1:45: 'with maxspan' belongs in the sequence header, before the first stage\n  sequence [a where true] [b where true] with maxspan=1h\n                                              ^^^^^^^"],
  ["sequence [a where true] fork [b where true]", "EQL1010", "line 1:25: sequence 'fork' is not supported\n  sequence [a where true] fork [b where true]\n                          ^^^^"],
  ["sequence with maxspan=1h ![a where true] ![b where true]", "EQL1026", "line 1:1: a sequence needs at least one stage that is not a missing-event stage '![…]'\n  sequence with maxspan=1h ![a where true] ![b where true]\n  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"],
  ["sequence ![a where true] [b where true]", "EQL1026", "line 1:10: a sequence with missing-event stages '![…]' requires 'with maxspan'\n  sequence ![a where true] [b where true]\n           ^^^^^^^^^^^^^^^"],
  ["sequence with maxspan=1h [a where true] [b where true] until ![c where true]", "EQL1026", "line 1:62: the 'until' stage cannot be a missing-event stage '![…]'\n  sequence with maxspan=1h [a where true] [b where true] until ![c where true]\n                                                               ^^"],
  ["process where true | unique a", "EQL1010", "line 1:22: pipe [unique] is not supported by Elasticsearch EQL\n  process where true | unique a\n                       ^^^^^^\n  hint: supported pipes are 'head' and 'tail'"],
  ["process where true | filter a", "EQL1010", "line 1:22: pipe [filter] is not supported by Elasticsearch EQL\n  process where true | filter a\n                       ^^^^^^\n  hint: supported pipes are 'head' and 'tail'"],
  ["process where true | sort a", "EQL1010", "line 1:22: pipe [sort] is not supported by Elasticsearch EQL\n  process where true | sort a\n                       ^^^^\n  hint: supported pipes are 'head' and 'tail'"],
  ["process where true | count", "EQL1010", "line 1:22: pipe [count] is not supported by Elasticsearch EQL\n  process where true | count\n                       ^^^^^\n  hint: supported pipes are 'head' and 'tail'"],
  ["process where true | HEAD 5", "EQL1011", "line 1:22: unknown pipe [HEAD]\n  process where true | HEAD 5\n                       ^^^^\n  hint: did you mean 'head'? supported pipes are 'head' and 'tail'"],
  ["process where true | frobnicate", "EQL1011", "line 1:22: unknown pipe [frobnicate]\n  process where true | frobnicate\n                       ^^^^^^^^^^\n  hint: supported pipes are 'head' and 'tail'"],
  ["process where true | head", "EQL1012", "line 1:20: pipe [head] expects exactly one argument but found 0\n  process where true | head\n                     ^^^^^^"],
  ["process where true | head 1, 2", "EQL1012", "line 1:20: pipe [head] expects exactly one argument but found 2\n  process where true | head 1, 2\n                     ^^^^^^^^^^^"],
  ["process where true | head -1", "EQL1012", "line 1:27: pipe [head] expects a non-negative integer but found [-1]\n  process where true | head -1\n                            ^^"],
  ["process where true | head 1.5", "EQL1012", "line 1:27: pipe [head] expects a non-negative integer but found [1.5]\n  process where true | head 1.5\n                            ^^^"],
  ["process where true | head a", "EQL1012", "line 1:27: pipe [head] expects a non-negative integer but found [a]\n  process where true | head a\n                            ^"],
  ["process where true | head 1 + \"a\"", "EQL1012", "line 1:27: pipe [head] expects a non-negative integer but found [1 + \"a\"]\n  process where true | head 1 + \"a\"\n                            ^^^^^^^"],
  ["process where true extra", "EQL1001", "line 1:20: unexpected identifier 'extra'; expected '|' or end of query\n  process where true extra\n                     ^^^^^"],
  ["[process where true] [file where true]", "EQL1001", "line 1:1: unexpected '['; expected an event category, 'any', 'sequence' or 'sample'\n  [process where true] [file where true]\n  ^"],
  ["`process` where true", "EQL1001", "line 1:1: an event category cannot be backquoted\n  `process` where true\n  ^^^^^^^^^\n  hint: write it as a string: \"process\""],
  ["where true", "EQL1001", "line 1:1: unexpected 'where'; expected an event category, 'any', 'sequence' or 'sample'\n  where true\n  ^^^^^"],
  ["process true", "EQL1001", "line 1:9: unexpected 'true'; expected 'where'\n  process true\n          ^^^^"],
  ["process where", "EQL1001", "line 1:14: unexpected end of query; expected a value, field or function call\n  process where\n               ^"],
  ["process where 1e999 > 0", "EQL1007", "line 1:15: number [1e999] is too large\n  process where 1e999 > 0\n                ^^^^^"],
  ["process where (((a)", "EQL1001", "line 1:20: unexpected end of query; expected ')'\n  process where (((a)\n                     ^"],
  ["process where a in~ 1", "EQL1001", "line 1:21: unexpected integer '1'; expected '(' to start the list\n  process where a in~ 1\n                      ^"],
  ["process where `and`~(a)", "EQL1004", "line 1:20: unexpected character '~'\n  process where `and`~(a)\n                     ^\n  hint: '~' may only follow a function name or in/like/regex, without a space"],
  ["process where _f~(a)", "EQL1004", "line 1:17: unexpected character '~'\n  process where _f~(a)\n                  ^\n  hint: '~' may only follow a function name or in/like/regex, without a space"],
];

for (const [text, code, rendered] of INVALID) {
  test(`rejects ${JSON.stringify(text)}`, () => {
    const err = error(text);
    assert.equal(err.diagnostics.length, 1);
    const d = err.diagnostics[0]!;
    assert.equal(d.code, code);
    assert.equal(d.source, text);
    assert.equal(renderDiagnostic(d), rendered);
  });
}

test("diagnostics carry the origin and render file:line:col", () => {
  const text = "sequence by user.name\n  [process where a == 1]\n  [file where b = 2]";
  const err = error(text, "rules/x.toml");
  const d = err.diagnostics[0]!;
  assert.equal(d.origin, "rules/x.toml");
  assert.equal(d.code, "EQL1001");
  assert.deepEqual(d.span, { start: 63, end: 64 });
  assert.equal(
    err.render(),
    "rules/x.toml:3:17: unexpected '='; expected an operator\n    [file where b = 2]\n                  ^\n  hint: use '==' to compare",
  );
});

test("errors are QueryErrors with EQL1xxx codes and spans inside the text", () => {
  for (const [text] of INVALID) {
    const d = error(text).diagnostics[0]!;
    assert.match(d.code, /^EQL1\d{3}$/);
    assert.ok(d.span !== undefined && d.span.start >= 0 && d.span.end <= text.length + 1 && d.span.start < d.span.end, text);
  }
});

test("deep nesting is refused with EQL1030, not a stack overflow", () => {
  for (const opener of ["(", "not ", "-", "f("]) {
    const text = `process where ${opener.repeat(100_000)}a`;
    assert.equal(error(text).diagnostics[0]!.code, "EQL1030", opener);
  }
});

test("very long operator chains are refused with EQL1030 (bounded tree depth for recursive consumers)", () => {
  for (const op of [" + ", " or ", " and ", " * "]) {
    const text = `process where ${Array.from({ length: 5000 }, (_, i) => `a${i}`).join(op)}`;
    assert.equal(error(text).diagnostics[0]!.code, "EQL1030", op);
  }
  // but long chains within the bound are fine
  parseQuery(`process where ${Array.from({ length: 900 }, (_, i) => `a${i} == ${i}`).join(" or ")}`);
});
