// Rule-level recall through `sequent run` (in-process, the command's own library path: rule loader, engine,
// index routing, alert builder): every prebuilt EQL rule of ../shared/conformance/geneve over its generated
// documents. The documents carry `_index`, so they reach the rule by its index patterns as a real cluster's
// would. Each set must raise its alert — single-event rule: one alert per set document; sequence: one shell
// alert whose building blocks are exactly that set's documents, in order — and nothing else.
//
// Rules Elastic's own run judged `correct_signals` must all pass; a known failure is listed with its reason
// in geneve-known-failures.json. A listed rule that passes is printed as FIXED (remove it from the list) but
// does not fail the test, so whoever fixes the engine is not blocked by this file. Other judgements are
// counted and printed, not asserted. Each rule is loaded and compiled once (one `run` per rule).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { main } from "../../src/cli/main.js";
import { GENEVE_SKIP, docsFile, geneveEqlRules, ruleFile, type GeneveRule } from "../geneve-corpus.js";
import { REPO_ROOT } from "./helpers.js";

const KNOWN_FAILURES_PATH = join(REPO_ROOT, "test/engine/geneve-known-failures.json");
/** After every set (sets start at 2025-01-01T00:00:00Z + set × 1 h). */
const NOW = "2025-01-02T00:00:00.000Z";

type Alert = Record<string, unknown>;

function docId(alert: Alert): string | undefined {
  const g = alert["_geneve"];
  if (typeof g !== "object" || g === null) return undefined;
  const id = (g as Record<string, unknown>)["doc_id"];
  return typeof id === "string" ? id : undefined;
}

/** The document ids each alert (single event) or alert group (sequence) was built from, sorted for comparison. */
function alertedSets(rule: GeneveRule, alerts: readonly Alert[]): string[] {
  if (!rule.is_sequence) return alerts.map((a) => docId(a) ?? "?").sort();
  const shells = alerts.filter((a) => a["kibana.alert.group.id"] !== undefined && a["kibana.alert.group.index"] === undefined);
  return shells
    .map((shell) => {
      const blocks = alerts
        .filter((a) => a["kibana.alert.group.id"] === shell["kibana.alert.group.id"] && a["kibana.alert.group.index"] !== undefined)
        .sort((a, b) => Number(a["kibana.alert.group.index"]) - Number(b["kibana.alert.group.index"]));
      return blocks.map((b) => docId(b) ?? "?").join(" → ");
    })
    .sort();
}

function expectedSets(rule: GeneveRule): string[] {
  return (rule.is_sequence ? rule.set_doc_ids.map((ids) => ids.join(" → ")) : rule.set_doc_ids.flat()).slice().sort();
}

/** "" when the alerts are exactly the expected ones, else what is missing and what is extra. */
function verdict(rule: GeneveRule, alerts: readonly Alert[]): string {
  const got = alertedSets(rule, alerts);
  const want = expectedSets(rule);
  const missing = want.filter((w) => !got.includes(w));
  const extra = got.filter((g) => !want.includes(g));
  const dupes = got.length - new Set(got).size;
  const parts = [
    missing.length > 0 ? `missing ${missing.join(", ")}` : "",
    extra.length > 0 ? `extra ${extra.join(", ")}` : "",
    dupes > 0 ? `${dupes} duplicate alert(s)` : "",
  ].filter(Boolean);
  return parts.join("; ");
}

async function runRule(rule: GeneveRule): Promise<{ alerts: Alert[]; err: string }> {
  let out = "";
  let err = "";
  const args = ["run", "--rules", ruleFile(rule), "--include-deprecated", "--now", NOW, "-f", "ndjson", "-q", docsFile(rule)];
  const code = await main(args, {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    stdin: Readable.from([]),
  });
  if (code !== 0) err = `exit ${code}: ${err}`;
  const alerts = out.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Alert);
  return { alerts, err };
}

test("geneve recall: each EQL rule raises the alerts of its document sets (through `sequent run`)", { skip: GENEVE_SKIP }, async () => {
  const rules = geneveEqlRules();
  const known = JSON.parse(readFileSync(KNOWN_FAILURES_PATH, "utf8")) as Record<string, string>;
  const byJudgement = new Map<string, { passed: number; failed: number }>();
  const unexpected: string[] = [];
  const fixed: string[] = [];
  let passed = 0;
  let failed = 0;
  let knownCount = 0;
  for (const rule of rules) {
    const { alerts, err } = await runRule(rule);
    const problem = err !== "" ? `${err.trim().split("\n")[0]}` : verdict(rule, alerts);
    const tally = byJudgement.get(rule.upstream_alerts) ?? { passed: 0, failed: 0 };
    byJudgement.set(rule.upstream_alerts, tally);
    if (problem === "") {
      tally.passed++;
      passed++;
      if (known[rule.rule_id] !== undefined) fixed.push(`${rule.rule_id} (${rule.name})`);
      continue;
    }
    tally.failed++;
    failed++;
    const line = `${rule.rule_id} ${rule.path} [${rule.upstream_alerts}]: ${problem}`;
    if (known[rule.rule_id] !== undefined) {
      knownCount++;
      console.log(`  known  ${line}`);
    }
    else if (rule.upstream_alerts === "correct_signals") unexpected.push(line);
    else console.log(`  miss   ${line}`);
  }
  for (const f of fixed) console.log(`  FIXED  ${f}: passes now, remove it from geneve-known-failures.json`);
  for (const u of unexpected) console.log(`  FAIL   ${u}`);
  for (const [judgement, t] of [...byJudgement].sort()) console.log(`geneve ${judgement}: ${t.passed} passed, ${t.failed} failed`);
  console.log(`(${knownCount} of the failures are listed in geneve-known-failures.json)`);
  console.log(`${passed} passed, ${failed} failed`);
  const ids = new Set(rules.map((r) => r.rule_id));
  assert.deepEqual(Object.keys(known).filter((id) => !ids.has(id)), [], "geneve-known-failures.json lists rules not in rules.json");
  assert.deepEqual(unexpected, []);
});
