// Every EQL query of the shared detection-rules corpus parses, and printQuery round-trips it.
// Skips when ../shared is absent.

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseQuery } from "../../src/eql/parser.js";
import { printQuery } from "../../src/eql/printer.js";
import { QueryError } from "../../src/diag/diagnostic.js";
import type { Query } from "../../src/eql/ast.js";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCorpus, type CorpusQuery } from "./corpus.js";
import { sharedDir, stripSpans } from "./helpers.js";

const shared = sharedDir();
const skip = shared === null ? "../shared is absent (no detection-rules corpus to parse)" : false;
const corpus: CorpusQuery[] = shared === null ? [] : loadCorpus(shared);

test("corpus: every EQL rule and hunting query parses", { skip }, () => {
  const counts: Record<string, number> = {};
  let passed = 0;
  let failed = 0;
  let bytes = 0;
  const t0 = performance.now();
  for (const { file, kind, query } of corpus) {
    counts[kind] = (counts[kind] ?? 0) + 1;
    bytes += query.length;
    try {
      parseQuery(query, file);
      passed++;
    } catch (e) {
      failed++;
      console.log(e instanceof QueryError ? e.render() : `${file}: ${String(e)}`);
    }
  }
  const cold = performance.now() - t0;
  const t1 = performance.now();
  for (const { query } of corpus) {
    try {
      parseQuery(query);
    } catch {
      // counted above
    }
  }
  const warm = performance.now() - t1;
  const active = counts["active"] ?? 0;
  const blocks = counts["building-block"] ?? 0;
  console.log(
    `corpus EQL queries: ${active + blocks} active rules (${active} rules + ${blocks} building blocks), ` +
      `${counts["deprecated"] ?? 0} deprecated, ${counts["hunting"] ?? 0} hunting; ` +
      `${(bytes / 1024).toFixed(0)} KiB parsed in ${cold.toFixed(0)} ms cold, ${warm.toFixed(0)} ms warm`,
  );
  console.log(`${passed} passed, ${failed} failed`);
  assert.equal(failed, 0);
  assert.ok(passed > 0);
});

test("corpus: printQuery round-trips every query", { skip }, () => {
  let failed = 0;
  for (const { file, query } of corpus) {
    let ast: Query;
    try {
      ast = parseQuery(query, file);
    } catch {
      continue; // reported by the parse test
    }
    const text = printQuery(ast);
    try {
      assert.deepEqual(stripSpans(parseQuery(text, `${file} (printed)`)), stripSpans(ast));
    } catch (e) {
      failed++;
      console.log(`${file}: printed text does not round-trip\n${e instanceof QueryError ? e.render() : String(e)}`);
    }
  }
  assert.equal(failed, 0);
});

test("corpus: parsing is linear-time fast on the largest queries", { skip }, () => {
  const largest = [...corpus].sort((a, b) => b.query.length - a.query.length).slice(0, 5);
  for (const { file, query } of largest) {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) parseQuery(query, file);
    const perParse = (performance.now() - t0) / 20;
    // generous bound (the real figure is far lower) so slow CI machines do not flake
    assert.ok(perParse < 100, `${file}: ${query.length} chars took ${perParse.toFixed(1)} ms per parse`);
  }
});

test("conformance: every query of Elasticsearch's EQL QA cases parses and round-trips", { skip }, () => {
  const dir = join(shared ?? "", "conformance", "es-eql");
  let passed = 0;
  let failed = 0;
  for (const file of readdirSync(dir).filter((f) => /^cases-.*\.json$/.test(f))) {
    const cases = JSON.parse(readFileSync(join(dir, file), "utf8")) as { name: string; query: string }[];
    for (const c of cases) {
      try {
        const ast = parseQuery(c.query, `${file}#${c.name}`);
        assert.deepEqual(stripSpans(parseQuery(printQuery(ast))), stripSpans(ast));
        passed++;
      } catch (e) {
        failed++;
        console.log(e instanceof QueryError ? e.render() : `${file}#${c.name}: ${String(e)}`);
      }
    }
  }
  console.log(`conformance queries: ${passed} passed, ${failed} failed`);
  assert.equal(failed, 0);
  assert.ok(passed > 0);
});
