// The alert spill (src/alerts/spill.ts): matches come back in order, as the same documents, whether they were
// held in memory or written to the temporary file and read back; the file goes away with the spill.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type { AlertDoc } from "../../src/alerts/build.js";
import { alertSourceJson } from "../../src/alerts/build.js";
import { AlertSpill } from "../../src/alerts/spill.js";

/** A "match": its alert documents (built lazily by the bucket), counted as `events` matched events. */
interface FakeMatch {
  readonly docs: readonly AlertDoc[];
  readonly events: number;
}

function doc(id: string, source: Record<string, unknown>): AlertDoc {
  return { _id: id, _index: ".alerts-security.alerts-default", _source: source };
}

function withDir<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "sequent-spill-test-"));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function drain(bucket: { batches(size: number): Generator<{ docs: AlertDoc[]; matches: number }> }, size: number): { docs: AlertDoc[]; sizes: number[] } {
  const docs: AlertDoc[] = [];
  const sizes: number[] = [];
  for (const b of bucket.batches(size)) {
    docs.push(...b.docs);
    sizes.push(b.matches);
  }
  return { docs, sizes };
}

const build = (m: FakeMatch): readonly AlertDoc[] => m.docs;
const weight = (m: FakeMatch): number => m.events;

test("matches within the budget stay in memory: same objects back, no temporary file", () => {
  withDir((dir) => {
    const spill = new AlertSpill({ maxInMemory: 100, tmpDir: dir });
    const bucket = spill.bucket(build, weight);
    const matches = [0, 1, 2].map((i) => ({ docs: [doc(`a${i}`, { n: i })], events: 1 }));
    for (const m of matches) bucket.add(m);
    assert.equal(bucket.count, 3);
    assert.deepEqual(readdirSync(dir), []);
    const { docs, sizes } = drain(bucket, 2);
    assert.deepEqual(sizes, [2, 1]);
    assert.ok(docs.every((d, i) => d === matches[i]!.docs[0]), "held matches are built at the end, not copied");
    assert.equal(spill.spilled, 0);
    spill.dispose();
  });
});

test("past the budget every bucket spills; order, batches and documents survive the round trip", () => {
  withDir((dir) => {
    const spill = new AlertSpill({ maxInMemory: 5, tmpDir: dir });
    const a = spill.bucket(build, weight);
    const b = spill.bucket(build, weight);
    const expectA: AlertDoc[] = [];
    const expectB: AlertDoc[] = [];
    for (let i = 0; i < 40; i++) {
      const shell = doc(`s${i}`, { "kibana.alert.uuid": `s${i}`, text: "tab\there, newline\nthere, é, 🙂", nested: { list: [1, 2.5, null, true] } });
      const block = doc(`b${i}`, { "kibana.alert.group.index": 0, i });
      const seq = { docs: [shell, block], events: 2 };
      const one = { docs: i % 7 === 0 ? [] : [doc(`e${i}`, { i })], events: 1 }; // an event whose alert was not built
      a.add(seq);
      b.add(one);
      expectA.push(...seq.docs);
      expectB.push(...one.docs);
    }
    assert.ok(spill.spilled > 0, "the budget was exceeded");
    assert.ok(readdirSync(dir).length > 0, "a temporary file exists");
    const outA = drain(a, 3);
    assert.equal(JSON.stringify(outA.docs), JSON.stringify(expectA));
    assert.equal(outA.sizes.reduce((x, y) => x + y, 0), 40);
    assert.ok(outA.sizes.slice(0, -1).every((n) => n === 3));
    const outB = drain(b, 1000);
    assert.deepEqual(outB.sizes, [40], "matches without documents still count");
    assert.equal(JSON.stringify(outB.docs), JSON.stringify(expectB));
    for (const [i, d] of outA.docs.entries()) {
      assert.equal(alertSourceJson(d), JSON.stringify(expectA[i]!._source), "the text a sink writes");
      assert.deepEqual(d._source, expectA[i]!._source);
      assert.equal(d._id, expectA[i]!._id);
    }
    spill.dispose();
    assert.deepEqual(readdirSync(dir), [], "dispose removes the temporary directory");
  });
});

test("a discarded bucket no longer counts against the budget and never spills", () => {
  withDir((dir) => {
    const spill = new AlertSpill({ maxInMemory: 3, tmpDir: dir });
    const gone = spill.bucket(build, weight);
    gone.add({ docs: [doc("x", {})], events: 3 });
    gone.discard();
    const kept = spill.bucket(build, weight);
    kept.add({ docs: [doc("y", {})], events: 3 });
    assert.equal(spill.spilled, 0);
    assert.equal(drain(kept, 10).docs.length, 1);
    spill.dispose();
  });
});

test("an alert that cannot be built fails its own rule at the end, not the rule whose match filled the budget", () => {
  withDir((dir) => {
    const spill = new AlertSpill({ maxInMemory: 2, tmpDir: dir });
    const broken = spill.bucket((m: FakeMatch) => {
      if (m.events === 3) throw new Error("cannot build");
      return m.docs;
    }, weight);
    const fine = spill.bucket(build, weight);
    for (let i = 0; i < 30; i++) broken.add({ docs: [doc(`ok${i}`, { pad: "x".repeat(70_000) })], events: 0 }); // ~2 MB: staged and written before the failure
    broken.add({ docs: [doc("b0", {})], events: 3 }); // over budget: the spill fails for this bucket only
    for (let i = 0; i < 50; i++) fine.add({ docs: [doc(`f${i}`, { i })], events: 1 });
    assert.ok(spill.spilled > 0);
    assert.equal(drain(fine, 7).docs.map((d) => d._id).join(","), Array.from({ length: 50 }, (_, i) => `f${i}`).join(","));
    assert.throws(() => drain(broken, 7), /cannot build/);
    spill.dispose();
  });
});

test("property: any sequence of matches and budget gives back the same documents in the same order", () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  const matchArb = fc.record({ docs: fc.array(fc.record({ id: fc.string(), source: fc.dictionary(fc.string(), json, { maxKeys: 4 }) }), { maxLength: 3 }), events: fc.integer({ min: 1, max: 4 }) });
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(2), matchArb), { maxLength: 40 }), fc.nat(12), fc.integer({ min: 1, max: 7 }), (adds, budget, size) => {
      return withDir((dir) => {
        const spill = new AlertSpill({ maxInMemory: budget, tmpDir: dir });
        const buckets = [0, 1, 2].map(() => spill.bucket(build, weight));
        const expected: AlertDoc[][] = [[], [], []];
        for (const [k, m] of adds) {
          const docs = m.docs.map((d) => doc(d.id, d.source));
          buckets[k]!.add({ docs, events: m.events });
          expected[k]!.push(...docs);
        }
        buckets.forEach((bucket, k) => {
          const out = drain(bucket, size);
          assert.equal(JSON.stringify(out.docs), JSON.stringify(expected[k]));
          assert.equal(out.sizes.reduce((x, y) => x + y, 0), adds.filter(([j]) => j === k).length);
        });
        spill.dispose();
        assert.deepEqual(readdirSync(dir), []);
      });
    }),
    { numRuns: 150 },
  );
});
