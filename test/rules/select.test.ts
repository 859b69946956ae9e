import assert from "node:assert/strict";
import { test } from "node:test";
import { checkFilterOptions, ruleFilter, ruleOperatingSystems } from "../../src/rules/filter.js";
import type { RuleSpec } from "../../src/rules/model.js";
import { selectRules } from "../../src/rules/select.js";
import { seedRule } from "../../src/rules/builtin/seed-rule.js";

function rule(over: Partial<RuleSpec>): RuleSpec {
  return { ...seedRule(), tags: [], query: "any where true", ...over };
}

test("OS from tags and from host.os.type in the query", () => {
  assert.deepEqual([...ruleOperatingSystems(seedRule())], ["macos"]);
  assert.deepEqual([...ruleOperatingSystems(rule({ query: 'process where host.os.type in ("linux", "windows")' }))].sort(), ["linux", "windows"]);
  assert.deepEqual([...ruleOperatingSystems(rule({ query: 'process where host.os.type : "windows"' }))], ["windows"]);
  assert.deepEqual([...ruleOperatingSystems(rule({ tags: ["OS: Windows", "OS: Linux"] }))].sort(), ["linux", "windows"]);
  assert.deepEqual([...ruleOperatingSystems(rule({}))], []);
});

test("filters: rule id, tag, os, severity; options AND, values OR", () => {
  const a = rule({ ruleId: "a", tags: ["OS: Windows", "Tactic: Execution"], severity: "high" });
  const b = rule({ ruleId: "b", tags: ["Domain: Cloud"], severity: "low" });
  const pick = (o: Parameters<typeof ruleFilter>[0]) => [a, b].filter(ruleFilter(o)).map((r) => r.ruleId);
  assert.deepEqual(pick({}), ["a", "b"]);
  assert.deepEqual(pick({ ruleIds: ["b"] }), ["b"]);
  assert.deepEqual(pick({ tags: ["tactic: execution"] }), ["a"]);
  assert.deepEqual(pick({ tags: ["Cloud"] }), ["b"], "a value without a colon matches the part after it");
  assert.deepEqual(pick({ os: ["Windows"] }), ["a"]);
  assert.deepEqual(pick({ os: ["macos"] }), [], "a rule naming no OS does not pass --os");
  assert.deepEqual(pick({ severities: ["low", "critical"] }), ["b"]);
  assert.deepEqual(pick({ severities: ["medium+"] }), ["a"]);
  assert.deepEqual(pick({ os: ["windows"], severities: ["low"] }), []);
  assert.deepEqual(checkFilterOptions({ os: ["beos"], severities: ["huge"] }).length, 2);
});

test("selection: deprecated, non-production, hunting, non-EQL types, filters", () => {
  const rules = [
    rule({ ruleId: "eql1" }),
    rule({ ruleId: "dep-dir", source: { file: "rules/_deprecated/x.toml", format: "toml" } }),
    rule({ ruleId: "dep-mat", maturity: "deprecated", deprecated: true }),
    rule({ ruleId: "dev", maturity: "development" }),
    rule({ ruleId: "q1", type: "query" }),
    rule({ ruleId: "q2", type: "query" }),
    rule({ ruleId: "es", type: "esql" }),
    rule({ ruleId: "hunt", source: { file: "h.toml", format: "hunting-toml" } }),
    rule({ ruleId: "eql2", severity: "low" }),
  ];
  const s = selectRules(rules, { severities: ["high"] });
  assert.deepEqual(s.rules.map((r) => r.ruleId), ["eql1"]);
  assert.deepEqual(s.skipped, { byType: { query: 2, esql: 1 }, deprecated: 2, nonProduction: 1, hunting: 1, filtered: 1 });
  const all = selectRules(rules, { includeDeprecated: true, includeNonProduction: true, includeHunting: true, allTypes: true });
  assert.equal(all.rules.length, rules.length);
});
