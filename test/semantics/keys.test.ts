// Join keys: sequence-level keys first, multi-values expand (cartesian product, duplicates collapse, null
// entries ignored), non-optional null keys cannot join, optional keys join on null, dates render as ISO
// for sequences and epoch millis for samples.

import { test } from "node:test";
import assert from "node:assert/strict";
import { compile, mappingWith, records, schemaFor } from "./helpers.js";
import type { CompiledQuery, JoinKey } from "../../src/exec/compiled.js";

const mapping = mappingWith({
  host: { type: "keyword" },
  pid: { type: "long" },
  addr: { type: "ip" },
  day: { type: "date" },
  dn: { type: "date_nanos" },
  ver: { type: "version" },
});

function keysOf(q: CompiledQuery, stage: number, doc: Record<string, unknown>): (readonly unknown[])[] {
  const schema = schemaFor(mapping, [doc]);
  const [r] = records([doc], schema);
  const extractor = q.kind === "sequence" || q.kind === "sample" ? q.stages[stage]!.keys : null;
  assert.ok(extractor !== null);
  return extractor(r!).map((k: JoinKey) => k.values);
}

test("sequence keys: sequence-level first, then the stage's own; runs expand", () => {
  const q = compile("sequence by host [a where true] by pid with runs=2 [b where true] by pid", schemaFor(mapping));
  assert.equal(q.kind, "sequence");
  if (q.kind !== "sequence") return;
  assert.equal(q.stages.length, 3);
  assert.equal(q.keyCount, 2);
  assert.deepEqual(keysOf(q, 0, { host: "h", pid: 4 }), [["h", 4]]);
});

test("multi-valued keys expand per value; duplicates collapse; null entries are ignored", () => {
  const q = compile("sequence by host, pid [a where true] [b where true]", schemaFor(mapping));
  assert.deepEqual(keysOf(q, 0, { host: ["a", "b", "a"], pid: [1, 2] }), [["a", 1], ["a", 2], ["b", 1], ["b", 2]]);
  assert.deepEqual(keysOf(q, 0, { host: ["a", null], pid: 1 }), [["a", 1]]);
  assert.deepEqual(keysOf(q, 0, { host: [null], pid: 1 }), []);
  assert.deepEqual(keysOf(q, 0, { pid: 1 }), []);
});

test("optional keys join on null", () => {
  const q = compile("sequence by ?host, pid [a where true] [b where true]", schemaFor(mapping));
  assert.deepEqual(keysOf(q, 0, { pid: 1 }), [[null, 1]]);
  assert.deepEqual(keysOf(q, 0, { host: [null, null], pid: 1 }), [[null, 1]]);
  const missing = compile("sequence by ?nope [a where true] [b where true]", schemaFor(mapping));
  assert.deepEqual(keysOf(missing, 0, { pid: 1 }), [[null]]);
});

test("rendering: ip canonical, version text, dates ISO for sequences and millis for samples", () => {
  const seq = compile("sequence by addr, ver, day, dn [a where true] [b where true]", schemaFor(mapping));
  const doc = { addr: "::ffff:10.0.0.1", ver: "1.2.3", day: "1970-01-01T00:00:00.123456Z", dn: "1970-01-01T00:00:00.123456Z" };
  assert.deepEqual(keysOf(seq, 0, doc), [["10.0.0.1", "1.2.3", "1970-01-01T00:00:00.123Z", "1970-01-01T00:00:00.123456Z"]]);
  const sample = compile("sample by day [a where true] [b where true]", schemaFor(mapping));
  assert.deepEqual(keysOf(sample, 0, { day: "1970-01-01T00:00:01Z" }), [[1000]]);
});

test("equal keys have equal hashes, different types do not collide", () => {
  const q = compile("sequence by host [a where true] [b where true]", schemaFor(mapping));
  if (q.kind !== "sequence") return;
  const schema = schemaFor(mapping);
  const [a, b, c] = records([{ host: "1" }, { host: "1" }, { host: "2" }], schema);
  const ka = q.stages[0]!.keys(a!)[0]!;
  const kb = q.stages[1]!.keys(b!)[0]!;
  const kc = q.stages[1]!.keys(c!)[0]!;
  assert.equal(ka.hash, kb.hash);
  assert.notEqual(ka.hash, kc.hash);
});

test("samples: per-stage keys with different field names", () => {
  const m = mappingWith({ os: { type: "keyword" }, op_sys: { type: "keyword" }, host: { type: "keyword" } });
  const q = compile("sample by host [a where true] by os [b where true] by op_sys", schemaFor(m));
  assert.equal(q.kind, "sample");
  if (q.kind !== "sample") return;
  assert.equal(q.keyCount, 2);
  const schema = schemaFor(m);
  const [r1, r2] = records([{ host: "h", os: "win" }, { host: "h", op_sys: "win" }], schema);
  assert.deepEqual(q.stages[0]!.keys(r1!)[0]!.values, ["h", "win"]);
  assert.equal(q.stages[0]!.keys(r1!)[0]!.hash, q.stages[1]!.keys(r2!)[0]!.hash);
});

test("conditions on join keys constrain the other stages (PropagateJoinKeyConstraints)", () => {
  const schema = schemaFor(mapping);
  const q = compile("sequence by host [a where pid == 4 and host != \"x\"] by pid [b where true] by pid [c where pid == 1 or pid == 2] by pid", schema);
  assert.equal(q.kind, "sequence");
  if (q.kind !== "sequence") return;
  const [p4, p5, hx] = records(
    [
      { event_type: "b", pid: 4, host: "h" },
      { event_type: "b", pid: 5, host: "h" },
      { event_type: "b", pid: 4, host: "x" },
    ],
    schema,
  );
  const b = q.stages[1]!.filter;
  assert.equal(b.test(p4!), true);
  assert.equal(b.test(p5!), false);
  assert.equal(b.test(hx!), false);
  // a disjunction is not propagated: stage a is only constrained by its own condition
  const a = q.stages[0]!.filter;
  const [a4] = records([{ event_type: "a", pid: 4, host: "h" }], schema);
  assert.equal(a.test(a4!), true);
});

test("key constraints follow the key position across differently named keys (samples)", () => {
  const m = mappingWith({ os: { type: "keyword" }, op_sys: { type: "keyword" } });
  const schema = schemaFor(m);
  const q = compile("sample [a where os == \"win\"] by os [b where true] by op_sys", schema);
  if (q.kind !== "sample") return;
  const [win, mac] = records([{ event_type: "b", op_sys: "win" }, { event_type: "b", op_sys: "mac" }], schema);
  assert.equal(q.stages[1]!.filter.test(win!), true);
  assert.equal(q.stages[1]!.filter.test(mac!), false);
});

test("float keys render with float precision digits", () => {
  const m = mappingWith({ f: { type: "float" } });
  const q = compile("sequence by f [a where true] [b where true]", schemaFor(m));
  if (q.kind !== "sequence") return;
  const [r] = records([{ f: 0.1 }], schemaFor(m));
  assert.deepEqual(q.stages[0]!.keys(r!)[0]!.values, [0.1]);
});
