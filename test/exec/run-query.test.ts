import { test } from "node:test";
import assert from "node:assert/strict";
import { runQuery, runQueryInTurns } from "../../src/exec/run-query.js";
import { ev, eventIds, eventQuery, fieldIs, ids, keyBy, sequence, sample, where } from "./helpers.js";
import type { EventRecord } from "../../src/exec/event.js";
import type { SequenceMatch } from "../../src/exec/results.js";

function seqs(r: ReturnType<typeof runQuery>): SequenceMatch[] {
  assert.equal(r.kind, "sequences");
  return r.kind === "sequences" ? r.sequences : [];
}
function evs(r: ReturnType<typeof runQuery>): EventRecord[] {
  assert.equal(r.kind, "events");
  return r.kind === "events" ? r.events : [];
}

const ten = Array.from({ length: 10 }, (_, i) => ev(i + 1, i * 10, { t: i % 2 === 0 ? "a" : "b" }));

test("event query: filter, size, head, tail keep ascending order", () => {
  const all = where(() => true);
  assert.deepEqual(eventIds(evs(runQuery(eventQuery(fieldIs("t", "a")), ten, { size: 50 }))), [1, 3, 5, 7, 9]);
  assert.deepEqual(eventIds(evs(runQuery(eventQuery(all), ten, { size: 3 }))), [1, 2, 3]);
  assert.deepEqual(eventIds(evs(runQuery(eventQuery(all, [{ kind: "tail", count: 3 }]), ten, { size: 50 }))), [8, 9, 10]);
  assert.deepEqual(eventIds(evs(runQuery(eventQuery(all, [{ kind: "tail", count: 5 }]), ten, { size: 2 }))), [9, 10]);
  assert.deepEqual(
    eventIds(evs(runQuery(eventQuery(all, [{ kind: "head", count: 4 }, { kind: "tail", count: 2 }]), ten, { size: 50 }))),
    [3, 4],
  );
  assert.deepEqual(
    eventIds(evs(runQuery(eventQuery(all, [{ kind: "tail", count: 6 }, { kind: "head", count: 2 }]), ten, { size: 50 }))),
    [5, 6],
  );
});

test("event query: head stops reading input early", () => {
  let read = 0;
  function* gen(): Generator<EventRecord> {
    for (const e of ten) {
      read++;
      yield e;
    }
  }
  runQuery(eventQuery(where(() => true), [{ kind: "head", count: 2 }]), gen(), { size: 50 });
  assert.equal(read, 2);
});

test("in turns: same results as runQuery, a turn after every `every` events, head still stops reading early", async () => {
  const all = where(() => true);
  for (const every of [1, 3, 10, 100]) {
    let turns = 0;
    const turn = async () => void turns++;
    const r = await runQueryInTurns(eventQuery(fieldIs("t", "a")), ten, { size: 50 }, turn, every);
    assert.deepEqual(eventIds(evs(r)), [1, 3, 5, 7, 9]);
    assert.equal(turns, Math.floor(ten.length / every), `every ${every}`);
  }
  let read = 0;
  function* gen(): Generator<EventRecord> {
    for (const e of ten) {
      read++;
      yield e;
    }
  }
  const head = await runQueryInTurns(eventQuery(all, [{ kind: "head", count: 2 }]), gen(), { size: 50 }, async () => undefined, 1);
  assert.deepEqual(eventIds(evs(head)), [1, 2]);
  assert.equal(read, 2);
  const q = sequence([{ filter: fieldIs("t", "a"), keys: keyBy(["k"]) }, { filter: fieldIs("t", "b"), keys: keyBy(["k"]) }]);
  const events = [ev(1, 1, { t: "a", k: 1 }), ev(2, 2, { t: "b", k: 1 }), ev(3, 3, { t: "a", k: 2 }), ev(4, 4, { t: "b", k: 2 })];
  assert.deepEqual(ids(seqs(await runQueryInTurns(q, events, { size: 50 }, async () => undefined, 2))), ids(seqs(runQuery(q, events, { size: 50 }))));
});

test("sequence: newest partial replaces older, results in completion order", () => {
  const q = sequence([{ filter: fieldIs("t", "a"), keys: keyBy(["k"]) }, { filter: fieldIs("t", "b"), keys: keyBy(["k"]) }]);
  const events = [
    ev(1, 1, { t: "a", k: 1 }),
    ev(2, 2, { t: "a", k: 1 }),
    ev(3, 3, { t: "a", k: 2 }),
    ev(4, 4, { t: "b", k: 2 }),
    ev(5, 5, { t: "b", k: 1 }),
    ev(6, 6, { t: "b", k: 1 }),
  ];
  const r = seqs(runQuery(q, events, { size: 50 }));
  assert.deepEqual(ids(r), [3, 4, 2, 5]);
  assert.deepEqual(r.map((m) => m.joinKeys), [[2], [1]]);
});

test("sample: first events per filter, ordered by key", () => {
  const q = sample([
    { filter: fieldIs("t", "a"), keys: keyBy(["k"]) },
    { filter: fieldIs("t", "b"), keys: keyBy(["k"]) },
  ]);
  const events = [ev(1, 1, { t: "b", k: "z" }), ev(2, 2, { t: "a", k: "z" }), ev(3, 3, { t: "a", k: "A" }), ev(4, 4, { t: "b", k: "A" })];
  const r = seqs(runQuery(q, events, { size: 50 }));
  assert.deepEqual(ids(r), [3, 4, 2, 1]);
});
