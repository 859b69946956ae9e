// Filter verdicts passed between threads (src/engine/verdicts.ts): bits per distinct filter, and a query copy
// whose filters answer from them for one event only.

import { test } from "node:test";
import assert from "node:assert/strict";
import type { CompiledFilter, CompiledQuery } from "../../src/exec/compiled.js";
import type { EventRecord } from "../../src/exec/event.js";
import { EVALUATE, MAX_VERDICT_FILTERS, distinctFilters, verdictsOf, withPresetVerdicts } from "../../src/engine/verdicts.js";

const record = (n: number): EventRecord => ({ source: { n }, index: "i", id: String(n), tsMs: n, tsNs: 0, tiebreaker: null, seq: n });
const filter = (accept: (n: number) => boolean): CompiledFilter => ({ test: (e) => accept(e.source["n"] as number) });
const keys = () => [];

function sequence(stages: CompiledFilter[], until: CompiledFilter | null): CompiledQuery {
  return { kind: "sequence", stages: stages.map((f, i) => ({ filter: f, keys, missing: i === 1 })), until: until === null ? null : { filter: until, keys }, maxspanMs: null, keyCount: 0, pipes: [] };
}

test("verdict bits follow the distinct filters: stages (a runs=N stage once), then until", () => {
  const even = filter((n) => n % 2 === 0);
  const big = filter((n) => n > 10);
  const seven = filter((n) => n === 7);
  const q = sequence([even, even, big], seven);
  assert.deepEqual(distinctFilters(q), [even, big, seven]);
  const v = verdictsOf(q);
  assert.equal(v(record(4)), 0b001);
  assert.equal(v(record(12)), 0b011);
  assert.equal(v(record(7)), 0b100);
  assert.equal(v(record(3)), 0);
});

test("a preset answers for its event only; other events are evaluated; EVALUATE presets nothing", () => {
  let calls = 0;
  const counted = filter((n) => (calls++, n > 0));
  const q = sequence([counted, filter(() => false)], null);
  const { query, preset } = withPresetVerdicts(q);
  const stages = query.kind === "sequence" ? query.stages : [];
  const e = record(5);
  preset(e, 0b10);
  assert.equal(stages[0]!.filter.test(e), false, "preset bit 0 off");
  assert.equal(stages[1]!.filter.test(e), true, "preset bit 1 on");
  assert.equal(calls, 0);
  assert.equal(stages[0]!.filter.test(record(6)), true, "another event is evaluated");
  assert.equal(calls, 1);
  preset(e, EVALUATE);
  assert.equal(stages[0]!.filter.test(e), true);
  assert.equal(calls, 2);
});

test("a repeated stage keeps one filter object in the copy (matchers memoise by identity)", () => {
  const f = filter(() => true);
  const q = sequence([f, f, f], null);
  const { query } = withPresetVerdicts(q);
  const stages = query.kind === "sequence" ? query.stages : [];
  assert.equal(stages[0]!.filter, stages[1]!.filter);
  assert.equal(stages[1]!.filter, stages[2]!.filter);
});

test("more filters than bits: EVALUATE when some accepts, 0 when none does", () => {
  const many = Array.from({ length: MAX_VERDICT_FILTERS + 2 }, (_, i) => filter((n) => n === i));
  const q: CompiledQuery = { kind: "sample", stages: many.map((f) => ({ filter: f, keys })), keyCount: 0, pipes: [] };
  const v = verdictsOf(q);
  assert.equal(v(record(31)), EVALUATE);
  assert.equal(v(record(99)), 0);
});
