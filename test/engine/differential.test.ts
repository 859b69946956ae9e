// Differential test (issue 5): the optimized path — dispatch index, raw-byte prefilter, compiled filters,
// streaming — and a plain path — every event offered to every rule, every line parsed, external sort — give
// identical alerts and rule summaries, on generated Elastic Defend data and on the seed scenario fixtures. A
// third run spills every final match to disk before writing (src/alerts/spill.ts) and must write the same text.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "../../src/engine/engine.js";
import { alertSourceJson, type AlertDoc } from "../../src/alerts/build.js";
import { feedInputs, type FeedStats } from "../../src/engine/feed.js";
import { builtinRules } from "../../src/rules/builtin/seed-rule.js";
import { loadRules } from "../../src/rules/load.js";
import type { RuleSpec } from "../../src/rules/model.js";
import { generate } from "../../bench/generate.js";
import { REPO_ROOT } from "./helpers.js";

const NOW = "2026-06-01T00:00:00.000Z";

async function runBoth(rules: readonly RuleSpec[], inputs: readonly string[], sampleLines?: number): Promise<FeedStats> {
  const fast = createEngine(rules, { now: NOW });
  const stats = await feedInputs(fast, inputs, { sortBuffer: 100_000, ...(sampleLines !== undefined ? { sampleLines } : {}) });
  const optimized = fast.finish();
  const slow = createEngine(rules, { now: NOW, dispatchAll: true });
  await feedInputs(slow, inputs, { sortBuffer: 100_000, prefilter: false, alwaysSort: true });
  const plain = slow.finish();
  assert.deepEqual(optimized.alerts, plain.alerts);
  assert.deepEqual(
    optimized.summaries.map((s) => [s.ruleId, s.matches, s.alerts, s.errors]),
    plain.summaries.map((s) => [s.ruleId, s.matches, s.alerts, s.errors]),
  );
  // Matches spilled to disk as soon as they are final (src/alerts/spill.ts) and written rule by rule: same text.
  const spilling = createEngine(rules, { now: NOW, matchedEventsInMemory: 0 });
  await feedInputs(spilling, inputs, { sortBuffer: 100_000 });
  const written: AlertDoc[] = [];
  const summaries = await spilling.finishTo(async (alerts) => void written.push(...alerts), 3);
  assert.equal(written.map(alertSourceJson).join("\n"), plain.alerts.map((a) => JSON.stringify(a._source)).join("\n"));
  assert.deepEqual(written.map((a) => a._id), plain.alerts.map((a) => a._id));
  assert.deepEqual(
    summaries.map((s) => [s.ruleId, s.matches, s.alerts, s.errors, s.eventsSeen]),
    optimized.summaries.map((s) => [s.ruleId, s.matches, s.alerts, s.errors, s.eventsSeen]),
  );
  return stats;
}

function generated(events: number): { dir: string; file: string; sequences: number } {
  const dir = mkdtempSync(join(tmpdir(), "sequent-differential-"));
  const lines: string[] = [];
  const manifest = generate({ events, seed: 11, trueEvery: 1000, nearMissEvery: 200 }, (line) => void lines.push(line));
  const file = join(dir, "events.ndjson");
  writeFileSync(file, lines.join("\n") + "\n");
  return { dir, file, sequences: manifest.seedRuleSequences };
}

test("generated Defend events, seed rule: optimized and plain paths agree (prefilter on)", async () => {
  const data = generated(6000);
  try {
    const stats = await runBoth(builtinRules(), [data.file]);
    assert.ok(data.sequences > 0);
    assert.equal(stats.mode, "stream");
    assert.ok(stats.prefilter !== null && !stats.prefilter.passAll, "the prefilter is active");
    assert.ok(stats.parsed < stats.lines);
  } finally {
    rmSync(data.dir, { recursive: true, force: true });
  }
});

const CORPUS = join(REPO_ROOT, "..", "shared/corpus/detection-rules/rules");
test("generated Defend events, corpus rules for macOS and Linux: optimized and plain paths agree", { skip: existsSync(CORPUS) ? false : `no rule corpus at ${CORPUS}` }, async () => {
  const loaded = loadRules([CORPUS], { os: ["macos", "linux"] });
  assert.ok(loaded.rules.length > 50);
  const data = generated(3000);
  try {
    await runBoth([...builtinRules(), ...loaded.rules], [data.file], 200);
  } finally {
    rmSync(data.dir, { recursive: true, force: true });
  }
});

test("seed scenario fixtures: optimized and plain paths agree, with a prefilter from a short sample", async () => {
  for (const file of [join(REPO_ROOT, "samples/seed-scenario.ndjson"), join(REPO_ROOT, "test/engine/fixtures/seed-cases.ndjson")]) {
    const stats = await runBoth(builtinRules(), [file], 5);
    assert.ok(stats.prefilter !== null, file);
  }
});

test("out-of-order input: the stream pass notices, starts over through the sort, and still agrees", async () => {
  const data = generated(8000);
  try {
    const lines = readFileSync(data.file, "utf8").trimEnd().split("\n");
    // Move a late block to the front: more parsed events than the reorder window holds come before earlier ones.
    const shuffled = [...lines.slice(4000), ...lines.slice(0, 4000)];
    const file = join(data.dir, "shuffled.ndjson");
    writeFileSync(file, shuffled.join("\n") + "\n");
    const stats = await runBoth(builtinRules(), [file]);
    assert.equal(stats.mode, "sort");
    assert.equal(stats.lines, lines.length);
  } finally {
    rmSync(data.dir, { recursive: true, force: true });
  }
});

test("finishTo (alerts written in slices, rule by rule) gives finish()'s alerts, order and summaries", async () => {
  const file = join(REPO_ROOT, "test/engine/fixtures/seed-cases.ndjson");
  const a = createEngine(builtinRules(), { now: NOW });
  await feedInputs(a, [file], { sortBuffer: 1000 });
  const whole = a.finish();
  const b = createEngine(builtinRules(), { now: NOW });
  await feedInputs(b, [file], { sortBuffer: 1000 });
  const written: unknown[] = [];
  const slices: number[] = [];
  const summaries = await b.finishTo(async (alerts) => {
    slices.push(alerts.length);
    written.push(...alerts);
  }, 1);
  assert.deepEqual(written, whole.alerts);
  assert.deepEqual(summaries, whole.summaries);
  assert.ok(slices.length > 1 && slices.every((n) => n === 3), `one sequence (shell + 2 blocks) per slice: ${slices}`);
});
