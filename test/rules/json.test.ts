import assert from "node:assert/strict";
import { test } from "node:test";
import { RuleError, renderDiagnostic } from "../../src/diag/diagnostic.js";
import { classifyExportObject, parseKibanaNdjson, parseRuleJson } from "../../src/rules/parse-json.js";

const apiRule = {
  id: "3c1f7e2a-8d4b-4e0f-9a61-2b5d7c9e4f10",
  rule_id: "e7e0588b-2b55-4f88-afd1-cf98e95e0f58",
  name: "Rule A",
  description: "d",
  type: "eql",
  language: "eql",
  query: 'process where process.name == "a"',
  index: ["logs-*"],
  risk_score: 73,
  severity: "high",
  from: "now-9m",
  interval: "10m",
  enabled: false,
  immutable: false,
  version: 3,
  revision: 2,
  tags: ["OS: macOS"],
  exceptions_list: [{ id: "so-1", list_id: "my-list", namespace_type: "single", type: "detection" }],
  severity_mapping: [{ field: "event.severity", operator: "equals", value: "99", severity: "critical" }],
  risk_score_mapping: [{ field: "event.risk_score", operator: "equals", value: "" }],
  rule_name_override: "message",
  created_at: "2025-06-01T10:00:00.000Z",
  created_by: "elastic",
  related_integrations: [],
  required_fields: [],
  setup: "",
  threat: [],
};

const exceptionList = { id: "so-1", list_id: "my-list", name: "L", description: "", type: "detection", namespace_type: "single", os_types: [], tags: [] };
const exceptionItem = {
  item_id: "i1",
  list_id: "my-list",
  name: "ignore a",
  namespace_type: "single",
  os_types: [],
  type: "simple",
  entries: [{ field: "process.name", operator: "included", type: "match", value: "a" }],
};
const summary = { exported_count: 3, exported_rules_count: 1, missing_rules: [], missing_rules_count: 0, exported_exception_list_count: 1 };
const connector = { id: "c1", type: "action", attributes: { actionTypeId: ".webhook" }, references: [] };

test("classify export lines", () => {
  assert.equal(classifyExportObject(apiRule), "rule");
  assert.equal(classifyExportObject(exceptionList), "exception-list");
  assert.equal(classifyExportObject(exceptionItem), "exception-item");
  assert.equal(classifyExportObject(summary), "summary");
  assert.equal(classifyExportObject(connector), "connector");
  assert.equal(classifyExportObject({ foo: 1 }), "unknown");
});

test("Kibana NDJSON export: rules, exception lines routed, summary and connectors ignored", () => {
  const text = [apiRule, exceptionList, exceptionItem, connector, summary].map((o) => JSON.stringify(o)).join("\n") + "\n";
  const res = parseKibanaNdjson(text, "export.ndjson");
  assert.deepEqual(res.errors, []);
  assert.equal(res.rules.length, 1);
  const r = res.rules[0]!;
  assert.equal(r.id, apiRule.id);
  assert.equal(r.ruleId, apiRule.rule_id);
  assert.equal(r.enabled, false);
  assert.equal(r.immutable, false);
  assert.equal(r.version, 3);
  assert.equal(r.revision, 2);
  assert.equal(r.interval, "10m");
  assert.equal(r.createdBy, "elastic");
  assert.equal(r.ruleNameOverride, "message");
  assert.deepEqual(r.exceptionsList, [{ id: "so-1", listId: "my-list", namespaceType: "single", type: "detection" }]);
  assert.deepEqual(r.severityMapping, [{ field: "event.severity", operator: "equals", value: "99", severity: "critical" }]);
  assert.deepEqual(r.riskScoreMapping, [{ field: "event.risk_score", operator: "equals", value: "" }]);
  assert.deepEqual(r.typeParams, {});
  assert.deepEqual(r.source, { file: "export.ndjson", format: "kibana-ndjson", line: 1 });
  assert.deepEqual(r.queryOrigin?.line, 1);
  assert.deepEqual(
    res.exceptionLines.map((l) => l.line),
    [2, 3],
  );
  assert.deepEqual(res.skipped, ["connector", "summary"]);
});

test("NDJSON: a bad line is an error for that line only, with line:col", () => {
  const text = JSON.stringify(apiRule) + "\n{not json\n" + JSON.stringify({ ...apiRule, rule_id: "b", severity: "extreme" }) + "\n" + JSON.stringify({ foo: 1 }) + "\n";
  const res = parseKibanaNdjson(text, "e.ndjson");
  assert.equal(res.rules.length, 1);
  const rendered = res.errors.map(renderDiagnostic);
  assert.equal(res.errors.length, 3);
  assert.match(rendered[0]!, /^e\.ndjson:2:2: invalid JSON/);
  assert.match(rendered[1]!, /^e\.ndjson:3:\d+: field "severity" must be one of/);
  assert.equal(res.errors[2]!.code, "RULE3008");
  assert.match(rendered[2]!, /^e\.ndjson:4:1:/);
});

test("rule JSON: single object and array; positions of bad objects", () => {
  const one = parseRuleJson(JSON.stringify(apiRule, null, 2), "one.json");
  assert.equal(one.rules.length, 1);
  assert.equal(one.rules[0]!.source.format, "json");
  const arr = JSON.stringify([apiRule, { ...apiRule, rule_id: "x", risk_score: 500 }], null, 2);
  const res = parseRuleJson(arr, "arr.json");
  assert.equal(res.rules.length, 1);
  assert.equal(res.errors.length, 1);
  const line = arr.split("\n").findIndex((l, i) => i > 5 && l.includes('"risk_score": 500')) + 1;
  assert.match(renderDiagnostic(res.errors[0]!), new RegExp(`^arr\\.json:${line}:\\d+: field "risk_score" must be between 0 and 100`));
});

test("rule JSON: syntax errors throw RuleError with the position", () => {
  assert.throws(
    () => parseRuleJson('{\n  "rule_id": "x",\n  "name": }', "s.json"),
    (e: unknown) => e instanceof RuleError && /^s\.json:3:\d+: invalid JSON/.test(e.render()),
  );
});

test("defaults for API rules: from now-6m, interval 5m, max_signals 100, version 1, enabled", () => {
  const min = { rule_id: "m", name: "n", description: "d", type: "eql", query: "any where true", risk_score: 1, severity: "low" };
  const r = parseRuleJson(JSON.stringify(min), "m.json").rules[0]!;
  assert.equal(r.from, "now-6m");
  assert.equal(r.to, "now");
  assert.equal(r.interval, "5m");
  assert.equal(r.maxSignals, 100);
  assert.equal(r.version, 1);
  assert.equal(r.enabled, true);
  assert.equal(r.language, "eql");
  assert.deepEqual(r.index, []);
});

test("machine_learning rules need no query; their parameters are kept in typeParams", () => {
  const ml = { rule_id: "ml", name: "n", description: "d", type: "machine_learning", risk_score: 21, severity: "low", anomaly_threshold: 70, machine_learning_job_id: ["j"] };
  const r = parseRuleJson(JSON.stringify(ml), "ml.json").rules[0]!;
  assert.equal(r.type, "machine_learning");
  assert.deepEqual(r.typeParams, { anomaly_threshold: 70, machine_learning_job_id: ["j"] });
});
