// `sequent run --workers N` gives byte-identical alerts and the same report as one worker — events screened in
// parallel (src/engine/parallel/scatter.ts, the default) and, with --kibana-windows, rules sharded over worker
// threads (src/engine/parallel/index.ts) — on generated Defend data with the seed rule, with a mixed rule set
// (sequences by a non-host key, keyless sequences, samples, max_signals limits, exceptions incl. a list no rule
// references, a rule that does not compile, bad input lines), and on the seed scenario fixture.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { main } from "../../src/cli/main.js";
import { parseRunArgs } from "../../src/cli/commands/run.js";
import { seedRule } from "../../src/rules/builtin/seed-rule.js";
import { blockExceptions, blocksOfWorker, planBlocks } from "../../src/engine/parallel/shards.js";
import { ParallelRun } from "../../src/engine/parallel/index.js";
import { loadRules } from "../../src/rules/load.js";
import { unreferencedExceptionItems } from "../../src/engine/prepare.js";
import type { RuleSpec } from "../../src/rules/model.js";
import type { ExceptionSet } from "../../src/rules/exception-model.js";
import { generate } from "../../bench/generate.js";
import { REPO_ROOT } from "./helpers.js";

const NOW = "2026-03-12T14:10:00.000Z";

async function sequent(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: Readable.from([""]),
  });
  // The run time may differ, and the single-thread feed's line-statistics line (prefilter, streaming) is not
  // printed by worker runs (each worker parses every line of its input).
  return { code, out, err: err.replace(/ in [0-9.]+s \(rules ready after [0-9.]+s\)\n/g, " in Ts\n").replace(/^sequent run: \d+ of \d+ lines? parsed .*\n/m, "") };
}

function withTemp<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "sequent-parallel-test-"));
  return body(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

function generatedFile(dir: string, events: number, seed: number): { file: string; sequences: number } {
  const file = join(dir, "logs-endpoint.events.process-default.ndjson");
  const lines: string[] = [];
  const manifest = generate({ events, seed, trueEvery: 1000, nearMissEvery: 250 }, (line) => lines.push(line));
  writeFileSync(file, lines.join("\n") + "\n");
  return { file, sequences: manifest.seedRuleSequences };
}

async function assertSameForWorkers(args: string[], counts: readonly number[] = [2, 3]): Promise<{ code: number; out: string; err: string }> {
  const one = await sequent(["run", "--now", NOW, "-f", "ndjson", ...args]);
  for (const n of counts) {
    const many = await sequent(["run", "--now", NOW, "-f", "ndjson", "--workers", String(n), ...args]);
    assert.equal(many.code, one.code, `exit status with --workers ${n}: ${many.err}`);
    assert.equal(many.err, one.err, `report with --workers ${n}`);
    assert.equal(many.out, one.out, `alerts with --workers ${n}`);
  }
  return one;
}

const seed = seedRule();

function kibanaRule(ruleId: string, query: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { rule_id: ruleId, name: `Test ${ruleId}`, description: "parallel test rule", type: "eql", language: "eql", query, index: ["logs-endpoint.events.*"], risk_score: 47, severity: "medium", ...extra };
}

/** A Kibana export: rules of every shape, an exception list one rule references and one no rule does. */
function ruleExport(): string {
  const lines: Record<string, unknown>[] = [
    kibanaRule("seed-copy", seed.query!, { max_signals: 100 }),
    // not partitionable by host: the same user on several hosts
    kibanaRule("by-user", 'sequence by user.name with maxspan=30s [process where event.type == "start"] [network where event.type == "start"]', { max_signals: 7 }),
    kibanaRule("keyless", "sequence with maxspan=2s [process where true] [file where true] [network where true]", { max_signals: 5 }),
    kibanaRule("sample", "sample by host.id [process where true] [dns where true]", { max_signals: 4 }),
    kibanaRule("broken", "process where foo(process.name)"),
    kibanaRule("events", 'process where event.type == "start" and process.name : ("*.exe", "bash", "zsh")', {
      max_signals: 12,
      exceptions_list: [{ id: "so-1", list_id: "referenced", namespace_type: "single", type: "detection" }],
    }),
    kibanaRule("net", 'network where destination.port in (443, 80) and not cidrmatch(destination.ip, "10.0.0.0/8")', { max_signals: 9 }),
    kibanaRule("until", 'sequence by process.entity_id [process where event.type == "start"] [network where true] until [process where event.type == "end"]'),
    kibanaRule("tiebreak", "file where true", { max_signals: 3, tiebreaker_field: "event.sequence" }),
    kibanaRule("dns", 'dns where dns.question.name : "*.com"', { max_signals: 6 }),
    { id: "so-1", list_id: "referenced", name: "Referenced", type: "detection", namespace_type: "single" },
    { item_id: "i1", list_id: "referenced", name: "no bash", namespace_type: "single", type: "simple", entries: [{ field: "process.name", operator: "included", type: "match", value: "bash" }] },
    { id: "so-2", list_id: "global", name: "Referenced by nobody", type: "detection", namespace_type: "single" },
    { item_id: "g1", list_id: "global", name: "no 443", namespace_type: "single", type: "simple", entries: [{ field: "destination.port", operator: "included", type: "match", value: "443" }] },
    { exported_count: 14 },
  ];
  return lines.map((o) => JSON.stringify(o)).join("\n") + "\n";
}

test("--workers parses counts and auto; bad values are usage errors", () => {
  assert.equal(parseRunArgs(["x.ndjson"]).workers, 1);
  assert.equal(parseRunArgs(["--workers", "3", "x.ndjson"]).workers, 3);
  assert.ok(parseRunArgs(["--workers", "auto", "x.ndjson"]).workers >= 1);
  assert.throws(() => parseRunArgs(["--workers", "0", "x.ndjson"]), /--workers/);
  assert.throws(() => parseRunArgs(["--workers", "two", "x.ndjson"]), /--workers/);
});

test("blocks: contiguous, in order, covering every rule; dealt round-robin", () => {
  const rules = Array.from({ length: 23 }, (_, i) => ({ ...seed, ruleId: `r${i}` }) as RuleSpec);
  for (const [workers, perWorker] of [[1, 1], [2, 1], [3, 1], [8, 1], [2, 4], [3, 3]] as const) {
    const blocks = planBlocks(rules, workers, perWorker);
    assert.equal(blocks.length, Math.min(rules.length, workers * perWorker));
    assert.deepEqual(blocks.flatMap((b) => b.rules.map((r) => r.ruleId)), rules.map((r) => r.ruleId));
    assert.ok(blocks.every((b) => b.rules.length > 0));
    const dealt = Array.from({ length: workers }, (_, w) => blocksOfWorker(blocks, w, workers)).flat();
    assert.deepEqual(dealt.map((b) => b.index).sort((a, b) => a - b), blocks.map((b) => b.index));
  }
  assert.equal(planBlocks(rules.slice(0, 3), 5).length, 3);
  // weighted: cuts where the running weight passes each share, every block non-empty
  const heavy = (r: RuleSpec) => (Number(r.ruleId.slice(1)) >= 15 ? 5 : 1);
  const two = planBlocks(rules, 2, 1, heavy);
  assert.deepEqual(two.map((b) => b.rules.length), [18, 5]);
  for (const [w, p] of [[3, 2], [23, 1], [5, 5]] as const) {
    const bs = planBlocks(rules, w, p, heavy);
    assert.deepEqual(bs.flatMap((b) => b.rules.map((r) => r.ruleId)), rules.map((r) => r.ruleId));
    assert.ok(bs.every((b) => b.rules.length > 0));
    assert.equal(bs.length, Math.min(rules.length, w * p));
  }
});

test("block exception sets: unreferenced items are the run's, whatever the block", () => {
  const ref = (listId: string) => ({ id: listId, listId, namespaceType: "single" as const, type: "detection" });
  const item = (listId: string, itemId: string) => ({ listId, itemId, namespaceType: "single" }) as unknown as ExceptionSet["items"][number];
  const rules = [
    { ...seed, ruleId: "a", exceptionsList: [ref("la")] },
    { ...seed, ruleId: "b", exceptionsList: [ref("lb")] },
    { ...seed, ruleId: "c", exceptionsList: [] },
  ] as RuleSpec[];
  const set: ExceptionSet = { lists: [], items: [item("la", "1"), item("lb", "2"), item("free", "3")] };
  const global = unreferencedExceptionItems(rules, set).items.map((i) => i.itemId);
  for (const block of [[rules[0]!], [rules[1]!], [rules[2]!], rules]) {
    const sub = blockExceptions(rules, block, set);
    assert.deepEqual(unreferencedExceptionItems(block, sub).items.map((i) => i.itemId), global);
  }
});

test("seed scenario fixture: the same with 1, 2 and 3 workers (a single rule stays in one thread)", async () => {
  const r = await assertSameForWorkers([join(REPO_ROOT, "samples/seed-scenario.ndjson")]);
  assert.equal(r.code, 0);
  assert.match(r.err, /2 alerts \(6 documents\)/);
});

test("generated Defend events, seed rule plus a mixed rule set: identical alerts and report for 1, 2, 3 workers", async () => {
  await withTemp(async (dir) => {
    const { file: data, sequences } = generatedFile(dir, 5000, 11);
    assert.ok(sequences > 0);
    const badFile = join(dir, "more.ndjson");
    writeFileSync(badFile, '{"@timestamp":"2026-03-12T10:00:00Z","event":{"category":"process","type":"start"}}\n');
    appendFileSync(badFile, "not json\n[1,2]\n{}\n");
    const rules = join(dir, "rules.ndjson");
    writeFileSync(rules, ruleExport());
    const r = await assertSameForWorkers(["--rules", rules, data, badFile]);
    assert.equal(r.code, 1, "the broken rule makes the run report problems");
    assert.equal((r.err.match(/exception list "global" \(1 item\) is referenced by no rule/g) ?? []).length, 1, "global-list warning once");
    assert.match(r.err, /5002 events read, 2 bad lines/);
    assert.match(r.err, /more\.ndjson:2: invalid JSON/);
    const alerts = r.out.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const byRule = new Map<string, number>();
    for (const a of alerts) byRule.set(String(a["kibana.alert.rule.rule_id"]), (byRule.get(String(a["kibana.alert.rule.rule_id"])) ?? 0) + 1);
    for (const id of ["by-user", "keyless", "events", "net", "until"]) assert.ok((byRule.get(id) ?? 0) > 0, `rule ${id} raised alerts: ${[...byRule]}`);
    // the seed rule alone, on the same data
    const s = await assertSameForWorkers([data]);
    assert.match(s.err, new RegExp(`; ${sequences} alerts? \\(${3 * sequences} documents\\)`));
  });
});

test("--kibana-windows with workers (rules sharded): identical alerts and report", async () => {
  await withTemp(async (dir) => {
    const data = generatedFile(dir, 3000, 13).file;
    const rules = join(dir, "rules.ndjson");
    writeFileSync(rules, ruleExport());
    const r = await assertSameForWorkers(["--rules", rules, "--kibana-windows", "5m/9m", data], [2]);
    assert.match(r.err, /alerts? \(/);
  });
});

test("every rule in a different block: still identical, summaries in load order", async () => {
  await withTemp(async (dir) => {
    const data = generatedFile(dir, 1500, 5).file;
    const rules = join(dir, "rules.ndjson");
    writeFileSync(rules, ruleExport());
    await assertSameForWorkers(["--rules", rules, data], [5, 16]);
  });
});

test("several blocks (engines) per worker: the same alerts and summaries as one block", async () => {
  await withTemp(async (dir) => {
    const data = generatedFile(dir, 2000, 3).file;
    const rulesFile = join(dir, "rules.ndjson");
    writeFileSync(rulesFile, ruleExport());
    const loaded = loadRules([rulesFile]);
    const engine = { now: NOW, exceptions: loaded.exceptions, valueLists: loaded.valueLists };
    const outcome = async (workers: number, blocksPerWorker: number) => {
      const run = await ParallelRun.start(loaded.rules, engine, { workers, inputs: [data], sortBuffer: 500, blocksPerWorker });
      const bad: string[] = [];
      const out = await run.run(async (b) => void bad.push(`${b.line}`));
      return { failures: run.failures.map((f) => f.spec.ruleId), warnings: run.warnings.map((w) => w.message), ruleCount: run.ruleCount, events: out.events, bad, result: out.result };
    };
    const base = await outcome(1, 1);
    assert.ok(base.result.alerts.length > 0);
    for (const [w, b] of [[1, 3], [2, 3], [3, 2]] as const) assert.deepEqual(await outcome(w, b), base, `${w} workers × ${b} blocks`);
    // workers whose engines spill every final match to disk post the same plain alerts
    const spilling = await ParallelRun.start(loaded.rules, { ...engine, matchedEventsInMemory: 0 }, { workers: 2, inputs: [data], sortBuffer: 500 });
    const spilled = await spilling.run(async () => undefined);
    assert.deepEqual(spilled.result.alerts, base.result.alerts);
  });
});

test("unreadable input: the same error with workers", async () => {
  await withTemp(async (dir) => {
    const rules = join(dir, "rules.ndjson");
    writeFileSync(rules, ruleExport());
    const r = await assertSameForWorkers(["--rules", rules, join(dir, "missing.ndjson")], [2]);
    assert.notEqual(r.code, 0);
  });
});

test("a JSON document input (pretty-printed array of events): read whole, the same with workers (one thread then)", async () => {
  await withTemp(async (dir) => {
    const lines: string[] = [];
    generate({ events: 400, seed: 9, trueEvery: 100, nearMissEvery: 50 }, (line) => lines.push(line));
    const doc = join(dir, "logs-endpoint.events.process-default.json");
    writeFileSync(doc, JSON.stringify(lines.map((l) => JSON.parse(l) as unknown), null, 2));
    const rules = join(dir, "rules.ndjson");
    writeFileSync(rules, ruleExport());
    const r = await assertSameForWorkers(["--rules", rules, doc], [2]);
    assert.match(r.err, /400 events read, 0 bad lines/);
  });
});
