// # Elasticsearch EQL conformance, through the CLI
//
// Every case of ../shared/conformance/es-eql/cases-*.json runs as `sequent query --format es …` in-process
// and is judged the way that suite's README says: the `_source[_id_field]` of the returned events (or of the
// events of all sequences, flattened in response order; a missing-event placeholder counts as -1) must equal
// `expected_event_ids` (or one of them when `_expected_is_alternatives`), and when `join_keys` is non-empty
// the stringified join keys of all sequences (null → "null") must equal it.
//
// The nanos variant: every test_queries case names `_also_run_against` endgame-140-nanos. Elasticsearch's
// EqlDateNanosSpecTestCase does run test_queries.toml against that index, so it is intended and we run it too,
// as its own group ("cases-test_queries.json@endgame-140-nanos"). This copy of test_queries.toml predates that
// reuse (notes §7), so a case whose expectation only holds on millisecond data may be listed below.
//
// Known failures: test/conformance/known-failures.json maps "<group>#<case name>" to a reason. A listed case
// that fails is reported as known; a listed case that passes fails the test ("fixed, remove from list"), so
// the list stays honest; an unlisted failing case fails the test.

import test, { after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { main } from "../../src/cli/main.js";
import type { InputCache } from "../../src/cli/args.js";
import { ioFor } from "../cli/helpers.js";
import { caseArgv, judge, type ConformanceCase, type EsBody, type Verdict } from "./harness.js";
import { REPO_ROOT } from "../repo-paths.js";

const SUITE = resolve(REPO_ROOT, "../shared/conformance/es-eql");
const KNOWN_FAILURES_PATH = join(REPO_ROOT, "test/conformance/known-failures.json");

interface Group {
  readonly key: string;
  readonly cases: readonly ConformanceCase[];
}

const cache: InputCache = new Map();
const counts = new Map<string, { passed: number; failed: number; known: number; fixed: number; unexpected: number }>();

async function runCase(c: ConformanceCase): Promise<Verdict> {
  const io = ioFor("", cache);
  const code = await main(caseArgv(c, SUITE), io);
  if (code !== 0) {
    const detail = io.stderr.text.trim().split("\n").slice(0, 3).join(" | ");
    return { ok: false, message: `exit ${code}: ${detail}` };
  }
  let body: EsBody;
  try {
    body = JSON.parse(io.stdout.text) as EsBody;
  } catch (error) {
    return { ok: false, message: `output is not JSON: ${String(error)}` };
  }
  return judge(c, body);
}

function loadGroups(): Group[] {
  const groups: Group[] = [];
  const files = readdirSync(SUITE)
    .filter((f) => /^cases-.*\.json$/.test(f))
    .sort();
  for (const file of files) {
    const cases = JSON.parse(readFileSync(join(SUITE, file), "utf8")) as ConformanceCase[];
    groups.push({ key: file, cases });
    const variants = new Map<string, ConformanceCase[]>();
    for (const c of cases) {
      const also = c._also_run_against;
      if (also === undefined) continue;
      const variant: ConformanceCase = { ...c, data: [also.index], mappings: [also.index] };
      const list = variants.get(also.index) ?? [];
      list.push(variant);
      variants.set(also.index, list);
    }
    for (const [index, list] of variants) groups.push({ key: `${file}@${index}`, cases: list });
  }
  return groups;
}

function loadKnownFailures(): Record<string, string> {
  if (!existsSync(KNOWN_FAILURES_PATH)) return {};
  return JSON.parse(readFileSync(KNOWN_FAILURES_PATH, "utf8")) as Record<string, string>;
}

if (!existsSync(SUITE)) {
  test("es-eql conformance", { skip: `../shared/conformance/es-eql not found next to the repository (${SUITE})` }, () => {});
} else {
  const groups = loadGroups();
  const known = loadKnownFailures();
  const allKeys = new Set(groups.flatMap((g) => g.cases.map((c) => `${g.key}#${c.name}`)));

  test("known-failures.json lists only existing cases", () => {
    const stale = Object.keys(known).filter((k) => !allKeys.has(k));
    assert.deepEqual(stale, [], "entries for cases that do not exist");
  });

  for (const group of groups) {
    test(`es-eql ${group.key}`, async (t) => {
      const tally = { passed: 0, failed: 0, known: 0, fixed: 0, unexpected: 0 };
      counts.set(group.key, tally);
      for (const c of group.cases) {
        const key = `${group.key}#${c.name}`;
        const reason = known[key];
        await t.test(c.name, async (ct) => {
          const verdict = await runCase(c);
          if (verdict.ok) tally.passed++;
          else tally.failed++;
          if (reason !== undefined) {
            if (verdict.ok) {
              tally.fixed++;
              assert.fail(`fixed, remove from known-failures.json: ${key}`);
            }
            tally.known++;
            ct.diagnostic(`known failure (${reason}): ${verdict.message}`);
            return;
          }
          if (!verdict.ok) {
            tally.unexpected++;
            assert.fail(`${verdict.message}\n  query: ${c.query.trim().replace(/\n\s*/g, " ")}`);
          }
        });
      }
    });
  }

  after(() => {
    let passed = 0;
    let failed = 0;
    let knownCount = 0;
    for (const [key, tally] of counts) {
      passed += tally.passed;
      failed += tally.failed;
      knownCount += tally.known;
      const notes = [tally.known > 0 ? `${tally.known} known` : "", tally.fixed > 0 ? `${tally.fixed} fixed` : ""].filter(Boolean);
      console.log(`${key}: ${tally.passed} passed, ${tally.failed} failed${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`);
    }
    console.log(`(${knownCount} of the failures are listed in known-failures.json)`);
    console.log(`${passed} passed, ${failed} failed`);
  });
}
