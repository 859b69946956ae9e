import { test } from "node:test";
import assert from "node:assert/strict";
import { pickSamples, SampleMatcher } from "../../src/exec/sample-matcher.js";
import { compareKeys } from "../../src/exec/key-order.js";
import { runQuery } from "../../src/exec/run-query.js";
import { ev, fieldIs, ids, keyBy, sample } from "./helpers.js";

const [d1, d2, d3, d4, d5] = [ev(1, 1), ev(2, 2), ev(3, 3), ev(4, 4), ev(5, 5)];

test("pickSamples takes distinct events, depth-first, up to the limit", () => {
  const pick = (lists: (typeof d1)[][], n: number) => pickSamples(lists, n).map((s) => s.map((e) => e.source["id"]));
  assert.deepEqual(pick([[d1, d2, d3], [d4, d5], [d4, d5, d3]], 1), [[1, 4, 5]]);
  assert.deepEqual(pick([[d1, d1], [d1, d1, d1], [d1, d1, d3]], 1), []);
  assert.deepEqual(pick([[d1, d2], [d1, d2]], 5), [
    [1, 2],
    [2, 1],
  ]);
  assert.deepEqual(pick([[d1], []], 1), []);
});

test("join keys order: null first, numbers numerically, strings by bytes", () => {
  const keys = [["doom"], ["GTA"], [null], [10], [9], ["é"], ["z"]];
  assert.deepEqual([...keys].sort(compareKeys), [[null], [9], [10], ["GTA"], ["doom"], ["z"], ["é"]]);
});

test("samples: per-filter key fields, max samples per key, size", () => {
  const q = sample([
    { filter: fieldIs("t", "a"), keys: keyBy(["os"]) },
    { filter: fieldIs("t", "b"), keys: keyBy(["op_sys"]) },
  ]);
  const events = [
    ev(1, 1, { t: "a", os: "linux" }),
    ev(2, 2, { t: "b", op_sys: "linux" }),
    ev(3, 3, { t: "a", os: "linux" }),
    ev(4, 4, { t: "b", op_sys: "win" }),
    ev(5, 5, { t: "a", os: "win" }),
    ev(6, 6, { t: "b", op_sys: "linux" }),
  ];
  const one = runQuery(q, events, { size: 50 });
  assert.deepEqual(one.kind === "sequences" ? ids(one.sequences) : [], [1, 2, 5, 4]);
  const two = runQuery(q, events, { size: 50, maxSamplesPerKey: 2 });
  assert.deepEqual(two.kind === "sequences" ? ids(two.sequences) : [], [1, 2, 1, 6, 5, 4]);
  const capped = runQuery(q, events, { size: 1, maxSamplesPerKey: 2 });
  assert.deepEqual(capped.kind === "sequences" ? ids(capped.sequences) : [], [1, 2]);
});

test("sample state per key is bounded by filters × filters × max samples", () => {
  const q = sample([{ filter: fieldIs("t", "a"), keys: keyBy(["k"]) }, { filter: fieldIs("t", "a"), keys: keyBy(["k"]) }]);
  const m = new SampleMatcher(q, { maxSamplesPerKey: 1 });
  for (let i = 0; i < 1000; i++) m.push(ev(i, i, { t: "a", k: 1 }));
  m.flush();
  assert.deepEqual(ids(m.take()), [0, 1]);
  assert.equal(m.stats.peakInFlight, 1);
});
