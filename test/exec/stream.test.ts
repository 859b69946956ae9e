import { test } from "node:test";
import assert from "node:assert/strict";
import { ReorderBuffer } from "../../src/exec/reorder.js";
import { createStream } from "../../src/exec/stream.js";
import { runQuery } from "../../src/exec/run-query.js";
import { SequenceMatcher } from "../../src/exec/sequence-matcher.js";
import type { EventRecord } from "../../src/exec/event.js";
import { compareEvents } from "../../src/exec/event.js";
import type { SequenceMatch } from "../../src/exec/results.js";
import { ev, eventIds, eventQuery, fieldIs, ids, keyBy, sample, sequence, where } from "./helpers.js";

test("reorder buffer releases in order below the watermark and reports late events", () => {
  const released: number[] = [];
  const late: [number, string][] = [];
  const buf = new ReorderBuffer({
    allowedLatenessMs: 5,
    release: (e) => released.push(e.source["id"] as number),
    onLate: (e, why) => late.push([e.source["id"] as number, why]),
  });
  buf.push(ev(1, 10));
  buf.push(ev(2, 8));
  buf.push(ev(3, 12));
  assert.deepEqual(released, []);
  buf.push(ev(4, 16)); // watermark 11: releases 8 and 10
  assert.deepEqual(released, [2, 1]);
  buf.push(ev(5, 11)); // exactly at the released watermark: still orderable
  buf.push(ev(6, 10.5)); // below the released watermark: late
  buf.push({ ...ev(7, 0), tsMs: Number.NaN });
  buf.flush();
  assert.deepEqual(released, [2, 1, 5, 3, 4]);
  assert.deepEqual(late, [
    [6, "late"],
    [7, "untimed"],
  ]);
  assert.equal(buf.stats.late, 1);
  assert.equal(buf.stats.untimed, 1);
  assert.equal(buf.stats.released, 5);
});

test("an event exactly allowedLateness behind the newest is still placed in order", () => {
  const out: number[] = [];
  const buf = new ReorderBuffer({ allowedLatenessMs: 3, release: (e) => out.push(e.source["id"] as number) });
  buf.push(ev(1, 10));
  buf.push(ev(2, 13));
  buf.push(ev(3, 10, {}, null));
  buf.flush();
  assert.deepEqual(out, [1, 3, 2]);
});

test("stream of an event query equals runQuery, including tail", () => {
  const events = Array.from({ length: 40 }, (_, i) => ev(i, i * 3 + (i % 4), { t: i % 3 === 0 ? "a" : "b" })).sort(compareEvents);
  const q = eventQuery(fieldIs("t", "a"), [{ kind: "tail", count: 4 }]);
  const offline = runQuery(q, events, { size: 50 });
  const shuffled = [...events].reverse();
  const s = createStream(q, { size: 50, allowedLatenessMs: 1000 });
  s.pushAll(shuffled);
  const live = s.flush();
  assert.equal(live.kind, "events");
  assert.equal(offline.kind, "events");
  if (live.kind === "events" && offline.kind === "events") assert.deepEqual(eventIds(live.events), eventIds(offline.events));
});

test("late events are counted and reported, never silently dropped", () => {
  const q = sequence([{ filter: fieldIs("t", "a") }, { filter: fieldIs("t", "b") }]);
  const late: number[] = [];
  const s = createStream(q, { size: 50, allowedLatenessMs: 2, onLate: (e) => late.push(e.source["id"] as number) });
  s.pushAll([ev(1, 1, { t: "a" }), ev(2, 10, { t: "b" }), ev(3, 2, { t: "b" }), ev(4, 9, { t: "b" })]);
  const r = s.flush();
  assert.deepEqual(late, [3]);
  assert.equal(s.reorderStats.late, 1);
  assert.equal(r.kind === "sequences" ? ids(r.sequences).join() : "", "1,4");
});

test("partials expire with maxspan: state stays bounded on a long stream", () => {
  const q = sequence([{ filter: fieldIs("t", "a"), keys: keyBy(["k"]) }, { filter: fieldIs("t", "b"), keys: keyBy(["k"]) }], { maxspanMs: 10 });
  const m = new SequenceMatcher(q);
  for (let i = 0; i < 20_000; i++) m.push(ev(i, i, { t: "a", k: i }));
  assert.ok(m.stats.peakInFlight <= 12, `peak ${m.stats.peakInFlight}`);
  assert.ok(m.stats.rejectedByMaxspan >= 19_980);
});

test("the in-flight cap drops the oldest partials and warns once", () => {
  const q = sequence([{ filter: fieldIs("t", "a"), keys: keyBy(["k"]) }, { filter: fieldIs("t", "b"), keys: keyBy(["k"]) }]);
  const warnings: string[] = [];
  const m = new SequenceMatcher(q, { maxInFlight: 3, onWarning: (w) => warnings.push(w) });
  for (let i = 0; i < 6; i++) m.push(ev(i, i, { t: "a", k: i }));
  for (let i = 0; i < 6; i++) m.push(ev(10 + i, 10 + i, { t: "b", k: i }));
  m.flush();
  const got: readonly SequenceMatch[] = m.take();
  assert.deepEqual(ids(got), [3, 13, 4, 14, 5, 15]);
  assert.equal(m.stats.droppedByCap, 3);
  assert.equal(m.stats.peakInFlight, 3);
  assert.equal(warnings.length, 1);
});

test("stats count seen, ignored and rejections", () => {
  const q = sequence([{ filter: fieldIs("t", "a") }, { filter: fieldIs("t", "b") }], { until: { filter: fieldIs("t", "u") }, maxspanMs: 5 });
  const m = new SequenceMatcher(q);
  const evs: EventRecord[] = [ev(1, 1, { t: "a" }), ev(2, 2, { t: "u" }), ev(3, 3, { t: "x" }), ev(4, 4, { t: "a" }), ev(5, 20, { t: "b" })];
  for (const e of evs) m.push(e);
  m.flush();
  assert.deepEqual(m.take(), []);
  assert.equal(m.stats.seen, 5);
  assert.equal(m.stats.ignored, 1);
  assert.equal(m.stats.rejectedByUntil, 1);
  assert.equal(m.stats.rejectedByMaxspan, 1);
  assert.equal(m.stats.inFlight, 0);
});

test("a head limit ends the stream early", () => {
  const q = eventQuery(where(() => true), [{ kind: "head", count: 2 }]);
  const s = createStream(q, { size: 50 });
  s.pushAll([ev(1, 1), ev(2, 2)]);
  assert.equal(s.done, false); // event 2 is still in the reorder buffer
  s.push(ev(3, 3));
  assert.equal(s.done, true);
});

test("sequence matcher ignores events without a timestamp", () => {
  const q = sequence([{ filter: fieldIs("t", "a") }, { filter: fieldIs("t", "b") }]);
  const m = new SequenceMatcher(q);
  m.push(ev(1, 1, { t: "a" }));
  m.push({ ...ev(2, 2, { t: "b" }), tsMs: Number.NaN });
  m.push(ev(3, 3, { t: "b" }));
  m.flush();
  assert.deepEqual(ids(m.take()), [1, 3]);
  assert.equal(m.stats.ignored, 1);
});

test("a sample stream accepts events without timestamps", () => {
  const q = sample([{ filter: fieldIs("t", "a"), keys: keyBy(["k"]) }, { filter: fieldIs("t", "b"), keys: keyBy(["k"]) }]);
  const s = createStream(q, { size: 50, allowedLatenessMs: 10 });
  s.pushAll([{ ...ev(1, 0, { t: "a", k: 1 }), tsMs: Number.NaN }, { ...ev(2, 0, { t: "b", k: 1 }), tsMs: Number.NaN }]);
  const r = s.flush();
  assert.deepEqual(r.kind === "sequences" ? ids(r.sequences) : [], [1, 2]);
  assert.equal(s.reorderStats.untimed, 2);
});

test("advancing time on an idle stream closes a trailing missing-event window", () => {
  const q = sequence([{ filter: fieldIs("t", "a") }, { filter: fieldIs("t", "b") }, { filter: fieldIs("t", "m"), missing: true }], { maxspanMs: 10 });
  const live: number[][] = [];
  const s = createStream(q, { size: 50, allowedLatenessMs: 2, onResult: (m) => live.push(ids([m as SequenceMatch])) });
  s.pushAll([ev(1, 100, { t: "a" }), ev(2, 105, { t: "b" })]);
  s.advanceTo(108); // watermark 106: both events released, window (until 110) still open
  assert.deepEqual(live, []);
  s.advanceTo(113); // watermark 111 > 100 + 10: no trailing event can fall within maxspan any more
  assert.deepEqual(live, [[1, 2, -1]]);
  s.push(ev(3, 112, { t: "m" })); // after the window: does not cancel
  const r = s.flush();
  assert.deepEqual(r.kind === "sequences" ? ids(r.sequences) : [], [1, 2, -1]);
});
