// Every Elasticsearch EQL QA case's query over its data, without the mapping: `sequent query` matching the
// data files as it reads them (no cache: files in time order are streamed) must print exactly what the
// sorted path prints (a cache of parsed inputs always takes it). The mappings are left out because with one
// the command always sorts; the answers are compared with each other, not with the expected ids.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { main } from "../../src/cli/main.js";
import type { InputCache } from "../../src/cli/args.js";
import { ioFor } from "../cli/helpers.js";
import { caseArgv, type ConformanceCase } from "./harness.js";
import { REPO_ROOT } from "../repo-paths.js";

const SUITE = resolve(REPO_ROOT, "../shared/conformance/es-eql");
const skip = existsSync(SUITE) ? false : `conformance suite not found at ${SUITE}`;

test("query: streamed and sorted answers agree on every conformance case's query and data (no mapping)", { skip }, async () => {
  const cache: InputCache = new Map();
  let passed = 0;
  const failed: string[] = [];
  for (const file of readdirSync(SUITE).filter((f) => /^cases-.*\.json$/.test(f)).sort()) {
    for (const c of JSON.parse(readFileSync(join(SUITE, file), "utf8")) as ConformanceCase[]) {
      const argv = caseArgv({ ...c, mappings: [] }, SUITE);
      // the `took` of -f es differs from run to run: compare the ndjson hits instead
      argv[argv.indexOf("es")] = "ndjson";
      const sorted = ioFor("", cache);
      const streamed = ioFor("");
      const codes = [await main(argv, sorted), await main(argv, streamed)];
      if (codes[0] === codes[1] && sorted.stdout.text === streamed.stdout.text && sorted.stderr.text === streamed.stderr.text) passed++;
      else failed.push(`${file}: ${c.name ?? c.query}`);
    }
  }
  console.log(`query stream vs sort: ${passed} passed, ${failed.length} failed`);
  assert.deepEqual(failed, []);
  assert.ok(passed > 100);
});
