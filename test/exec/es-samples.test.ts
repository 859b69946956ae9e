// Elasticsearch's multi-sample cases (`max_samples_per_key`) over the sample-multi data, with the
// queries translated by hand (they only use `[alert_N where true]` and an `os` key). Reads ../shared.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runQuery } from "../../src/exec/run-query.js";
import type { EventRecord } from "../../src/exec/event.js";
import type { CompiledSample } from "../../src/exec/compiled.js";
import { ids, keyBy } from "./helpers.js";
import { sharedPath } from "../repo-paths.js";

const root = sharedPath("conformance/es-eql");
const casesFile = join(root, "cases-test_sample_multi.json");
const dataFile = join(root, "data", "sample-multi.ndjson");

interface Case {
  name: string;
  query: string;
  expected_event_ids: number[] | number[][];
  _expected_is_alternatives: boolean;
  join_keys?: (string | null)[];
  max_samples_per_key?: number;
}

function translate(text: string): CompiledSample {
  const optional = /\?os/.test(text);
  const stages = [...text.matchAll(/\[(\w+) where true\]/g)].map((m) => ({
    filter: { test: (e: EventRecord) => e.source["event_type"] === m[1] },
    keys: keyBy(["os"], [optional]),
  }));
  return { kind: "sample", stages, keyCount: 1, pipes: [] };
}

const available = existsSync(casesFile) && existsSync(dataFile);

test("Elasticsearch sample cases (max_samples_per_key)", { skip: available ? false : "../shared/conformance/es-eql not present" }, () => {
  const events = readFileSync(dataFile, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((line, i): EventRecord => ({ source: JSON.parse(line) as Record<string, unknown>, index: "sample-multi", id: String(i), tsMs: 0, tsNs: 0, tiebreaker: null, seq: i }));
  const cases = JSON.parse(readFileSync(casesFile, "utf8")) as Case[];
  for (const c of cases) {
    const opts = c.max_samples_per_key !== undefined ? { size: 50, maxSamplesPerKey: c.max_samples_per_key } : { size: 50 };
    const r = runQuery(translate(c.query), events, opts);
    assert.equal(r.kind, "sequences");
    if (r.kind !== "sequences") continue;
    const got = ids(r.sequences);
    const accepted = (c._expected_is_alternatives ? c.expected_event_ids : [c.expected_event_ids]) as number[][];
    assert.ok(accepted.some((alt) => JSON.stringify(alt) === JSON.stringify(got)), `${c.name}: got ${JSON.stringify(got)}`);
    if (c.join_keys && c.join_keys.length > 0) {
      assert.deepEqual(r.sequences.flatMap((s) => s.joinKeys.map((v) => (v === null ? "null" : String(v)))), c.join_keys, c.name);
    }
  }
});
