import assert from "node:assert/strict";
import { test } from "node:test";
import { compileRuleFilters, compileDsl } from "../../src/rules/query-filters.js";
import type { JsonValue } from "../../src/rules/model.js";
import { readFileSync } from "node:fs";
import { collectRuleFiles, readRuleFile } from "../../src/rules/load.js";
import { join } from "node:path";
import { sharedDir } from "./helpers.js";

function keep(filters: JsonValue[], source: Record<string, unknown>): boolean {
  const c = compileRuleFilters(filters);
  assert.ok(c.ok, c.ok ? "" : c.problems.join("; "));
  return c.keep(source);
}

test("negated case-insensitive wildcard filters (the corpus's common shape)", () => {
  const f = [{ meta: { negate: true }, query: { wildcard: { "file.path": { case_insensitive: true, value: "?:\\\\Program Files\\\\*" } } } }];
  assert.equal(keep(f, { file: { path: "C:\\program files\\x.exe" } }), false);
  assert.equal(keep(f, { file: { path: "C:\\Windows\\x.exe" } }), true);
  assert.equal(keep(f, {}), true);
});

test("disabled filters are ignored; every enabled filter must pass", () => {
  const f: JsonValue[] = [
    { meta: { disabled: true }, query: { match_none: {} } },
    { meta: {}, query: { term: { "event.action": "exec" } } },
    { meta: { negate: false }, query: { exists: { field: "process.name" } } },
  ];
  assert.equal(keep(f, { event: { action: "exec" }, process: { name: "a" } }), true);
  assert.equal(keep(f, { event: { action: "exec" } }), false);
  assert.equal(keep([], {}), true);
});

test("query DSL clauses: bool, terms, match_phrase, prefix, range, older top-level filters", () => {
  const t = (q: JsonValue, s: Record<string, unknown>) => compileDsl(q)(s);
  const ev = { process: { name: "bash", pid: 42, args: ["-c", "id"] }, "@timestamp": "2025-06-02T10:00:00Z" };
  assert.equal(t({ terms: { "process.name": ["sh", "bash"] } }, ev), true);
  assert.equal(t({ match_phrase: { "process.args": "id" } }, ev), true);
  assert.equal(t({ match_phrase: { "process.args": { query: "-c" } } }, ev), true);
  assert.equal(t({ term: { "process.name": { value: "BASH", case_insensitive: true } } }, ev), true);
  assert.equal(t({ term: { "process.name": "BASH" } }, ev), false);
  assert.equal(t({ prefix: { "process.name": "ba" } }, ev), true);
  assert.equal(t({ range: { "process.pid": { gte: 40, lt: 43 } } }, ev), true);
  assert.equal(t({ range: { "process.pid": { gt: 42 } } }, ev), false);
  assert.equal(t({ range: { "@timestamp": { gte: "2025-06-01T00:00:00Z" } } }, ev), true);
  assert.equal(t({ bool: { should: [{ term: { "process.name": "sh" } }, { term: { "process.pid": 42 } }] } }, ev), true);
  assert.equal(t({ bool: { filter: [{ term: { "process.name": "bash" } }], must_not: { term: { "process.pid": 42 } } } }, ev), false);
  assert.equal(t({ bool: { should: [{ term: { "process.name": "sh" } }], minimum_should_match: 1, filter: { match_all: {} } } }, ev), false);
  assert.equal(keep([{ meta: { negate: true }, exists: { field: "process.name" } }], ev), false);
});

test("unsupported clauses are reported, not silently ignored", () => {
  const c = compileRuleFilters([{ meta: {}, query: { query_string: { query: "a:b" } } }, { meta: {}, query: { range: { "@timestamp": { gte: "now-1d" } } } }]);
  assert.equal(c.ok, false);
  assert.deepEqual(!c.ok && c.problems.map((p) => p.replace(/:.*/, "")), ["filters[0]", "filters[1]"]);
});

const shared = sharedDir();
test("every filter in the corpus compiles", { skip: shared === undefined ? "../shared not present" : false }, () => {
  const root = join(shared!, "corpus", "detection-rules");
  const { files } = collectRuleFiles([join(root, "rules"), join(root, "rules_building_block")]);
  const withFilters = files
    .filter((f) => readFileSync(f, "utf8").includes("[[rule.filters]]"))
    .flatMap((f) => readRuleFile(f).rules)
    .filter((r) => r.filters.length > 0);
  assert.ok(withFilters.length >= 18, String(withFilters.length));
  for (const r of withFilters) {
    const c = compileRuleFilters(r.filters);
    assert.ok(c.ok, `${r.source.file}: ${c.ok ? "" : c.problems.join("; ")}`);
  }
});
