// Elastic's prebuilt rules (../shared/corpus/detection-rules): every EQL rule and EQL hunting query must
// load, parse and analyze (dynamic schema). Prints counts by type and a closing "N passed, N failed" line.

import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderDiagnostic, SequentError } from "../../src/diag/diagnostic.js";
import { dynamicSchema } from "../../src/schema/dynamic.js";
import { collectRuleFiles, loadRules, readRuleFile } from "../../src/rules/load.js";
import type { RuleSpec } from "../../src/rules/model.js";
import { analyzeRuleQuery } from "../../src/rules/rule-query.js";
import { isDeprecated, selectRules } from "../../src/rules/select.js";
import { sharedDir } from "./helpers.js";

const shared = sharedDir();
const skip = shared === undefined ? "../shared/corpus/detection-rules not present" : false;
const root = shared !== undefined ? join(shared, "corpus", "detection-rules") : "";

let passed = 0;
let failed = 0;

function check(rules: readonly RuleSpec[]): string[] {
  const failures: string[] = [];
  const schema = dynamicSchema();
  for (const rule of rules) {
    try {
      analyzeRuleQuery(rule, schema);
      passed++;
    } catch (e) {
      failed++;
      failures.push(e instanceof SequentError ? e.diagnostics.map(renderDiagnostic).join("\n") : String(e));
    }
  }
  return failures;
}

test("corpus: active EQL rules load and parse; other types are counted, never errors", { skip }, () => {
  const res = loadRules([join(root, "rules"), join(root, "rules_building_block")]);
  assert.deepEqual(res.errors, []);
  assert.equal(res.rules.length, 1024);
  assert.ok(res.rules.every((r) => r.type === "eql" && !isDeprecated(r)));
  assert.equal(res.skipped.deprecated, 124);
  assert.equal(res.skipped.nonProduction, 0);
  assert.deepEqual(res.skipped.byType, { query: 454, new_terms: 241, esql: 209, machine_learning: 106, threshold: 28, threat_match: 6 });
  console.log(`corpus: ${res.files} rule files; active EQL ${res.rules.length}; skipped ${JSON.stringify(res.skipped)}`);
  // query origins point at the query text in the file
  let exact = 0;
  for (const r of res.rules) {
    const text = readFileSync(r.source.file, "utf8");
    const lines = text.split("\n");
    const o = r.queryOrigin!;
    const offset = lines.slice(0, o.line - 1).reduce((n, l) => n + l.length + 1, 0) + o.column - 1;
    if (text.slice(offset, offset + r.query!.length) === r.query) exact++;
  }
  assert.equal(exact, res.rules.length);
  const building = res.rules.filter((r) => r.buildingBlockType !== undefined).length;
  assert.equal(building, 70);
  assert.deepEqual(check(res.rules), []);
});

test("corpus: deprecated EQL rules parse too when asked for", { skip }, () => {
  const res = loadRules([join(root, "rules", "_deprecated")], { includeDeprecated: true });
  assert.deepEqual(res.errors, []);
  assert.equal(res.rules.length, 57);
  assert.ok(res.rules.every(isDeprecated));
  assert.deepEqual(check(res.rules), []);
});

test("corpus: the 13 EQL hunting queries (language = [\"EQL\"]) parse", { skip }, () => {
  const res = loadRules([join(root, "hunting")], { includeHunting: true, includeDeprecated: true });
  // two hunting files reuse another file's uuid: loadRules keeps the first and warns
  assert.equal(res.errors.filter((d) => d.code === "RULE3020").length, 2);
  assert.ok(res.errors.every((d) => d.severity === "warning"));
  assert.equal(res.skipped.byType["esql"], 214, "ES|QL hunting queries (some files hold several)");
  assert.equal(res.skipped.byType["hunting:sql"], 4);
  // every file, duplicates included
  const { files } = collectRuleFiles([join(root, "hunting")]);
  const eql = files.flatMap((f) => readRuleFile(f).rules).filter((r) => r.type === "eql");
  assert.equal(eql.length, 13);
  assert.ok(eql.every((r) => r.source.format === "hunting-toml"));
  assert.deepEqual(check(eql), []);
  console.log(`hunting: ${files.length} files, ${eql.length} EQL queries; other queries ${JSON.stringify(res.skipped.byType)}`);
});

test("corpus: summary", { skip }, () => {
  console.log(`${passed} passed, ${failed} failed`);
  assert.equal(failed, 0);
});

test("corpus: scanning instead of parsing the rules selection skips gives the same rules and counts", { skip }, () => {
  const dirs = [join(root, "rules"), join(root, "rules_building_block")];
  const fast = loadRules(dirs);
  const full = loadRules(dirs, { allTypes: true, includeDeprecated: true, includeNonProduction: true });
  const selected = selectRules(full.rules);
  assert.deepEqual(fast.rules.map((r) => r.ruleId), selected.rules.map((r) => r.ruleId));
  assert.deepEqual(fast.skipped, selected.skipped);
  assert.equal(fast.errors.length, full.errors.length);
});
