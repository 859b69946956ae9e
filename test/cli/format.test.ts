import test from "node:test";
import assert from "node:assert/strict";
import { formatEs } from "../../src/cli/format/es.js";
import { formatNdjson } from "../../src/cli/format/ndjson.js";
import { formatTable, renderTimestamp } from "../../src/cli/format/table.js";
import type { EventRecord } from "../../src/exec/event.js";

function rec(id: string, source: Record<string, unknown>, tsMs = 1_500_000_000_000, tsNs = 0): EventRecord {
  return { source, index: "logs", id, tsMs, tsNs, tiebreaker: null, seq: 0 };
}

const a = rec("a1", { "@timestamp": "2017-07-14T02:40:00.000Z", event: { category: "process" }, process: { name: "cmd.exe" } });
const b = rec("b2", { event: { category: ["network"] }, destination: { ip: "10.0.0.1" } }, 1_500_000_000_001, 5);

test("es: event query body, field order as Elasticsearch writes it", () => {
  const body = formatEs({ kind: "events", events: [a, b] }, 12.4);
  assert.equal(body.endsWith("\n"), true);
  assert.equal(
    body.trimEnd(),
    JSON.stringify({
      is_partial: false,
      is_running: false,
      took: 12,
      timed_out: false,
      hits: {
        total: { value: 2, relation: "eq" },
        events: [
          { _index: "logs", _id: "a1", _source: a.source },
          { _index: "logs", _id: "b2", _source: b.source },
        ],
      },
    }),
  );
});

test("es: sequences with join_keys, missing-event slots, join_keys omitted when empty", () => {
  const body = JSON.parse(
    formatEs(
      {
        kind: "sequences",
        sequences: [
          { joinKeys: ["host-1", 42, null], events: [a, null, b] },
          { joinKeys: [], events: [b] },
        ],
      },
      3,
    ),
  ) as unknown;
  assert.deepEqual(body, {
    is_partial: false,
    is_running: false,
    took: 3,
    timed_out: false,
    hits: {
      total: { value: 2, relation: "eq" },
      sequences: [
        {
          join_keys: ["host-1", 42, null],
          events: [
            { _index: "logs", _id: "a1", _source: a.source },
            { _index: "", _id: "", _source: {}, missing: true },
            { _index: "logs", _id: "b2", _source: b.source },
          ],
        },
        { events: [{ _index: "logs", _id: "b2", _source: b.source }] },
      ],
    },
  });
});

test("es: empty results", () => {
  assert.deepEqual(JSON.parse(formatEs({ kind: "events", events: [] }, 0)).hits, { total: { value: 0, relation: "eq" }, events: [] });
  assert.deepEqual(JSON.parse(formatEs({ kind: "sequences", sequences: [] }, 0)).hits, { total: { value: 0, relation: "eq" }, sequences: [] });
});

test("ndjson: one hit per line", () => {
  const lines = [...formatNdjson({ kind: "events", events: [a, b] })];
  assert.deepEqual(lines.map((l) => JSON.parse(l)), [
    { _index: "logs", _id: "a1", _source: a.source },
    { _index: "logs", _id: "b2", _source: b.source },
  ]);
  const seq = [...formatNdjson({ kind: "sequences", sequences: [{ joinKeys: ["k"], events: [a, null] }] })];
  assert.equal(seq.length, 1);
  assert.deepEqual(JSON.parse(seq[0]!).join_keys, ["k"]);
});

test("table: events and sequences", () => {
  const events = formatTable({ kind: "events", events: [a, b] }, { categoryPath: "event.category" });
  const lines = events.trimEnd().split("\n");
  assert.match(lines[0]!, /^TIMESTAMP\s+INDEX\s+ID\s+CATEGORY\s+DETAILS$/);
  assert.match(lines[1]!, /^2017-07-14T02:40:00\.000Z\s+logs\s+a1\s+process\s+process\.name=cmd\.exe$/);
  assert.match(lines[2]!, /^2017-07-14T02:40:00\.001000005Z\s+logs\s+b2\s+network\s+destination\.ip=10\.0\.0\.1$/);
  assert.equal(lines[3], "(2 events)");
  const seqs = formatTable({ kind: "sequences", sequences: [{ joinKeys: ["h1"], events: [a, null] }] }, { categoryPath: "event.category" });
  assert.match(seqs, /\n#1 by "h1"\n/);
  assert.match(seqs, /\(missing event\)/);
  assert.match(seqs, /\(1 sequence\)\n$/);
});

test("table: timestamps", () => {
  assert.equal(renderTimestamp(rec("x", {}, Number.NaN)), "-");
  assert.equal(renderTimestamp(rec("x", {}, 0, 123456)), "1970-01-01T00:00:00.000123456Z");
});

test("es: the original _source text is used when known", () => {
  const raw = (record: EventRecord) => (record === a ? '{"kept": 1.0}' : undefined);
  const body = formatEs({ kind: "sequences", sequences: [{ joinKeys: [], events: [a, b] }] }, 1, raw);
  assert.ok(body.includes('"events":[{"_index":"logs","_id":"a1","_source":{"kept": 1.0}},{"_index":"logs","_id":"b2","_source":{'));
  assert.deepEqual(JSON.parse(body).hits.sequences[0].events[0]._source, { kept: 1 });
});
