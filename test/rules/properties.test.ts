import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { wildcardMatch } from "../../src/rules/field-values.js";
import { compileIndexPatterns } from "../../src/rules/index-patterns.js";
import { parseRuleToml } from "../../src/rules/parse-toml.js";

/** Reference: the wildcard pattern as an anchored regular expression. */
function reference(pattern: string, text: string): boolean {
  let re = "";
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "\\" && i + 1 < chars.length) re += chars[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "u").test(text);
}

const alphabet = fc.constantFrom("a", "b", "*", "?", "\\", "é", "😀");
const small = fc.array(alphabet, { maxLength: 8 }).map((a) => a.join(""));

test("wildcardMatch agrees with an anchored-regex reference", () => {
  fc.assert(
    fc.property(small, small, (p, t) => {
      assert.equal(wildcardMatch(p, t), reference(p, t));
    }),
    { numRuns: 3000, seed: 42 },
  );
});

test("index patterns: an exclusion after an inclusion removes exactly what it matches", () => {
  const name = fc.array(fc.constantFrom("a", "b", "-", "."), { minLength: 1, maxLength: 5 }).map((a) => "l" + a.join(""));
  const pat = fc.array(fc.constantFrom("a", "b", "-", ".", "*"), { minLength: 1, maxLength: 4 }).map((a) => "l" + a.join(""));
  fc.assert(
    fc.property(pat, pat, name, (inc, exc, index) => {
      const both = compileIndexPatterns([inc, `-${exc}`])(index);
      assert.equal(both, compileIndexPatterns([inc])(index) && !compileIndexPatterns([exc])(index));
    }),
    { numRuns: 2000, seed: 7 },
  );
});

test("TOML query origin: the query text is found at its origin, whatever strings precede it", () => {
  const line = fc.string({ maxLength: 30 }).filter((s) => !s.includes("'''") && !s.includes('"""') && !s.includes("\r") && !s.includes("\\"));
  const lines = fc.array(line, { maxLength: 5 }).map((l) => l.join("\n"));
  fc.assert(
    fc.property(lines, lines, (note, body) => {
      const query = `process where true\n${body}`.replace(/'+$/, "");
      const text = `[rule]
note = """
[rule]
query = '''
${note}
"""
name = 'n'
description = "d"
risk_score = 21
severity = "low"
rule_id = "x"
type = "eql"
query = '''
${query}'''
`;
      const r = parseRuleToml(text, "p.toml").rules[0]!;
      assert.equal(r.query, query);
      const o = r.queryOrigin!;
      const offset = text.split("\n").slice(0, o.line - 1).reduce((n, l) => n + l.length + 1, 0) + o.column - 1;
      assert.equal(text.slice(offset, offset + query.length), query);
    }),
    { numRuns: 300, seed: 3 },
  );
});
