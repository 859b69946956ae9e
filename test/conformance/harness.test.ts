import test from "node:test";
import assert from "node:assert/strict";
import { caseArgv, judge, type ConformanceCase } from "./harness.js";

const base: ConformanceCase = {
  name: "c",
  query: "  sequence [a where true] [b where true]\n",
  expected_event_ids: [1, -1, 2],
  data: ["x", "y"],
  mappings: ["x", "y"],
  _id_field: "id",
  _tiebreaker_field: "seq",
};

const ev = (id: unknown) => ({ _index: "x", _id: "h", _source: { id } });
const missing = { _index: "", _id: "", _source: {}, missing: true };

test("harness: argv as the reference request (trimmed query, size 50, tiebreaker, data and mappings in order)", () => {
  assert.deepEqual(caseArgv(base, "/s"), [
    "query", "--format", "es",
    "--data", "/s/data/x.ndjson", "--data", "/s/data/y.ndjson",
    "--mapping", "/s/mappings/x.json", "--mapping", "/s/mappings/y.json",
    "--timestamp-field", "@timestamp", "--event-category-field", "event.category",
    "--tiebreaker-field", "seq", "--size", "50",
    "sequence [a where true] [b where true]",
  ]);
  const sample = caseArgv({ ...base, _tiebreaker_field: null, size: 500, max_samples_per_key: 2 }, "/s");
  assert.ok(!sample.includes("--tiebreaker-field"));
  assert.deepEqual(sample.slice(-4), ["500", "--max-samples-per-key", "2", sample.at(-1)]);
});

test("harness: ids flattened over sequences, missing events count as -1", () => {
  const body = { hits: { sequences: [{ events: [ev(1), missing] }, { events: [ev(2)] }] } };
  assert.equal(judge(base, body).ok, true);
  assert.equal(judge({ ...base, expected_event_ids: [1, 2] }, body).ok, false);
  assert.match(judge({ ...base, expected_event_ids: [1, 2] }, body).message, /event ids \[1,-1,2\], expected \[1,2\]/);
});

test("harness: alternatives and join keys (null → \"null\", numbers as text)", () => {
  const body = { hits: { sequences: [{ join_keys: [null, 5], events: [ev(3)] }] } };
  const c = { ...base, expected_event_ids: [[4], [3]], _expected_is_alternatives: true };
  assert.equal(judge(c, body).ok, true);
  assert.equal(judge({ ...c, join_keys: [null, "5"] }, body).ok, true);
  assert.equal(judge({ ...c, join_keys: ["null", "5"] }, body).ok, true);
  assert.match(judge({ ...c, join_keys: ["x"] }, body).message, /join_keys \["null","5"\], expected \["x"\]/);
  assert.equal(judge({ ...c, join_keys: [] }, body).ok, true, "empty join_keys are not checked");
});

test("harness: event queries read hits.events", () => {
  assert.equal(judge({ ...base, expected_event_ids: [7, 8] }, { hits: { events: [ev(7), ev(8)] } }).ok, true);
  assert.equal(judge({ ...base, expected_event_ids: [] }, { hits: { events: [] } }).ok, true);
});
