// Necessary conditions stay sound for multi-valued fields and for keyword fields holding JSON numbers.

import { test } from "node:test";
import assert from "node:assert/strict";
import { buildPrefilter } from "../../src/compile/prefilter.js";
import { bestClause, necessaryForFilter } from "../../src/compile/necessary.js";
import { Dispatcher } from "../../src/engine/dispatch.js";
import * as b from "./ast-builders.js";
import type { ResolvedField, Schema } from "../../src/eql/types.js";

test("two conditions on one multi-valued field are not intersected (each may hold on another element)", () => {
  const f = b.filter("process", b.and(b.match(":", "process.args", ["-d"], false), b.match(":", "process.args", ["enc"], false)));
  const necessity = necessaryForFilter(f);
  const args = necessity.conditions.find((c) => c.field === "process.args");
  assert.ok(args !== undefined && args.values.length === 1, JSON.stringify(necessity.conditions));
  const categories = necessaryForFilter(b.filter("process", b.eq("event.category", "network"))).conditions.find((c) => c.field === "event.category");
  assert.ok(categories !== undefined && categories.values.length === 1);
  // The dispatcher offers an event holding both values to the filter's item.
  const dispatcher = new Dispatcher([{ item: "rule", filters: [necessity] }]);
  const seen: string[] = [];
  dispatcher.forEachCandidate({ event: { category: ["process"] }, process: { args: ["openssl", "enc", "-d"] } }, (item) => seen.push(item));
  assert.deepEqual(seen, ["rule"]);
  const both = new Dispatcher([{ item: "rule", filters: [necessaryForFilter(b.filter("process", b.eq("event.category", "network")))] }]);
  const seen2: string[] = [];
  both.forEachCandidate({ event: { category: ["process", "network"] } }, (item) => seen2.push(item));
  assert.deepEqual(seen2, ["rule"]);
});

test("a keyword field indexes JSON numbers and booleans as text: number-like constants give no literal", () => {
  const types: Record<string, ResolvedField> = {
    "error.code": { name: "error.code", path: "error.code", type: "keyword", missing: false },
    "process.name": { name: "process.name", path: "process.name", type: "keyword", missing: false },
  };
  const schema: Schema = { strict: true, lookup: (name) => types[name] };
  for (const value of ["5", "-1.5", "1e3", "true", "false"]) {
    const necessity = necessaryForFilter(b.filter(null, b.eq("error.code", value)), { schema });
    assert.equal(bestClause(necessity), null, value);
    assert.equal(necessity.conditions.length, 0, value);
  }
  const pf = buildPrefilter([b.eventQuery(null, b.eq("error.code", "5"))], { schema });
  const line = Buffer.from('{"error":{"code":5}}');
  assert.equal(pf.mayMatch(line, 0, line.length), true);
  // Other keyword constants still give literals.
  assert.deepEqual(bestClause(necessaryForFilter(b.filter(null, b.eq("process.name", "7z.exe")), { schema }))?.map((l) => l.raw), ['"7z.exe"']);
});
