// The benchmark report's arithmetic: medians, ratios to the JSON.parse scenario, and scenario 5 against 4
// and against the two-copies ceiling (4x).

import { test } from "node:test";
import assert from "node:assert/strict";
import { compareWorkers, formatMarkdown, median, summarize } from "../../bench/report.js";
import type { ScenarioName, ScenarioResult } from "../../bench/scenarios.js";
import type { GenerateManifest } from "../../bench/generate.js";

function ok(events: number, seconds: number, extra: Partial<Extract<ScenarioResult, { status: "ok" }>> = {}): ScenarioResult {
  return { status: "ok", events, seconds, alerts: null, documents: null, maxRssMB: 100, ...extra };
}

test("median of odd and even counts", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test("scenario 5 is compared with 4 and with two copies of 4 run at once", () => {
  const results = new Map<ScenarioName, ScenarioResult[]>([
    ["parse", [ok(100, 1), ok(100, 1), ok(100, 1)]],
    ["rules-cli", [ok(100, 10, { digest: "d", startupSeconds: 2 }), ok(100, 10, { digest: "d", startupSeconds: 2 }), ok(100, 12, { digest: "d", startupSeconds: 2 })]],
    ["rules-cli-pair", [ok(200, 12.5, { digest: "d" }), ok(200, 12.5, { digest: "d" }), ok(200, 14, { digest: "d" })]],
    ["rules-cli-workers2", [ok(100, 8, { digest: "d", startupSeconds: 4 }), ok(100, 8, { digest: "d", startupSeconds: 4 }), ok(100, 9, { digest: "d", startupSeconds: 4 })]],
  ]);
  const summaries = summarize(["parse", "rules-cli", "rules-cli-pair", "rules-cli-workers2"], results);
  const one = summaries.find((s) => s.name === "rules-cli")!;
  assert.equal(one.eventsPerSecond, 10);
  assert.equal(one.ratioToParse, 0.1);
  assert.equal(one.eventsPerSecondAfterStartup, 12.5);
  const w = compareWorkers(summaries)!;
  assert.equal(w.speedup, 1.25);
  assert.equal(w.speedupAfterStartup, 25 / 12.5);
  assert.equal(w.ceiling, 16 / 10);
  assert.equal(w.identicalAlerts, true);
  const manifest = { events: 100, seed: 1, bytes: 1000, seedRuleSequences: 1, nearMisses: {} } as unknown as GenerateManifest;
  const text = formatMarkdown(summaries, { manifest, rulesManifest: manifest, runs: 3, node: "v20", rulesDir: null, command: "x" });
  assert.match(text, /Scenario 5 vs 4: 1\.25× the one-worker events\/s, 2\.00× after start-up \(target ≥ 1\.7×\); byte-identical alert output\. Two independent copies of 4 at once \(4x\) reach 1\.60× one copy/);
});

test("without scenario 4x there is no ceiling", () => {
  const results = new Map<ScenarioName, ScenarioResult[]>([
    ["rules-cli", [ok(100, 10)]],
    ["rules-cli-workers2", [ok(100, 5)]],
  ]);
  const w = compareWorkers(summarize(["rules-cli", "rules-cli-workers2"], results))!;
  assert.equal(w.speedup, 2);
  assert.equal(w.ceiling, undefined);
  assert.equal(w.identicalAlerts, null);
});
