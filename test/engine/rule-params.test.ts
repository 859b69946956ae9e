// Rule parameters that change execution, passed to EQL as Kibana passes them: tiebreaker_field and
// timestamp_field order events per rule (rules with different orderings share one engine), max_signals is the
// search size, event_category_override changes what `process where` tests.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { seedRule } from "../../src/rules/builtin/seed-rule.js";
import { makeRule } from "../alerts/helpers.js";
import { createEngine } from "../../src/engine/engine.js";
import { REPO_ROOT, readFixture, runEngine, type FixtureEvent } from "./helpers.js";

const NOW = "2026-03-10T14:00:00.000Z";
const QUERY = 'sequence by host.name [process where event.action == "exec"] [network where true]';

function ev(id: string, category: string, fields: Record<string, unknown>): FixtureEvent {
  return { id, hitIndex: category === "process" ? "logs-endpoint.events.process-default" : "logs-endpoint.events.network-default", source: { host: { name: "h" }, event: { category: [category], action: category === "process" ? "exec" : "connect", ...fields } } };
}

test("tiebreaker_field orders events with equal timestamps; rules with and without one run side by side", () => {
  const ts = "2026-03-10T09:00:00.000Z";
  // file order: exec, then connection; event.sequence says the connection came first
  const events = [
    { ...ev("exec", "process", { sequence: 10 }), source: { ...ev("exec", "process", { sequence: 10 }).source, "@timestamp": ts } },
    { ...ev("net", "network", { sequence: 5 }), source: { ...ev("net", "network", { sequence: 5 }).source, "@timestamp": ts } },
  ];
  const plain = makeRule({ ruleId: "plain", id: "u-plain", query: QUERY });
  const tiebroken = makeRule({ ruleId: "tb", id: "u-tb", query: QUERY, tiebreakerField: "event.sequence" });
  const result = runEngine([plain, tiebroken], events, { now: NOW });
  assert.deepEqual(result.summaries.map((s) => [s.ruleId, s.matches]), [["plain", 1], ["tb", 0]]);
});

test("timestamp_field: the rule orders by its own time field", () => {
  const events = [
    ev("exec", "process", { created: "2026-03-10T09:00:05.000Z" }),
    ev("net", "network", { created: "2026-03-10T09:00:01.000Z" }),
  ].map((e, i) => ({ ...e, source: { ...e.source, "@timestamp": `2026-03-10T09:00:0${i}.000Z` } }));
  const byTimestamp = makeRule({ ruleId: "ts", id: "u-ts", query: QUERY });
  const byCreated = makeRule({ ruleId: "created", id: "u-created", query: QUERY, timestampField: "event.created" });
  const result = runEngine([byTimestamp, byCreated], events, { now: NOW });
  assert.deepEqual(result.summaries.map((s) => [s.ruleId, s.matches]), [["ts", 1], ["created", 0]]);
});

test("max_signals bounds the sequences of a Kibana run and is reported; offline every match is reported", () => {
  const rule = { ...seedRule(), maxSignals: 3 };
  const events = readFixture(join(REPO_ROOT, "test/engine/fixtures/seed-cases.ndjson"));
  // One scheduled run whose window holds every event.
  const oneRun = { intervalMs: 1e13, fromMs: -1e13, toMs: 0 };
  const result = runEngine([rule], events, { now: NOW, windows: oneRun });
  assert.equal(result.summaries[0]!.matches, 3);
  assert.equal(result.alerts.length, 9);
  assert.equal(result.summaries[0]!.limitReached, true);
  const offline = runEngine([rule], events, { now: NOW });
  const all = runEngine([{ ...seedRule(), maxSignals: 1000 }], events, { now: NOW });
  assert.ok(offline.summaries[0]!.matches > 3);
  assert.equal(offline.summaries[0]!.matches, all.summaries[0]!.matches);
  assert.equal(offline.summaries[0]!.limitReached, false);
  const capped = runEngine([{ ...seedRule(), maxSignals: 5000 }], [], { now: NOW, maxAlertsPerRun: 1000, windows: oneRun });
  assert.match(capped.summaries[0]!.warnings.join("\n"), /max_signals 5000 is above the per-run alert limit 1000/);
});

test("event_category_override: `x where` tests the override field", () => {
  const events = [ev("exec", "process", { dataset: "endpoint.events.process" })];
  const rule = makeRule({ ruleId: "ovr", id: "u-ovr", eventCategoryOverride: "event.dataset", query: '"endpoint.events.process" where event.action == "exec"' });
  const wrong = makeRule({ ruleId: "plain", id: "u-plain", query: '"endpoint.events.process" where event.action == "exec"' });
  const result = runEngine([rule, wrong], events, { now: NOW });
  assert.deepEqual(result.summaries.map((s) => [s.ruleId, s.matches]), [["ovr", 1], ["plain", 0]]);
  assert.equal(result.alerts[0]!._source["kibana.alert.depth"], 1);
  assert.equal(result.alerts[0]!._source["kibana.alert.rule.parameters"] !== undefined, true);
});

test("Kibana filters are ANDed into the search; a filter Sequent cannot evaluate stops the rule", () => {
  const events = [ev("exec", "process", {}), ev("net", "network", {})].map((e, i) => ({ ...e, source: { ...e.source, "@timestamp": `2026-03-10T09:00:0${i}.000Z` } }));
  const negated = makeRule({ ruleId: "neg", id: "u-neg", query: QUERY, filters: [{ meta: { negate: true }, query: { match_phrase: { "host.name": "h" } } }] });
  const positive = makeRule({ ruleId: "pos", id: "u-pos", query: QUERY, filters: [{ meta: {}, query: { bool: { filter: [{ exists: { field: "host.name" } }] } } }] });
  const unsupported = makeRule({ ruleId: "bad", id: "u-bad", query: QUERY, filters: [{ meta: {}, query: { script: { script: "true" } } }] });
  const result = runEngine([negated, positive, unsupported], events, { now: NOW });
  assert.deepEqual(result.summaries.map((s) => [s.ruleId, s.matches, s.eventsSeen]), [["neg", 0, 0], ["pos", 1, 2]]);
  const engine = createEngine([unsupported], { now: NOW });
  assert.equal(engine.failures.length, 1);
  assert.match(engine.failures[0]!.diagnostics[0]!.message, /the rule is not run/);
});
