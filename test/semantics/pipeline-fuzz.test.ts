// Fuzz past the parser: every mutated or random query text that parses is analysed against a dynamic schema,
// compiled and run over a few events. Analysis may reject it (QueryError with EQL2xxx codes); nothing else
// may throw — not the compiler, not the matcher, whatever the values it meets. Deterministic (seeded).

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseQuery } from "../../src/eql/parser.js";
import { analyzeQuery } from "../../src/eql/analyze.js";
import { compileQuery } from "../../src/compile/query.js";
import { QueryError } from "../../src/diag/diagnostic.js";
import { dynamicSchema } from "../../src/schema/dynamic.js";
import { createRecordFactory } from "../../src/event/record.js";
import { compareEvents } from "../../src/exec/event.js";
import { runQuery } from "../../src/exec/run-query.js";
import type { Query } from "../../src/eql/ast.js";
import { fuzzInputs } from "../eql/fuzz-inputs.js";

/** Events with the fields the seed and corpus queries use, in awkward shapes (arrays, nulls, mixed types). */
const EVENTS: readonly Record<string, unknown>[] = [
  { "@timestamp": "2026-01-01T00:00:00Z", event: { category: ["process"], type: "start" }, process: { name: "cmd.exe", pid: 4, args: ["/c", null, 5] }, host: { id: "h1", os: { type: "windows" } }, x: "s", s: "é😀", a: [1, "b", null] },
  { "@timestamp": 1767225601000, "event.category": "network", process: { name: ["a", "B"], pid: "7", entity_id: "e1" }, "host.id": "h1", destination: { ip: "10.0.0.1", port: 443 }, x: null, t: true },
  { "@timestamp": "2026-01-01T00:00:02.123456789Z", event: { category: "file" }, file: { path: "C:\\Windows\\x.dll", name: "" }, host: { id: ["h1", "h2"] }, x: 1.5, b: { c: [{ d: 1 }, { d: "2" }] } },
  { "@timestamp": "2026-01-01T00:00:03Z", event: { category: "process" }, process: { name: "CMD.EXE", pid: -1, parent: { name: "explorer.exe" } }, host: { id: "h2" }, x: [] },
];

function runs(query: Query, text: string): "rejected" | "ran" {
  const schema = dynamicSchema();
  let compiled;
  try {
    compiled = compileQuery(analyzeQuery(query, schema, { source: text }));
  } catch (e) {
    if (!(e instanceof QueryError)) assert.fail(`${String(e)} compiling ${JSON.stringify(text)}`);
    for (const d of e.diagnostics) assert.match(d.code, /^EQL2\d{3}$/, `${d.code} ${d.message} for ${JSON.stringify(text)}`);
    return "rejected";
  }
  const make = createRecordFactory({ schema });
  const records = EVENTS.map((e, i) => make(e, "fuzz", String(i), i)).sort(compareEvents);
  try {
    runQuery(compiled, records, { size: 10 });
  } catch (e) {
    assert.fail(`${String(e)} running ${JSON.stringify(text)}`);
  }
  return "ran";
}

test("fuzz: parsed queries analyse, compile and run without throwing anything but analysis errors", () => {
  const tally = { unparsed: 0, rejected: 0, ran: 0 };
  const t0 = performance.now();
  for (const text of fuzzInputs(7, 3000)) {
    let query: Query;
    try {
      query = parseQuery(text, "fuzz");
    } catch {
      tally.unparsed++;
      continue;
    }
    tally[runs(query, text)]++;
  }
  console.log(`pipeline fuzz: ${tally.ran} ran, ${tally.rejected} rejected by analysis, ${tally.unparsed} not parsed, in ${(performance.now() - t0).toFixed(0)} ms`);
  assert.ok(tally.ran > 0 && tally.rejected > 0);
});
