// Every active EQL rule of the detection-rules corpus (../shared/corpus/detection-rules/rules) over a mixed
// sample (the Elastic Defend package's sample events + the seed scenario): no rule may fail to compile or
// throw while matching. Prints what was loaded and skipped per type.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadRules } from "../../src/rules/load.js";
import { SEED_RULE_ID } from "../../src/rules/builtin/seed-rule.js";
import { REPO_ROOT, readFixture, runEngine, shellEvents, type FixtureEvent } from "./helpers.js";

const SHARED = join(REPO_ROOT, "..", "shared");
const RULES = join(SHARED, "corpus/detection-rules/rules");
const SAMPLES = join(SHARED, "corpus/ecs-samples");

const skip = existsSync(RULES) ? false : `no rule corpus at ${RULES}`;

test("detection-rules corpus: all active EQL rules compile and run over a mixed sample", { skip }, () => {
  const loaded = loadRules([RULES]);
  const events: FixtureEvent[] = [];
  for (const name of ["process.json", "network.json"]) {
    const path = join(SAMPLES, name);
    if (existsSync(path)) events.push({ source: JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>, hitIndex: undefined, id: `sample-${name}` });
  }
  events.push(...readFixture(join(REPO_ROOT, "samples/seed-scenario.ndjson")));
  const result = runEngine(loaded.rules, events, { now: "2026-03-12T14:10:00.000Z", exceptions: loaded.exceptions });

  const byType = Object.entries(loaded.skipped.byType).map(([t, n]) => `${t} ${n}`).join(", ");
  const fired = result.summaries.filter((s) => s.matches > 0);
  console.log(
    `corpus: ${loaded.files} files; ${loaded.rules.length} EQL rules run; skipped: ${byType}, deprecated ${loaded.skipped.deprecated}, ` +
      `non-production ${loaded.skipped.nonProduction}; ${events.length} events; ${result.alerts.length} alert documents from ` +
      `${fired.length} rules (${fired.map((s) => s.name).join("; ")})`,
  );
  assert.deepEqual(loaded.errors.filter((d) => d.severity === "error").map((d) => d.message), []);
  const errors = result.summaries.flatMap((s) => s.errors.map((e) => `${s.name}: ${e}`));
  assert.deepEqual(errors, []);
  assert.ok(loaded.rules.length > 500, `only ${loaded.rules.length} EQL rules loaded`);
  const seed = result.summaries.find((s) => s.ruleId === SEED_RULE_ID);
  assert.ok(seed !== undefined, "the seed rule is in the corpus");
  assert.equal(seed.matches, 2);
  const seedShells = shellEvents(result.alerts.filter((a) => a._source["kibana.alert.rule.rule_id"] === SEED_RULE_ID));
  assert.equal(seedShells.length, 2);
});
