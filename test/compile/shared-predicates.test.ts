// Field predicates are shared by every compiled query that asks the same of the same field view, and each
// keeps its answer for one document only: compiled filters answer every document on its own, whatever
// other queries and documents were evaluated in between.

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseQuery } from "../../src/eql/parser.js";
import { analyzeQuery } from "../../src/eql/analyze.js";
import { compileQuery } from "../../src/compile/query.js";
import { dynamicSchema } from "../../src/schema/dynamic.js";
import { mappingSchema } from "../../src/schema/mapping.js";
import { createRecordFactory } from "../../src/event/record.js";
import type { Schema } from "../../src/eql/types.js";
import type { EventRecord } from "../../src/exec/event.js";
import { constantKey, sharedPredicate } from "../../src/compile/shared-predicates.js";

function filterOf(text: string, schema: Schema): (e: EventRecord) => boolean {
  const q = compileQuery(analyzeQuery(parseQuery(text), schema, { source: text }));
  if (q.kind !== "event") throw new Error("event query expected");
  return (e) => q.filter.test(e);
}

test("shared predicate: one answer per document, asked again for the next document", () => {
  let calls = 0;
  const p = sharedPredicate("test\u0002shared-1", () => (s) => {
    calls++;
    return s["x"] === 1;
  });
  const a = { x: 1 };
  const b = { x: 2 };
  assert.equal(p(a), true);
  assert.equal(p(a), true);
  assert.equal(calls, 1);
  assert.equal(p(b), false);
  assert.equal(p(a), true);
  assert.equal(calls, 3);
  assert.equal(sharedPredicate("test\u0002shared-1", () => () => false), p, "same key, same predicate");
  assert.notEqual(constantKey(0), constantKey(-0));
  assert.notEqual(constantKey("1"), constantKey(1));
  assert.notEqual(constantKey(null), constantKey("null"));
});

test("compiled filters sharing predicates answer each document, interleaved with other queries and documents", () => {
  const schema = dynamicSchema();
  const record = createRecordFactory({ schema });
  const f1 = filterOf('process where host.os.type == "windows" and process.name : ("cmd.exe", "*shell*.exe")', schema);
  const f2 = filterOf('process where host.os.type == "windows" and not process.name : ("cmd.exe", "*shell*.exe")', schema);
  const f3 = filterOf('any where process.name in ("cmd.exe", "CMD.EXE") or process.name == "x"', schema);
  const docs = [
    { event: { category: "process" }, host: { os: { type: "windows" } }, process: { name: "CMD.exe" } },
    { event: { category: "process" }, host: { os: { type: "windows" } }, process: { name: "PowerShell.exe" } },
    { event: { category: "network" }, host: { os: { type: "windows" } }, process: { name: "cmd.exe" } },
    { event: { category: "process" }, host: { os: { type: "linux" } }, process: { name: ["bash", "cmd.exe"] } },
    { event: { category: "process" }, "host.os.type": "windows", process: { name: "notepad.exe" } },
  ];
  const expected = [
    [true, false, false],
    [true, false, false],
    [false, false, true],
    [false, false, true],
    [false, true, false],
  ];
  const events = docs.map((d, i) => record(d, "test", String(i), i));
  for (let round = 0; round < 3; round++) {
    const order = round === 1 ? [4, 3, 2, 1, 0] : round === 2 ? [0, 2, 0, 4, 1, 3, 1] : [0, 1, 2, 3, 4];
    for (const i of order) assert.deepEqual([f1(events[i]!), f2(events[i]!), f3(events[i]!)], expected[i], `doc ${i}`);
  }
});

test("the same query on one path with different mapping views is not shared", () => {
  const keyword = mappingSchema([{ properties: { n: { type: "keyword" } } }]);
  const long = mappingSchema([{ properties: { n: { type: "long" } } }]);
  const record = createRecordFactory({ schema: dynamicSchema() });
  const fk = filterOf('any where n == "05"', keyword);
  const fl = filterOf('any where n == "05"', long);
  const e = record({ n: 5 }, "test", "0", 0);
  const g = record({ n: "05" }, "test", "1", 1);
  assert.deepEqual([fk(e), fl(e), fk(g), fl(g)], [false, true, true, true]);
});
