// Wildcard patterns for `:` and `like`: `*`, `?`, no escapes, Lucene-style case folding, linear matching;
// and raw Lucene wildcard strings, where `\` escapes.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compileEquals, compileWildcard, hasWildcards } from "../../src/compile/wildcard.js";

/** Reference matcher: dynamic programming over code points (test oracle only). `escapes`: `\` quotes the next one. */
function reference(pattern: string, value: string, escapes = false): boolean {
  const chars = Array.from(pattern);
  const p: { c: string; literal: boolean }[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (escapes && chars[i] === "\\" && i + 1 < chars.length) p.push({ c: chars[++i] as string, literal: true });
    else p.push({ c: chars[i] as string, literal: false });
  }
  const v = Array.from(value);
  let row: boolean[] = new Array<boolean>(v.length + 1).fill(false);
  row[0] = true;
  for (const { c: pc, literal } of p) {
    const next: boolean[] = new Array<boolean>(v.length + 1).fill(false);
    if (literal) {
      for (let j = 1; j <= v.length; j++) next[j] = (row[j - 1] as boolean) && pc === v[j - 1];
    } else if (pc === "*") {
      let any = false;
      for (let j = 0; j <= v.length; j++) {
        any = any || (row[j] as boolean);
        next[j] = any;
      }
    } else {
      for (let j = 1; j <= v.length; j++) next[j] = (row[j - 1] as boolean) && (pc === "?" || pc === v[j - 1]);
    }
    row = next;
  }
  return row[v.length] as boolean;
}

test("hasWildcards: * or ? anywhere; backslash does not escape", () => {
  assert.equal(hasWildcards("abc"), false);
  assert.equal(hasWildcards("a*c"), true);
  assert.equal(hasWildcards("a?c"), true);
  assert.equal(hasWildcards("a\\*c"), true);
  assert.equal(hasWildcards(""), false);
});

test("case-sensitive table", () => {
  const cases: [string, string, boolean][] = [
    ["*", "", true],
    ["*", "anything", true],
    ["", "", true],
    ["", "a", false],
    ["a*", "abc", true],
    ["*c", "abc", true],
    ["*b*", "abc", true],
    ["a*c", "ac", true],
    ["a*a", "a", false],
    ["a*b*c", "aXbYc", true],
    ["a*b*c", "aXcYb", false],
    ["?", "", false],
    ["?", "é", true],
    ["?", "😀", true, ],
    ["??", "😀", false],
    ["1?", "10", true],
    ["1?", "1", false],
    ["1*", "1", true],
    ["C:\\Windows\\*.exe", "C:\\Windows\\cmd.exe", true],
    ["C:\\Windows\\*.exe", "C:\\Windows*.exe", false],
    ["%_", "%_", true],
    ["%_", "ab", false],
    ["*.EXE", "cmd.exe", false],
    ["*a*a*a*a*a*b", "a".repeat(50), false],
  ];
  for (const [pattern, value, expected] of cases) {
    assert.equal(compileWildcard(pattern, false)(value), expected, `${pattern} vs ${value}`);
  }
});

test("case-insensitive folds ASCII letters only (Elasticsearch's keyword queries)", () => {
  const m = (p: string, v: string): boolean => compileWildcard(p, true)(v);
  assert.equal(m("*.EXE", "cmd.exe"), true);
  assert.equal(m("C:\\WINDOWS\\*", "c:\\windows\\System32"), true);
  assert.equal(m("*PoWeRsHeLl*", "C:\\powershell.exe"), true);
  assert.equal(m("É*", "éx"), false, "non-ASCII letters are not folded");
  assert.equal(m("é*", "éx"), true);
  assert.equal(m("straße", "STRASSE"), false);
  assert.equal(m("ǅ", "ǆ"), false);
  assert.equal(m("σ", "Σ"), false);
  assert.equal(m("k", "\u212a"), false, "no Kelvin sign folding");
  assert.equal(m("?", "😀"), true);
  assert.equal(m("[", "["), true);
  assert.equal(m("@", "`"), false, "only letters have another case");
});

test("compileEquals: Java compareToIgnoreCase for computed values", () => {
  const eq = (a: string, b: string): boolean => compileEquals(a, true, "java")(b);
  assert.equal(eq("É", "é"), true, "simple Unicode case mappings");
  assert.equal(eq("ǅ", "Ǆ"), true);
  assert.equal(eq("ǅ", "ǆ"), true);
  assert.equal(eq("Σ", "ς"), true, "both upper-case to Σ");
  assert.equal(eq("straße", "STRASSE"), false, "no multi-character mappings");
  assert.equal(eq("İ", "i"), true, "upper cases differ (İ vs I) but lower cases of the upper cases agree");
  assert.equal(eq("ı", "I"), true, "dotless i upper-cases to I");
  assert.equal(eq("abc", "ab"), false);
  assert.equal(eq("😀", "😀"), true);
  assert.equal(eq("1*", "10"), false);
});

test("compileEquals: literal equality, `:` without wildcards and in~", () => {
  assert.equal(compileEquals("Cmd.EXE", true)("cmd.exe"), true);
  assert.equal(compileEquals("1*", true)("1*"), true);
  assert.equal(compileEquals("1*", true)("10"), false);
  assert.equal(compileEquals("a?", true)("ab"), false);
  assert.equal(compileEquals("abc", false)("ABC"), false);
  assert.equal(compileEquals("abc", false)("abc"), true);
  assert.equal(compileEquals("", true)(""), true);
});

test("property: case-sensitive matcher agrees with a DP reference", () => {
  const alphabet = fc.constantFrom("a", "b", "*", "?", "😀");
  const valueChars = fc.constantFrom("a", "b", "😀", "*", "?");
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 8 }), fc.array(valueChars, { maxLength: 10 }), (p, v) => {
      const pattern = p.join("");
      const value = v.join("");
      assert.equal(compileWildcard(pattern, false)(value), reference(pattern, value));
    }),
    { numRuns: 2000, seed: 42 },
  );
});

test("property: case-insensitive on ASCII equals matching lower-cased copies", () => {
  const chars = fc.constantFrom("a", "B", "c", "*", "?", "A", "b");
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 8 }), fc.array(fc.constantFrom("a", "A", "b", "B", "c", "C"), { maxLength: 10 }), (p, v) => {
      const pattern = p.join("");
      const value = v.join("");
      assert.equal(compileWildcard(pattern, true)(value), reference(pattern.toLowerCase(), value.toLowerCase()));
    }),
    { numRuns: 2000, seed: 7 },
  );
});

test("escapes (raw Lucene wildcard strings): `\\` makes the next character literal", () => {
  assert.equal(compileWildcard("a\\*", false, true)("a*"), true);
  assert.equal(compileWildcard("a\\*", false, true)("ab"), false);
  assert.equal(compileWildcard("a\\?c", false, true)("abc"), false);
  assert.equal(compileWildcard("C:\\\\*", false, true)("C:\\x"), true);
  assert.equal(compileWildcard("a\\", false, true)("a\\"), true, "a trailing backslash is itself");
  assert.equal(compileWildcard("A\\B*", true, true)("ab-x"), true);
  assert.equal(compileWildcard("a\\*", false)("a\\x"), true, "no escapes in EQL patterns");
  const chars = fc.constantFrom("a", "b", "*", "?", "\\", "😀");
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 8 }), fc.array(chars, { maxLength: 10 }), (p, v) => {
      const pattern = p.join("");
      const value = v.join("");
      assert.equal(compileWildcard(pattern, false, true)(value), reference(pattern, value, true));
    }),
    { numRuns: 2000, seed: 11 },
  );
});

test("no exponential blow-up on adversarial patterns", () => {
  const pattern = "*a".repeat(30) + "*b";
  const value = "a".repeat(20000);
  const start = process.hrtime.bigint();
  assert.equal(compileWildcard(pattern, false)(value), false);
  assert.equal(compileWildcard(pattern.replace(/a/g, "?"), true)(value), false);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.ok(ms < 2000, `took ${ms} ms`);
});
