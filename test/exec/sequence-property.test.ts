// Property: the optimised SequenceMatcher (slots, expiry, streaming missing-event windows) returns exactly
// what the brute-force reference returns, on random short streams.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { runQuery } from "../../src/exec/run-query.js";
import { createStream } from "../../src/exec/stream.js";
import type { EventRecord } from "../../src/exec/event.js";
import { compareEvents } from "../../src/exec/event.js";
import type { CompiledSequence, JoinKey, KeyExtractor, KeyValue } from "../../src/exec/compiled.js";
import type { SequenceMatch } from "../../src/exec/results.js";
import { referenceSequences } from "./reference.js";

interface Spec {
  events: { ts: number; ns: number; tags: boolean[]; until: boolean; key: KeyValue | KeyValue[] | undefined }[];
  stages: { tag: number; missing: boolean }[];
  maxspanMs: number | null;
  withUntil: boolean;
  optionalKey: boolean;
  keyed: boolean;
}

const keyArb = fc.oneof(
  fc.constantFrom<KeyValue | undefined>(1, 2, 3, null, undefined),
  fc.constantFrom<KeyValue[]>([1, 2], [2, 3], [null, 1], [null]),
);

const specArb: fc.Arbitrary<Spec> = fc.record({
  events: fc.array(
    fc.record({
      ts: fc.integer({ min: 0, max: 12 }),
      ns: fc.constantFrom(0, 0, 0, 500_000),
      tags: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      until: fc.boolean(),
      key: keyArb,
    }),
    { maxLength: 24 },
  ),
  stages: fc
    .array(fc.record({ tag: fc.integer({ min: 0, max: 3 }), missing: fc.boolean() }), { minLength: 2, maxLength: 5 })
    .filter((st) => st.some((s) => !s.missing)),
  maxspanMs: fc.option(fc.constantFrom(0, 1, 2, 3, 5, 8), { nil: null }),
  withUntil: fc.boolean(),
  optionalKey: fc.boolean(),
  keyed: fc.boolean(),
});

function keyExtractor(optional: boolean, keyed: boolean): KeyExtractor {
  return (e) => {
    if (!keyed) return [{ values: [], hash: "" }];
    const raw = e.source["k"] as KeyValue | KeyValue[] | undefined;
    let values: KeyValue[];
    if (Array.isArray(raw)) {
      values = [...new Set(raw.filter((v) => v !== null))];
      if (values.length === 0) values = [null];
    } else values = [raw ?? null];
    if (!optional && values.includes(null)) return [];
    return values.map((v): JoinKey => ({ values: [v], hash: JSON.stringify(v) }));
  };
}

export function build(spec: Spec): { query: CompiledSequence; events: EventRecord[] } {
  const keys = keyExtractor(spec.optionalKey, spec.keyed);
  const events = spec.events
    .map((x, i): EventRecord => ({
      source: { id: i, tags: x.tags, until: x.until, ...(x.key === undefined ? {} : { k: x.key }) },
      index: "p",
      id: String(i),
      tsMs: x.ts,
      tsNs: x.ns,
      tiebreaker: null,
      seq: i,
    }))
    .sort(compareEvents);
  const query: CompiledSequence = {
    kind: "sequence",
    stages: spec.stages.map((s) => ({ filter: { test: (e) => (e.source["tags"] as boolean[])[s.tag] === true }, keys, missing: s.missing })),
    until: spec.withUntil ? { filter: { test: (e) => e.source["until"] === true }, keys } : null,
    maxspanMs: spec.maxspanMs,
    keyCount: spec.keyed ? 1 : 0,
    pipes: [],
  };
  return { query, events };
}

function render(ms: readonly SequenceMatch[]): string[] {
  return ms.map((m) => `${JSON.stringify(m.joinKeys)}:${m.events.map((e) => (e === null ? "-" : String(e.source["id"]))).join(",")}`);
}

function optimised(query: CompiledSequence, events: EventRecord[]): string[] {
  const r = runQuery(query, events, { size: 1_000_000 });
  return r.kind === "sequences" ? render(r.sequences) : [];
}

test("optimised sequence matcher equals the brute-force reference", () => {
  fc.assert(
    fc.property(specArb, (spec) => {
      const { query, events } = build(spec);
      assert.deepEqual(optimised(query, events), render(referenceSequences(query, events)));
    }),
    { numRuns: Number(process.env["SEQ_PROP_RUNS"] ?? 1500), seed: Number(process.env["SEQ_PROP_SEED"] ?? 20261128) },
  );
});

test("stream in chunks, and shuffled within the allowed lateness, equals runQuery", () => {
  fc.assert(
    fc.property(specArb, fc.integer({ min: 0, max: 1_000_000 }), (spec, salt) => {
      const { query, events } = build(spec);
      const expected = optimised(query, events);
      const lateness = 4;
      // deterministic local shuffle: an event may arrive up to lateness-1 ms (whole) before older ones
      const shuffled = [...events].sort((x, y) => {
        const jx = x.tsMs - ((x.seq * 7919 + salt) % lateness);
        const jy = y.tsMs - ((y.seq * 7919 + salt) % lateness);
        return jx - jy || x.seq - y.seq;
      });
      const late: EventRecord[] = [];
      const stream = createStream(query, { size: 1_000_000, allowedLatenessMs: lateness, onLate: (e) => late.push(e) });
      stream.pushAll(shuffled);
      const r = stream.flush();
      assert.deepEqual(late, []);
      assert.deepEqual(r.kind === "sequences" ? render(r.sequences) : [], expected);
    }),
    { numRuns: 500, seed: 7 },
  );
});

test("size and head/tail pipes select the same slice as limiting the full result", () => {
  const pipeArb = fc.array(fc.record({ kind: fc.constantFrom<"head" | "tail">("head", "tail"), count: fc.integer({ min: 0, max: 4 }) }), { maxLength: 3 });
  fc.assert(
    fc.property(specArb, pipeArb, fc.integer({ min: 0, max: 5 }), (spec, pipes, size) => {
      const { query, events } = build(spec);
      const full = render(referenceSequences(query, events));
      let slice = full.slice(0, size);
      const first = pipes[0];
      if (first !== undefined && first.kind === "tail") slice = full.slice(Math.max(0, full.length - size));
      for (const p of pipes) slice = p.kind === "head" ? slice.slice(0, p.count) : slice.slice(Math.max(0, slice.length - p.count));
      const r = runQuery({ ...query, pipes }, events, { size });
      assert.deepEqual(r.kind === "sequences" ? render(r.sequences) : [], slice);
    }),
    { numRuns: 800, seed: 99 },
  );
});

test("advancing idle time between events never changes the result", () => {
  fc.assert(
    fc.property(specArb, fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }), (spec, ticks) => {
      const { query, events } = build(spec);
      const expected = optimised(query, events);
      const late: EventRecord[] = [];
      const stream = createStream(query, { size: 1_000_000, allowedLatenessMs: 0, onLate: (e) => late.push(e) });
      events.forEach((e, i) => {
        // time may be declared up to the time of the event about to arrive: nothing older will follow
        if (ticks[i] === true) stream.advanceTo(e.tsMs, e.tsNs);
        stream.push(e);
      });
      const r = stream.flush();
      assert.deepEqual(late, []);
      assert.deepEqual(r.kind === "sequences" ? render(r.sequences) : [], expected);
    }),
    { numRuns: 500, seed: 3 },
  );
});
