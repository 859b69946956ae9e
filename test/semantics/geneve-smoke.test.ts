// Query-level recall on ../shared/conformance/geneve: each prebuilt EQL rule query (those Elastic's own run
// judged `correct_signals`) over its generated documents, schema-less (types from JSON values, as the engine
// does by default), straight through parse → analyze → compile → runQuery: no rule loading, routing or
// dispatch (test/engine/geneve-recall.test.ts runs the same corpus through `sequent run`). Every set must
// produce a hit (an event, or a sequence).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import { parseQuery } from "../../src/eql/parser.js";
import { analyzeQuery } from "../../src/eql/analyze.js";
import { compileQuery } from "../../src/compile/query.js";
import { dynamicSchema } from "../../src/schema/dynamic.js";
import { createRecordFactory } from "../../src/event/record.js";
import { compareEvents } from "../../src/exec/event.js";
import { runQuery } from "../../src/exec/run-query.js";
import { GENEVE_SKIP, docsFile, geneveEqlRules, ruleFile } from "../geneve-corpus.js";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

test("geneve query-level recall: every set of every correct_signals rule query produces a hit", { skip: GENEVE_SKIP }, () => {
  const rules = geneveEqlRules();
  const schema = dynamicSchema();
  const make = createRecordFactory({ schema });
  const misses: string[] = [];
  let ok = 0;
  for (const rule of rules) {
    if (rule.upstream_alerts !== "correct_signals") continue;
    const tomlPath = ruleFile(rule);
    const docsPath = docsFile(rule);
    if (!existsSync(tomlPath) || !existsSync(docsPath)) continue;
    const toml = parseToml(readFileSync(tomlPath, "utf8")) as Record<string, unknown>;
    const section = toml["rule"];
    const text = isRecord(section) && typeof section["query"] === "string" ? section["query"] : null;
    if (text === null) continue;
    const docs = readFileSync(docsPath, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    let compiled;
    try {
      compiled = compileQuery(analyzeQuery(parseQuery(text), schema, { source: text }));
    } catch (err) {
      misses.push(`${rule.path}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
      continue;
    }
    const bySet = new Map<number, Record<string, unknown>[]>();
    for (const d of docs) {
      const g = d["_geneve"];
      const set = isRecord(g) && typeof g["set"] === "number" ? g["set"] : 0;
      const { _index: _i, _geneve: _g, ...source } = d;
      void _i;
      void _g;
      bySet.set(set, [...(bySet.get(set) ?? []), source]);
    }
    const missed: number[] = [];
    for (const [set, sources] of bySet) {
      const records = sources.map((s, i) => make(s, "geneve", `${set}:${i}`, i)).sort(compareEvents);
      const result = runQuery(compiled, records, { size: 100 });
      const hits = result.kind === "events" ? result.events.length : result.sequences.length;
      if (hits === 0) missed.push(set);
    }
    if (missed.length === 0) ok++;
    else misses.push(`${rule.path}: sets ${missed.join(",")} produced nothing`);
  }
  console.log(`geneve query-level recall: ${ok} rules ok, ${misses.length} with misses`);
  for (const m of misses) console.log(`  MISS ${m}`);
  assert.ok(ok > 0);
  assert.deepEqual(misses, []);
});
