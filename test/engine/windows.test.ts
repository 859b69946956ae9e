// Kibana's scheduled windows (--kibana-windows): runs at interval boundaries over [T + from, T + to],
// alerts stamped with the run time, ids found again by later runs not repeated.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { seedRule } from "../../src/rules/builtin/seed-rule.js";
import { parseDuration, parseNowOffset, parseWindowSpec, ruleSchedule, runsContaining } from "../../src/engine/schedule.js";
import { makeRule } from "../alerts/helpers.js";
import { REPO_ROOT, readFixture, runEngine, shellEvents, type FixtureEvent } from "./helpers.js";

const FIXTURE = join(REPO_ROOT, "test/engine/fixtures/seed-cases.ndjson");

test("schedule parsing and window membership", () => {
  assert.equal(parseDuration("5m"), 300_000);
  assert.equal(parseDuration("90s"), 90_000);
  assert.equal(parseDuration("5x"), undefined);
  assert.equal(parseNowOffset("now-9m"), -540_000);
  assert.equal(parseNowOffset("now"), 0);
  assert.deepEqual(ruleSchedule(seedRule()), { intervalMs: 300_000, fromMs: -540_000, toMs: 0 });
  assert.deepEqual(parseWindowSpec("5m/9m"), { intervalMs: 300_000, fromMs: -540_000, toMs: 0 });
  assert.equal(parseWindowSpec("5m"), undefined);
  const s = { intervalMs: 300_000, fromMs: -540_000, toMs: 0 };
  // an event at exactly a boundary is in that run's window (lte) and the next one's
  assert.deepEqual(runsContaining(600_000, s), [600_000, 900_000]);
  assert.deepEqual(runsContaining(600_001, s), [900_000]);
  assert.deepEqual(runsContaining(599_999, s), [600_000, 900_000]);
});

test("seed cases under Kibana's 5m/now-9m schedule: same alerts and ids as one window, stamped with run times", () => {
  const events = readFixture(FIXTURE);
  const continuous = runEngine([seedRule()], events, { now: "2026-03-10T14:00:00.000Z" });
  const windowed = runEngine([seedRule()], events, { now: "2026-03-10T14:00:00.000Z", windows: "rule" });
  assert.deepEqual(windowed.alerts.map((a) => a._id).sort(), continuous.alerts.map((a) => a._id).sort());
  assert.equal(windowed.summaries[0]!.matches, continuous.summaries[0]!.matches);
  const base = shellEvents(windowed.alerts).find((s) => s.events[0] === "base/exec")!;
  // exec 09:00:00.000, connection 09:00:01.432: first run whose window holds both is 09:05
  assert.equal(base.shell._source["@timestamp"], "2026-03-10T09:05:00.000Z");
  assert.equal(base.blocks[0]!._source["@timestamp"], "2026-03-10T09:05:00.000Z");
});

test("a sequence longer than look-back − interval is found in one window but missed by scheduled runs", () => {
  const rule = makeRule({ query: 'sequence by host.name [process where event.action == "exec"] [network where true]' });
  const ev = (id: string, ts: string, category: string, action: string): FixtureEvent => ({
    id,
    hitIndex: "logs-endpoint.events.process-default",
    source: { "@timestamp": ts, host: { name: "h1" }, event: { category: [category], action } },
  });
  const events = [ev("a", "2026-03-10T09:01:00.000Z", "process", "exec"), ev("b", "2026-03-10T09:06:00.000Z", "network", "connection_attempted")];
  assert.equal(runEngine([rule], events, { now: "2026-03-10T10:00:00.000Z" }).summaries[0]!.matches, 1);
  assert.equal(runEngine([rule], events, { now: "2026-03-10T10:00:00.000Z", windows: { intervalMs: 300_000, fromMs: -300_000, toMs: 0 } }).summaries[0]!.matches, 0);
  assert.equal(runEngine([rule], events, { now: "2026-03-10T10:00:00.000Z", windows: { intervalMs: 300_000, fromMs: -540_000, toMs: 0 } }).summaries[0]!.matches, 1);
});
