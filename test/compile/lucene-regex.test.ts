// Lucene regex semantics (as Elasticsearch EQL uses them) on top of RE2.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compileLuceneRegex, PatternError, translateLuceneRegex } from "../../src/compile/lucene-regex.js";

const matches = (pattern: string, value: string, ci = false): boolean => compileLuceneRegex(pattern, ci)(value);

test("anchored on the whole value; ^ and $ are literal characters", () => {
  assert.equal(matches("abc", "abc"), true);
  assert.equal(matches("abc", "xabc"), false);
  assert.equal(matches("abc", "abcx"), false);
  assert.equal(matches("^abc$", "abc"), false);
  assert.equal(matches("^abc$", "^abc$"), true);
  assert.equal(matches("", ""), true);
  assert.equal(matches("", "a"), false);
});

test("QA-suite patterns", () => {
  const p1 = ".*?net[1]?  localgroup.*?";
  const p2 = ".*? myappserver.py .*?";
  assert.equal(matches(p1, "C:\\Windows\\system32\\net1  localgroup administrators findme2"), true);
  assert.equal(matches(p1, "net  localgroup"), true);
  assert.equal(matches(p1, "net localgroup administrators"), false, "two spaces required");
  assert.equal(matches(p2, "python myappserver.py --port 80"), true);
  assert.equal(matches(p2, "myappserver.py"), false);
});

test("`.` matches any code point including newline; `.*?` is `.*`", () => {
  assert.equal(matches("a.c", "a\nc"), true);
  assert.equal(matches(".", "😀"), true, "one code point");
  assert.equal(matches("..", "😀"), false);
  assert.equal(matches("a.*?", "a\n\nb"), true);
  assert.equal(matches("(a.*)?", ""), true);
});

test("quoted literal strings", () => {
  assert.equal(matches('"a.b"', "a.b"), true);
  assert.equal(matches('"a.b"', "axb"), false);
  assert.equal(matches('x"*+?"y', "x*+?y"), true);
  assert.equal(matches('"ab"+', "ababab"), true);
  assert.equal(matches('"ab"', "AB", true), true);
});

test("predefined classes are Lucene's ASCII ones", () => {
  assert.equal(matches("\\d+", "0123456789"), true);
  assert.equal(matches("\\d", "٣"), false, "no Unicode digits");
  assert.equal(matches("\\s", " "), true);
  assert.equal(matches("\\s", "\t"), true);
  assert.equal(matches("\\s", "\f"), false, "\\s is [ \\t\\n\\r] only");
  assert.equal(matches("\\S", "\f"), true);
  assert.equal(matches("\\w+", "a_Z9"), true);
  assert.equal(matches("\\w", "é"), false);
  assert.equal(matches("\\W", "é"), true);
  assert.equal(matches("[\\d\\s]+", "1 2"), true);
  assert.equal(matches("\\D", "a"), true);
});

test("escapes and reserved characters", () => {
  assert.equal(matches("a\\.b", "a.b"), true);
  assert.equal(matches("a\\.b", "axb"), false);
  assert.equal(matches("\\\\", "\\"), true);
  assert.equal(matches("\\@", "@"), true);
  assert.equal(matches("\\\"", '"'), true);
  assert.equal(matches("[\\]]", "]"), true);
  assert.equal(matches("[\\-a]", "-"), true);
  assert.equal(matches("*ab", "*ab"), true, "a leading * is a literal");
  assert.equal(matches("{a", "{a"), true, "a leading { is a literal");
  assert.equal(matches("a}", "a}"), true);
  assert.equal(matches("a]", "a]"), true);
  assert.equal(matches("[[]", "["), true, "[ inside a class is literal");
  assert.equal(matches("[^a]", "b"), true);
  assert.equal(matches("[^a]", "a"), false);
  assert.equal(matches("[a^]", "^"), true);
  assert.equal(matches("a-b", "a-b"), true);
  assert.equal(matches("[]a]+", "]a]"), true, "a ] first in a class is a member");
});

test("optional operators Elasticsearch enables: @ any string, # empty language, <n-m> intervals", () => {
  assert.equal(matches("a@", "a"), true);
  assert.equal(matches("a@", "a\nanything"), true);
  assert.equal(matches("user@host", "user-at-host"), true, "@ is any string, not a literal");
  assert.equal(matches("user\\@host", "user-at-host"), false);
  assert.equal(matches("#", ""), false);
  assert.equal(matches("#|x", "x"), true);
  assert.equal(matches("<1-10>", "7"), true);
  assert.equal(matches("<1-10>", "10"), true);
  assert.equal(matches("<1-10>", "11"), false);
  assert.equal(matches("<1-10>", "007"), true, "free width: leading zeros allowed");
  assert.equal(matches("<01-10>", "07"), true);
  assert.equal(matches("<01-10>", "7"), false, "same-width bounds fix the width");
  assert.equal(matches("<10-1>", "5"), true, "bounds are swapped");
  assert.equal(matches("port<8000-8080>", "port8080"), true);
});

test("repetition", () => {
  assert.equal(matches("a{2}", "aa"), true);
  assert.equal(matches("a{2}", "aaa"), false);
  assert.equal(matches("a{2,}", "aaaa"), true);
  assert.equal(matches("a{1,3}", "aaa"), true);
  assert.equal(matches("a{1,3}", "aaaa"), false);
  assert.equal(matches("[24][0-9]{3}", "4624"), true);
  assert.equal(matches("a**", "aaa"), true);
  assert.equal(matches("a+?", ""), true);
  assert.equal(matches("()", ""), true);
  assert.equal(matches("a()b", "ab"), true);
});

test("regex~ folds ASCII letters of characters and strings only (Lucene 9 ASCII_CASE_INSENSITIVE)", () => {
  assert.equal(matches("abc", "ABC", true), true);
  assert.equal(matches("[ab]+", "AB", true), true);
  assert.equal(matches("[^a]", "A", true), false, "negated classes exclude both cases");
  assert.equal(matches("[a-z]+", "ABC", true), false, "ranges are not folded");
  assert.equal(matches("é", "É", true), false, "non-ASCII is not folded");
  assert.equal(matches(".*\\$[0-9]+:[a-zA-Z_0-9]+:.*", "X$1:Ab:z", true), true);
  assert.equal(matches("abc", "ABC"), false);
});

test("errors Elasticsearch raises, and unsupported operators, are PatternErrors with offsets", () => {
  const cases: [string, number][] = [
    ["x(a&b)", 3],
    ["x~a", 1],
    ["(~a)*", 1],
    ["ab~", 3],
    ["a{", 2],
    ["[a", 2],
    ["\\n", 0],
    ["x\\t", 1],
    ["<abc>", 0],
    ["(a", 2],
    ["a)", 1],
    ['"abc', 4],
    ["[b-a]", 4],
    ["a{3,2}", 6],
    ["a\\", 2],
  ];
  for (const [pattern, offset] of cases) {
    assert.throws(
      () => compileLuceneRegex(pattern, false),
      (e: unknown) => e instanceof PatternError && e.offset === offset,
      `${pattern} should fail at ${offset}`,
    );
  }
  assert.throws(() => compileLuceneRegex("a{1001}", false), PatternError);
});

test("intersection and complement over whole alternatives", () => {
  assert.equal(matches("~(.*\\.exe)", "cmd.exe"), false);
  assert.equal(matches("~(.*\\.exe)", "cmd.dll"), true);
  assert.equal(matches("~a", ""), true);
  assert.equal(matches(".*foo.*&.*bar.*", "xbarfoo"), true);
  assert.equal(matches(".*foo.*&.*bar.*", "xfoo"), false);
  assert.equal(matches("a|~b", "a"), true);
  assert.equal(matches("a|~b", "c"), true);
  assert.equal(matches("a|~b", "b"), false);
  assert.equal(matches("(~b)", "c"), true, "parentheses do not matter");
  assert.equal(matches("~~a", "a"), true);
  assert.equal(matches("[~&]+", "~&"), true, "inside a class both are literal");
  assert.equal(matches("\\~\\&", "~&"), true);
  assert.equal(matches("~(abc)", "ABC", true), false, "case folding applies inside");
});

test("translation emits only RE2 syntax with explicit ranges", () => {
  assert.equal(translateLuceneRegex("abc", false), "(?:abc)");
  assert.equal(translateLuceneRegex(".", false), "(?s:.)");
  assert.equal(translateLuceneRegex("a", true), "[\\x{41}\\x{61}]");
});

test("property: numeric intervals accept exactly the numbers in range", () => {
  fc.assert(
    fc.property(fc.nat(2000), fc.nat(2000), fc.nat(3000), (a, b, x) => {
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      const free = compileLuceneRegex(`<${a}-${b}>`, false);
      assert.equal(free(String(x)), x >= lo && x <= hi, `<${a}-${b}> vs ${x}`);
      const sameWidth = String(a).length === String(b).length;
      assert.equal(free("0" + String(x)), !sameWidth && x >= lo && x <= hi, "leading zeros only with free width");
      const width = 4;
      const fixed = compileLuceneRegex(`<${String(a).padStart(width, "0")}-${String(b).padStart(width, "0")}>`, false);
      assert.equal(fixed(String(x).padStart(width, "0")), x >= lo && x <= hi);
      if (x < 1000) assert.equal(fixed(String(x)), false);
    }),
    { numRuns: 150, seed: 3 },
  );
});

test("property: simple patterns agree with an anchored JS regex (test oracle only)", () => {
  const atom = fc.constantFrom("a", "b", ".", "[ab]", "[^a]", "\\d", "(a|b)", "(ab|a)", "()");
  const op = fc.constantFrom("", "*", "+", "?", "{1,2}");
  const piece = fc.tuple(atom, op).map(([a, o]) => a + o);
  fc.assert(
    fc.property(fc.array(piece, { minLength: 1, maxLength: 5 }), fc.array(fc.constantFrom("a", "b", "1", "\n"), { maxLength: 8 }), (pieces, chars) => {
      const pattern = pieces.join("");
      const value = chars.join("");
      const oracle = new RegExp(`^(?:${pattern.replace(/\(\)/g, "(?:)")})$`, "su");
      assert.equal(matches(pattern, value), oracle.test(value), `${pattern} vs ${JSON.stringify(value)}`);
    }),
    { numRuns: 400, seed: 11 },
  );
});

test("linear time on a pattern that is catastrophic for backtracking engines", () => {
  const m = compileLuceneRegex("(a|a)*(a*)*b", false);
  const start = process.hrtime.bigint();
  assert.equal(m("a".repeat(5000)), false);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.ok(ms < 3000, `took ${ms} ms`);
});
