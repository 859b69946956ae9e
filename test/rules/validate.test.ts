import assert from "node:assert/strict";
import { test } from "node:test";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { run, type ValidateReport } from "../../src/cli/commands/validate.js";
import { captureIo, tempTree, tomlRule } from "./helpers.js";

const BAD_TOML = tomlRule({ ruleId: "bad", query: 'process where\n  frobnicate(process.name) and process.name == "x"' });
/** File line of the frobnicate call, counted from the TOML text itself. */
const FROB_LINE = BAD_TOML.slice(0, BAD_TOML.indexOf("frobnicate")).split("\n").length;

function tree(): string {
  return tempTree({
    "good.toml": tomlRule({ ruleId: "good" }),
    "bad.toml": BAD_TOML,
    "syntax.toml": tomlRule({ ruleId: "syntax", query: "process where process.name ==" }),
    "kql.toml": tomlRule({ ruleId: "kql", type: "query", query: "process.name:x" }),
  });
}

test("validate --json: one line per rule; non-EQL skipped; failures located in the TOML file", async () => {
  const root = tree();
  const io = captureIo();
  const code = await main(["validate", "--json", root], io);
  assert.equal(code, 1);
  const reports = io
    .out()
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as ValidateReport);
  const byId = new Map(reports.map((r) => [r.rule_id, r]));
  assert.equal(byId.get("good")!.ok, true);
  assert.equal(byId.get("kql")!.ok, true);
  assert.equal(byId.get("kql")!.skipped, "type query");
  const bad = byId.get("bad")!;
  assert.equal(bad.ok, false);
  assert.match(bad.error!, new RegExp(`^${join(root, "bad.toml").replace(/[.\\/]/g, "\\$&")}:${FROB_LINE}:3: `));
  assert.deepEqual(bad.diagnostics![0]!.line, FROB_LINE);
  assert.deepEqual(bad.diagnostics![0]!.column, 3);
  assert.equal(byId.get("syntax")!.ok, false);
  assert.match(io.err(), /^1 passed, 2 failed, 1 skipped \(query 1\)\n$/m);
  assert.deepEqual(Object.keys(bad), ["file", "rule_id", "name", "type", "ok", "error", "diagnostics"]);
});

test("validate (human): rendered errors with caret, summary, exit codes", async () => {
  const root = tree();
  const io = captureIo();
  assert.equal(await main(["validate", root], io), 1);
  const out = io.out();
  assert.match(out, /FAIL {2}.*bad\.toml {2}Test rule bad\n/);
  assert.match(out, new RegExp(`bad\\.toml:${FROB_LINE}:3: .*frobnicate.*\n {8}frobnicate`));
  assert.match(out, /\n {8}frobnicate\(process\.name\) and process\.name == "x"\n {8}\^{24}\n/);
  assert.match(out, /1 passed, 2 failed, 1 skipped \(query 1\)\n$/);

  const okOnly = tempTree({ "a.toml": tomlRule({ ruleId: "a" }) });
  const io2 = captureIo();
  assert.equal(await run([okOnly], io2), 0);
  assert.match(io2.out(), /^ok {4}.*a\.toml {2}Test rule a\n1 passed, 0 failed\n$/);

  const io3 = captureIo();
  assert.equal(await main(["validate"], io3), 2, "no PATH is a usage error");
  const io4 = captureIo();
  assert.equal(await main(["validate", join(okOnly, "missing")], io4), 1);
  assert.match(io4.out(), /RULE3006|cannot read/);
});

test("validate: a Kibana export with a bad line and a bad query", async () => {
  const root = tempTree({
    "x.ndjson":
      JSON.stringify({ rule_id: "k", name: "K", description: "d", type: "eql", query: "process where ==", risk_score: 1, severity: "low" }) +
      "\n{oops\n" +
      JSON.stringify({ exported_count: 1 }) +
      "\n",
  });
  const io = captureIo();
  assert.equal(await main(["validate", "--json", root], io), 1);
  const reports = io
    .out()
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as ValidateReport);
  assert.equal(reports.length, 2);
  assert.equal(reports[0]!.rule_id, null);
  assert.match(reports[0]!.error!, /x\.ndjson:2:2: invalid JSON/);
  assert.equal(reports[1]!.rule_id, "k");
  assert.match(reports[1]!.error!, /x\.ndjson:1 \(rule k, query\):1:\d+: /);
});

test("validate: an EQL rule whose filters Sequent cannot evaluate fails with RULE3013", async () => {
  const rule = { rule_id: "f", name: "F", description: "d", type: "eql", query: "any where true", risk_score: 1, severity: "low", filters: [{ meta: {}, query: { script: { script: "x" } } }] };
  const root = tempTree({ "f.json": JSON.stringify(rule) });
  const io = captureIo();
  assert.equal(await main(["validate", "--json", root], io), 1);
  const report = JSON.parse(io.out().trim()) as ValidateReport;
  assert.equal(report.diagnostics![0]!.code, "RULE3013");
  assert.match(report.error!, /rule filter not supported: filters\[0\]: query clause "script"/);
});
