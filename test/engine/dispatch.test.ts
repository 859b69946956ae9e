// The dispatch index only saves work: with it or without it (every event offered to every rule) the engine
// must produce exactly the same alerts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Dispatcher } from "../../src/engine/dispatch.js";
import { seedRule } from "../../src/rules/builtin/seed-rule.js";
import { loadRules } from "../../src/rules/load.js";
import { makeRule } from "../alerts/helpers.js";
import { REPO_ROOT, readFixture, runEngine, type FixtureEvent } from "./helpers.js";

const NOW = "2026-03-10T14:00:00.000Z";

function events(): FixtureEvent[] {
  return [...readFixture(join(REPO_ROOT, "test/engine/fixtures/seed-cases.ndjson")), ...readFixture(join(REPO_ROOT, "samples/seed-scenario.ndjson"))];
}

test("dispatcher: key and remaining conditions, case-insensitive keys, categories, unconditional items", () => {
  const d = new Dispatcher<string>([
    { item: "mac-exec", filters: [{ conditions: [{ field: "event.category", values: ["process"], caseInsensitive: false }, { field: "host.os.type", values: ["macos"], caseInsensitive: false }, { field: "event.action", values: ["exec"], caseInsensitive: false }], clauses: [] }] },
    { item: "name-ci", filters: [{ conditions: [{ field: "process.name", values: ["curl"], caseInsensitive: true }], clauses: [] }] },
    { item: "anything", filters: [{ conditions: [], clauses: [] }] },
  ]);
  const visit = (source: Record<string, unknown>) => {
    const out = new Set<string>();
    d.forEachCandidate(source, (x) => out.add(x));
    return [...out].sort();
  };
  assert.deepEqual(visit({ event: { category: ["process"], action: "exec" }, host: { os: { type: "macos" } } }), ["anything", "mac-exec"]);
  assert.deepEqual(visit({ event: { category: "process", action: "exec" }, "host.os.type": "linux" }), ["anything"]);
  assert.deepEqual(visit({ event: { category: ["network", "process"], action: "exec" }, "host.os.type": "macos", process: { name: "CURL" } }), ["anything", "mac-exec", "name-ci"]);
});

test("dispatcher: field values read once per event are read again for the next event (shared by both index levels)", () => {
  const d = new Dispatcher<string>([
    { item: "proc-curl", filters: [{ conditions: [{ field: "event.category", values: ["process"], caseInsensitive: false }, { field: "process.name", values: ["curl"], caseInsensitive: true }], clauses: [] }] },
    { item: "any-curl", filters: [{ conditions: [{ field: "process.name", values: ["curl"], caseInsensitive: false }, { field: "host.os.type", values: ["linux"], caseInsensitive: false }], clauses: [] }] },
    { item: "num", filters: [{ conditions: [{ field: "destination.port", values: ["443"], caseInsensitive: false }], clauses: [] }] },
  ]);
  const visit = (source: Record<string, unknown>) => {
    const out = new Set<string>();
    d.forEachCandidate(source, (x) => out.add(x));
    return [...out].sort();
  };
  const a = { event: { category: "process" }, process: { name: "curl" }, host: { os: { type: "linux" } } };
  const b = { event: { category: "process" }, process: { name: "CURL" }, host: { os: { type: "linux" } } };
  const c = { event: { category: "network" }, "process.name": ["wget", "curl"], host: { os: { type: "linux" } }, destination: { port: 443 } };
  assert.deepEqual(visit(a), ["any-curl", "proc-curl"]);
  assert.deepEqual(visit(b), ["proc-curl"]);
  assert.deepEqual(visit(c), ["any-curl", "num"]);
  assert.deepEqual(visit(a), ["any-curl", "proc-curl"]);
  assert.deepEqual(visit({ event: { category: "process" } }), []);
  assert.deepEqual(visit(b), ["proc-curl"]);
});

test("seed rule and rules of every shape: same alerts with and without dispatch", () => {
  const rules = [
    seedRule(),
    makeRule({ ruleId: "any-where", id: "r-any", query: 'any where process.name : "SyncHelper"' }),
    makeRule({ ruleId: "override", id: "r-ovr", eventCategoryOverride: "event.dataset", query: '"endpoint.events.network" where destination.port == 4444' }),
    makeRule({ ruleId: "sample", id: "r-sample", query: "sample by process.entity_id [process where true] [network where true]" }),
    makeRule({ ruleId: "missing", id: "r-miss", query: 'sequence by process.entity_id with maxspan=30s [process where event.action == "exec"] ![network where destination.port == 443]' }),
  ];
  const a = runEngine(rules, events(), { now: NOW });
  const b = runEngine(rules, events(), { now: NOW, dispatchAll: true });
  assert.deepEqual(a.alerts.map((x) => x._id), b.alerts.map((x) => x._id));
  assert.deepEqual(a.summaries.map((s) => [s.ruleId, s.matches]), b.summaries.map((s) => [s.ruleId, s.matches]));
  assert.equal(a.summaries.length, rules.length, "every rule compiles");
  assert.ok(a.summaries.every((s) => s.matches > 0), JSON.stringify(a.summaries.map((s) => [s.ruleId, s.matches])));
});

const RULES = join(REPO_ROOT, "..", "shared/corpus/detection-rules/rules");
test("corpus rules: same alerts with and without dispatch", { skip: existsSync(RULES) ? false : `no rule corpus at ${RULES}` }, () => {
  const loaded = loadRules([RULES]);
  const sample = join(REPO_ROOT, "..", "shared/corpus/ecs-samples/process.json");
  const all = events();
  if (existsSync(sample)) all.push({ source: JSON.parse(readFileSync(sample, "utf8")) as Record<string, unknown>, hitIndex: undefined, id: "sample" });
  const a = runEngine(loaded.rules, all, { now: NOW });
  const b = runEngine(loaded.rules, all, { now: NOW, dispatchAll: true });
  assert.deepEqual(a.alerts.map((x) => x._id), b.alerts.map((x) => x._id));
  assert.deepEqual(a.summaries.map((s) => s.matches), b.summaries.map((s) => s.matches));
});
