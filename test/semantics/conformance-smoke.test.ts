// Single-event conformance cases from ../shared/conformance/es-eql, run through schema → parse → analyze →
// compile → filter. The CLI owns the full harness (sequences, samples); this is the semantics check.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseQuery } from "../../src/eql/parser.js";
import { analyzeQuery } from "../../src/eql/analyze.js";
import { compileQuery } from "../../src/compile/query.js";
import { mappingSchema } from "../../src/schema/mapping.js";
import { withDynamicFields } from "../../src/schema/dynamic.js";
import { createRecordFactory } from "../../src/event/record.js";
import { compareEvents, type EventRecord } from "../../src/exec/event.js";
import { SHARED_DIR, sharedPath } from "../repo-paths.js";

function findShared(): string | null {
  return existsSync(sharedPath("conformance/es-eql")) ? SHARED_DIR : null;
}

interface Case {
  name: string;
  query: string;
  expected_event_ids: unknown[];
  data: string[];
  mappings: string[];
  _id_field: string;
  _tiebreaker_field?: string | null;
  _expected_is_alternatives?: boolean;
  _also_run_against?: { index: string; dataset: string[] };
}

const shared = findShared();

function loadNdjson(path: string): Record<string, unknown>[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function runCase(dir: string, c: Case, dataNames: readonly string[], mappingNames: readonly string[]): unknown[] {
  const mappings = mappingNames.map((m) => JSON.parse(readFileSync(join(dir, "mappings", `${m}.json`), "utf8")) as unknown);
  const docs = dataNames.map((d) => ({ index: d, rows: loadNdjson(join(dir, "data", `${d}.ndjson`)) }));
  const schema = withDynamicFields(mappingSchema(mappings), docs.flatMap((d) => d.rows));
  const query = parseQuery(c.query.trim());
  const analysis = analyzeQuery(query, schema, { source: c.query.trim() });
  const compiled = compileQuery(analysis);
  const factory = createRecordFactory({ schema, tiebreakerField: c._tiebreaker_field ?? null });
  let seq = 0;
  const records: EventRecord[] = [];
  for (const d of docs) for (const row of d.rows) records.push(factory(row, d.index, String(seq), seq++));
  records.sort(compareEvents);
  if (compiled.kind !== "event") throw new Error("not an event query");
  let hits = records.filter((r) => compiled.filter.test(r));
  for (const p of compiled.pipes) hits = p.kind === "head" ? hits.slice(0, p.count) : hits.slice(Math.max(0, hits.length - p.count));
  return hits.slice(0, 50).map((r) => r.source[c._id_field]);
}

test("conformance smoke: single-event cases", { skip: shared === null ? "../shared not found" : false }, () => {
  const dir = join(shared!, "conformance/es-eql");
  const failures: string[] = [];
  let passed = 0;
  for (const file of readdirSync(dir).filter((f) => f.startsWith("cases-") && f.endsWith(".json"))) {
    const cases = JSON.parse(readFileSync(join(dir, file), "utf8")) as Case[];
    for (const c of cases) {
      const q = c.query.replace(/^\s*(\/\/[^\n]*\n\s*)*/, "").trim();
      if (/^(sequence|sample)\b/.test(q)) continue;
      const runs: { label: string; data: readonly string[]; mappings: readonly string[] }[] = [{ label: "", data: c.data, mappings: c.mappings }];
      const also = c._also_run_against;
      if (also !== undefined) runs.push({ label: ` @${also.index}`, data: [also.index], mappings: [also.index] });
      for (const run of runs) {
        let actual: unknown[];
        try {
          actual = runCase(dir, c, run.data, run.mappings);
        } catch (err) {
          failures.push(`${c.name}${run.label}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
          continue;
        }
        const expected = c._expected_is_alternatives === true ? (c.expected_event_ids as unknown[][]) : [c.expected_event_ids];
        if (expected.some((e) => JSON.stringify(e) === JSON.stringify(actual))) passed++;
        else failures.push(`${c.name}${run.label}: expected ${JSON.stringify(expected[0])} got ${JSON.stringify(actual)}  | ${c.query.trim().replace(/\s+/g, " ")}`);
      }
    }
  }
  console.log(`conformance smoke: ${passed} passed, ${failures.length} failed`);
  for (const f of failures) console.log(`  FAIL ${f}`);
  assert.equal(failures.length, 0, failures.join("\n"));
});
