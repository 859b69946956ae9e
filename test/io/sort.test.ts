import test from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { ExternalSorter } from "../../src/io/sort.js";
import { Spool } from "../../src/io/spool.js";
import { compareEventsTotal, compareOrder, recordCodec, sortEntryCodec } from "../../src/io/events.js";
import { compareEvents, type EventRecord } from "../../src/exec/event.js";
import { tempFiles } from "./temp.js";

interface Item {
  key: number;
  arrival: number;
}

const itemCodec = {
  encode: (i: Item) => JSON.stringify([i.key, i.arrival]),
  decode: (line: string) => {
    const [key, arrival] = JSON.parse(line) as [number, number];
    return { key, arrival };
  },
};
const byKeyThenArrival = (a: Item, b: Item) => a.key - b.key || a.arrival - b.arrival;

function pseudoRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test("sort: small inputs stay in memory", () => {
  const t = tempFiles({});
  try {
    const sorter = new ExternalSorter<Item>({ compare: byKeyThenArrival, codec: itemCodec, maxInMemory: 100, tmpDir: t.dir });
    [3, 1, 2].forEach((key, arrival) => sorter.add({ key, arrival }));
    assert.deepEqual([...sorter.sorted()].map((i) => i.key), [1, 2, 3]);
    assert.equal(sorter.spilledRuns, 0);
    assert.deepEqual(readdirSync(t.dir), []);
  } finally {
    t.cleanup();
  }
});

test("sort: spills sorted runs and merges them (tiny buffer), then removes the files", () => {
  const t = tempFiles({});
  try {
    const rand = pseudoRandom(7);
    const items: Item[] = [];
    for (let arrival = 0; arrival < 1000; arrival++) items.push({ key: Math.floor(rand() * 50), arrival });
    const sorter = new ExternalSorter<Item>({ compare: byKeyThenArrival, codec: itemCodec, maxInMemory: 7, tmpDir: t.dir });
    for (const item of items) sorter.add(item);
    assert.equal(sorter.spilledRuns, Math.floor(1000 / 7));
    assert.equal(readdirSync(t.dir).length, 1, "one temporary directory while sorting");
    const sorted = [...sorter.sorted()];
    assert.deepEqual(sorted, [...items].sort(byKeyThenArrival));
    assert.deepEqual(readdirSync(t.dir), [], "temporary runs removed");
  } finally {
    t.cleanup();
  }
});

test("sort: many runs are merged in groups, never more than maxOpenRuns files at once", () => {
  const t = tempFiles({});
  try {
    const rand = pseudoRandom(11);
    const items: Item[] = [];
    for (let arrival = 0; arrival < 500; arrival++) items.push({ key: Math.floor(rand() * 20), arrival });
    const sorter = new ExternalSorter<Item>({ compare: byKeyThenArrival, codec: itemCodec, maxInMemory: 3, maxOpenRuns: 4, tmpDir: t.dir });
    for (const item of items) sorter.add(item);
    assert.equal(sorter.spilledRuns, 166);
    assert.deepEqual([...sorter.sorted()], [...items].sort(byKeyThenArrival));
    assert.deepEqual(readdirSync(t.dir), []);
  } finally {
    t.cleanup();
  }
});

test("sort: abandoning the iteration early still removes the runs", () => {
  const t = tempFiles({});
  try {
    const sorter = new ExternalSorter<Item>({ compare: byKeyThenArrival, codec: itemCodec, maxInMemory: 2, tmpDir: t.dir });
    for (let i = 10; i > 0; i--) sorter.add({ key: i, arrival: 10 - i });
    const first: number[] = [];
    for (const item of sorter.sorted()) {
      first.push(item.key);
      if (first.length === 3) break;
    }
    assert.deepEqual(first, [1, 2, 3]);
    assert.deepEqual(readdirSync(t.dir), []);
  } finally {
    t.cleanup();
  }
});

test("spool: keeps arrival order across spills and can be read twice", () => {
  const t = tempFiles({});
  try {
    const spool = new Spool<Item>({ codec: itemCodec, maxInMemory: 3, tmpDir: t.dir });
    for (let arrival = 0; arrival < 10; arrival++) spool.add({ key: 10 - arrival, arrival });
    assert.equal(spool.spilledRuns, 3);
    const once = [...spool.items()].map((i) => i.arrival);
    const twice = [...spool.items()].map((i) => i.arrival);
    assert.deepEqual(once, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(twice, once);
    spool.dispose();
    assert.deepEqual(readdirSync(t.dir), []);
  } finally {
    t.cleanup();
  }
});

function record(source: Record<string, unknown>, index: string, id: string, seq: number): EventRecord {
  const ts = source["ts"];
  return {
    source,
    index,
    id,
    seq,
    tsMs: typeof ts === "number" ? ts : Number.NaN,
    tsNs: 0,
    tiebreaker: typeof source["tb"] === "number" ? (source["tb"] as number) : null,
  };
}

test("sort: events by timestamp, tiebreaker, arrival; untimed last; records survive a spill", () => {
  const t = tempFiles({});
  try {
    const sources = [{ ts: 5 }, { ts: 1, tb: 2 }, {}, { ts: 1, tb: 1 }, { ts: 1 }, { tb: 0 }, { ts: 5 }];
    const sorter = new ExternalSorter<EventRecord>({ compare: compareEventsTotal, codec: recordCodec(record), maxInMemory: 2, tmpDir: t.dir });
    sources.forEach((s, seq) => sorter.add(record(s, "i", `id${seq}`, seq)));
    const order = [...sorter.sorted()].map((r) => r.id);
    assert.deepEqual(order, ["id3", "id1", "id4", "id0", "id6", "id5", "id2"]);
    assert.equal(existsSync(t.dir), true);
    assert.deepEqual(readdirSync(t.dir), []);
  } finally {
    t.cleanup();
  }
});

test("sort: compareOrder agrees with compareEvents on timed events and the entry codec round-trips", () => {
  const rand = pseudoRandom(3);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const records: EventRecord[] = [];
  for (let seq = 0; seq < 300; seq++) {
    records.push({
      source: {},
      index: "i",
      id: String(seq),
      seq,
      tsMs: pick([1, 2, 3]),
      tsNs: pick([0, 0, 5]),
      tiebreaker: pick([null, 1, 2, "a", "b"]),
    });
  }
  for (let i = 0; i < 2000; i++) {
    const a = pick(records);
    const b = pick(records);
    assert.equal(Math.sign(compareOrder(a, b)), Math.sign(compareEvents(a, b)));
  }
  const entry = { tsMs: Number.NaN, tsNs: 0, tiebreaker: "x", seq: 4, index: "idx", id: "abc", text: '{"a":\t"b"}' };
  const back = sortEntryCodec.decode(sortEntryCodec.encode(entry));
  assert.deepEqual(back, entry);
});
