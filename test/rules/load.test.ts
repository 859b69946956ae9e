import assert from "node:assert/strict";
import { test } from "node:test";
import { join } from "node:path";
import { renderDiagnostic } from "../../src/diag/diagnostic.js";
import { loadRules } from "../../src/rules/load.js";
import { tempTree, tomlRule } from "./helpers.js";

const exportLines = [
  { rule_id: "k1", name: "Kibana rule", description: "d", type: "eql", query: "any where true", risk_score: 21, severity: "low", exceptions_list: [{ id: "so", list_id: "kl", namespace_type: "single", type: "detection" }] },
  { id: "so", list_id: "kl", name: "L", type: "detection", namespace_type: "single" },
  { item_id: "i1", list_id: "kl", name: "x", namespace_type: "single", type: "simple", entries: [{ field: "a", operator: "included", type: "match", value: "1" }] },
  { exported_count: 3 },
]
  .map((o) => JSON.stringify(o))
  .join("\n");

function tree(): string {
  return tempTree({
    "rules/windows/a.toml": tomlRule({ ruleId: "a", tags: ["OS: Windows"] }),
    "rules/linux/b.toml": tomlRule({ ruleId: "b", tags: ["OS: Linux"], query: 'process where host.os.type == "linux"' }),
    "rules/linux/q.toml": tomlRule({ ruleId: "q", type: "query", query: "a:b" }),
    "rules/linux/t.toml": tomlRule({ ruleId: "t", type: "threshold", query: "a:b" }),
    "rules/_deprecated/d.toml": tomlRule({ ruleId: "d" }),
    "rules/dev.toml": tomlRule({ ruleId: "dev" }).replace('maturity = "production"', 'maturity = "development"'),
    "rules/broken.toml": "[rule\n",
    "rules/notes.txt": "ignored",
    "rules/.hidden/h.toml": "[rule\n",
    "export/rules.ndjson": exportLines,
    "values/names.txt": "a.exe\nb.exe\n",
  });
}

test("loads a directory tree: EQL rules kept, others counted per type, deprecated and non-production skipped", () => {
  const root = tree();
  const res = loadRules([join(root, "rules"), join(root, "export")]);
  assert.deepEqual(res.rules.map((r) => r.ruleId), ["b", "a", "k1"]);
  assert.deepEqual(res.skipped, { byType: { query: 1, threshold: 1 }, deprecated: 1, nonProduction: 1, hunting: 0, filtered: 0 });
  assert.equal(res.errors.length, 1);
  assert.equal(res.errors[0]!.code, "RULE3001");
  assert.match(renderDiagnostic(res.errors[0]!), /broken\.toml:1:\d+: invalid TOML/);
  assert.equal(res.exceptions.lists.length, 1);
  assert.equal(res.exceptions.items.length, 1);
  assert.equal(res.files, 8);
});

test("include deprecated / non-production; filters count as filtered", () => {
  const root = tree();
  const all = loadRules([join(root, "rules")], { includeDeprecated: true, includeNonProduction: true });
  assert.deepEqual(all.rules.map((r) => r.ruleId).sort(), ["a", "b", "d", "dev"]);
  const linux = loadRules([join(root, "rules")], { os: ["linux"] });
  assert.deepEqual(linux.rules.map((r) => r.ruleId), ["b"]);
  assert.equal(linux.skipped.filtered, 1);
  const byId = loadRules([join(root, "rules")], { ruleIds: ["a"], tags: ["Windows"] });
  assert.deepEqual(byId.rules.map((r) => r.ruleId), ["a"]);
});

test("explicit files, missing paths, value lists and exception files", () => {
  const root = tree();
  const ex = tempTree({ "ex.ndjson": JSON.stringify({ item_id: "z", list_id: "other", name: "z", namespace_type: "single", type: "simple", entries: [{ field: "b", operator: "included", type: "exists" }] }) });
  const res = loadRules([join(root, "rules/windows/a.toml"), join(root, "nope")], {
    exceptionFiles: [join(ex, "ex.ndjson")],
    valueListFiles: [join(root, "values/names.txt")],
  });
  assert.deepEqual(res.rules.map((r) => r.ruleId), ["a"]);
  assert.equal(res.errors[0]!.code, "RULE3006");
  assert.deepEqual(res.valueLists.get("names.txt"), ["a.exe", "b.exe"]);
  assert.deepEqual(res.exceptions.items.map((i) => i.itemId), ["z"]);
});

test("duplicate rule ids: first kept, warning for the rest", () => {
  const root = tempTree({ "a.toml": tomlRule({ ruleId: "same" }), "b.toml": tomlRule({ ruleId: "same" }) });
  const res = loadRules([root]);
  assert.equal(res.rules.length, 1);
  assert.equal(res.rules[0]!.source.file, join(root, "a.toml"));
  assert.equal(res.errors[0]!.code, "RULE3020");
  assert.equal(res.errors[0]!.severity, "warning");
});

test("rules skipped by type or maturity are only scanned: same rules and counts as a full parse; unclear files are parsed", () => {
  const root = tempTree({
    "r/eql.toml": tomlRule({ ruleId: "e" }),
    "r/query.toml": tomlRule({ ruleId: "q", type: "query", query: "a:b" }),
    "r/literal-type.toml": tomlRule({ ruleId: "l", type: "query", query: "a:b" }).replace('type = "query"', "type = 'query'"),
    "r/deprecation-date.toml": tomlRule({ ruleId: "dd", metadata: 'deprecation_date = "2026/01/01"' }),
    "r/experimental-esql.toml": tomlRule({ ruleId: "x", type: "esql", query: "from x" }).replace('maturity = "production"', 'maturity = "experimental"'),
    // a full parse must report these, so the scan leaves them to it
    "r/bad-maturity.toml": tomlRule({ ruleId: "bm", type: "query", query: "a:b" }).replace('maturity = "production"', 'maturity = "someday"'),
    "r/unknown-type.toml": tomlRule({ ruleId: "ut", type: "sigma", query: "a:b" }),
    "r/escaped-type.toml": tomlRule({ ruleId: "et", type: "query", query: "a:b" }).replace('type = "query"', 'type = "qu\\u0065ry"'),
  });
  const fast = loadRules([join(root, "r")]);
  const full = loadRules([join(root, "r")], { allTypes: true });
  const runnable = full.rules.filter((r) => r.type === "eql");
  assert.deepEqual(fast.rules.map((r) => r.ruleId), ["e"]);
  assert.deepEqual(runnable.map((r) => r.ruleId).filter((id) => id === "e"), ["e"]);
  assert.deepEqual(fast.skipped, { byType: { query: 3 }, deprecated: 1, nonProduction: 1, hunting: 0, filtered: 0 });
  // the invalid files are reported whichever way the others were read
  assert.deepEqual(fast.errors.map((e) => e.code).sort(), full.errors.map((e) => e.code).sort());
  assert.ok(fast.errors.length >= 2, fast.errors.map(renderDiagnostic).join("\n"));
});
