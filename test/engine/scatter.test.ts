// Event-parallel `--workers` (src/engine/parallel/scatter.ts): screening workers + matching in this thread give
// the same alerts, summaries (events seen / excepted per rule) and bad lines as the single-thread feed — with
// tiny blocks (lines cut at every boundary), CRLF, a byte order mark, blank lines, several files and a .gz,
// input out of time order (the sorted pass, with bad lines before and after the point of disorder), several
// orderings (tiebreaker rules), and `Engine.screen` against the matchers' own view.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, type EngineOptions } from "../../src/engine/engine.js";
import { feedInputs } from "../../src/engine/feed.js";
import { ScreenPool, scatterInputs } from "../../src/engine/parallel/scatter.js";
import { LazyRules } from "../../src/engine/parallel/lazy-rules.js";
import { distinctFilters } from "../../src/engine/verdicts.js";
import type { FeedStats } from "../../src/engine/feed.js";
import type { RuleSummary } from "../../src/engine/engine.js";
import type { AlertDoc } from "../../src/alerts/build.js";
import type { NdjsonBadLine } from "../../src/io/ndjson.js";
import type { RuleSpec } from "../../src/rules/model.js";
import { seedRule } from "../../src/rules/builtin/seed-rule.js";
import { parseExceptionExport } from "../../src/rules/exception-model.js";
import { generate } from "../../bench/generate.js";

const NOW = "2026-03-12T14:10:00.000Z";
const seed = seedRule();

function rule(ruleId: string, query: string, extra: Partial<RuleSpec> = {}): RuleSpec {
  return { ...seed, ruleId, id: ruleId, name: `Test ${ruleId}`, query, index: ["logs-endpoint.events.*"], ...extra } as RuleSpec;
}

/** Sequences, a missing stage, until, samples, event queries with pipes, a tiebreaker ordering, a broken rule. */
function ruleSet(): RuleSpec[] {
  return [
    seed,
    rule("by-user", 'sequence by user.name with maxspan=30s [process where event.type == "start"] [network where event.type == "start"]'),
    rule("keyless", "sequence with maxspan=2s [process where true] [file where true] [network where true]"),
    rule("missing", 'sequence by host.id with maxspan=5s [process where event.type == "start"] ![network where true] [file where true]'),
    rule("sample", "sample by host.id [process where true] [dns where true]"),
    rule("events", 'process where event.type == "start" and process.name : ("*.exe", "bash", "zsh") | head 50'),
    rule("net", 'network where destination.port in (443, 80) and not cidrmatch(destination.ip, "10.0.0.0/8") | tail 20'),
    rule("until", 'sequence by process.entity_id [process where event.type == "start"] [network where true] until [process where event.type == "end"]'),
    rule("tiebreak", "file where true", { tiebreakerField: "event.sequence" } as Partial<RuleSpec>),
    rule("broken", "process where foo(process.name)"),
    rule("never", 'registry where registry.path : "*\\\\Nothing\\\\Here*"'),
  ];
}

function withTemp<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "sequent-scatter-test-"));
  return body(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

function generatedLines(events: number, seedNo: number): string[] {
  const lines: string[] = [];
  generate({ events, seed: seedNo, trueEvery: 500, nearMissEvery: 100 }, (line) => lines.push(line));
  return lines;
}

interface Outcome {
  alerts: string;
  summaries: string;
  bad: string[];
  events: number;
  badLines: number;
  mode: string;
}

/**
 * A rule whose matcher is done early (`| head N` reached) stops counting events in one thread, while the
 * screening workers count every event they screen for it (documented in scatter.ts): its counts are compared
 * as "at least".
 */
const STOPS_EARLY = new Set(["events"]);

function assertSame(got: Outcome, base: Outcome, message: string): void {
  type Summary = { ruleId: string; eventsSeen: number; excepted: number };
  const strip = (o: Outcome) => ({ ...o, summaries: (JSON.parse(o.summaries) as Summary[]).map((s) => (STOPS_EARLY.has(s.ruleId) ? { ...s, eventsSeen: 0, excepted: 0 } : s)) });
  assert.deepEqual(strip(got), strip(base), message);
  const g = JSON.parse(got.summaries) as Summary[];
  const b = JSON.parse(base.summaries) as Summary[];
  g.forEach((s, i) => {
    if (STOPS_EARLY.has(s.ruleId)) assert.ok(s.eventsSeen >= b[i]!.eventsSeen, message);
  });
}

async function single(rules: readonly RuleSpec[], options: EngineOptions, inputs: string[]): Promise<Outcome> {
  const engine = createEngine(rules, options);
  const bad: string[] = [];
  const stats = await feedInputs(engine, inputs, { sortBuffer: 300, prefilter: false, onBadLine: (b: NdjsonBadLine) => void bad.push(`${b.file}:${b.line}: ${b.reason}`) });
  const result = engine.finish();
  return { alerts: JSON.stringify(result.alerts), summaries: JSON.stringify(result.summaries), bad, events: stats.lines - stats.badLines, badLines: stats.badLines, mode: stats.mode };
}

/** Screening workers, and matching in this thread through LazyRules (as the CLI does) or one Engine. */
async function scattered(rules: readonly RuleSpec[], options: EngineOptions, inputs: string[], workers: number, blockBytes: number, prefilter = true, lazy = true): Promise<Outcome> {
  const pool = ScreenPool.spawn(workers);
  const run = { inputs, sortBuffer: 300, blockBytes, prefilter, sampleLines: 50 };
  const ready = await Promise.all(pool.workers.map((w, i) => w.start(rules, options, run, i)));
  const bad: string[] = [];
  const onBad = (b: NdjsonBadLine) => void bad.push(`${b.file}:${b.line}: ${b.reason}`);
  let alerts: AlertDoc[] = [];
  let summaries: RuleSummary[];
  let stats: FeedStats;
  if (lazy) {
    const matcher = new LazyRules(rules, options, ready[0]!.compiled);
    const reference = createEngine(rules, options);
    assert.deepEqual(matcher.failures.map((f) => f.spec.ruleId), reference.failures.map((f) => f.spec.ruleId));
    assert.deepEqual(matcher.warnings, reference.warnings);
    stats = await scatterInputs(matcher, pool.workers, run, onBad);
    if (rules.some((r) => r.ruleId === "never")) assert.ok(matcher.compiledCount < matcher.ruleCount, "rules no event reaches are never compiled here");
    summaries = await matcher.finishTo(async (docs) => void (alerts = alerts.concat(docs)));
  } else {
    const engine = createEngine(rules, { ...options, presetVerdicts: true });
    stats = await scatterInputs(engine, pool.workers, run, onBad);
    const result = engine.finish();
    alerts = result.alerts;
    summaries = result.summaries;
  }
  return { alerts: JSON.stringify(alerts), summaries: JSON.stringify(summaries), bad, events: stats.lines - stats.badLines, badLines: stats.badLines, mode: stats.mode };
}

test("scatter: identical alerts, summaries and bad lines on generated data cut into tiny blocks, CRLF/BOM/blank lines, several files and a .gz", async () => {
  await withTemp(async (dir) => {
    const lines = generatedLines(3000, 7);
    const a = join(dir, "logs-endpoint.events.process-default.ndjson");
    // a byte order mark, CRLF line ends, blank lines and bad lines spread over the file
    const body = lines.slice(0, 1500).map((l, i) => (i % 97 === 5 ? `${l}\r\n\r\n` : i % 211 === 9 ? `${l}\nnot json\n[1,2]\n` : `${l}\n`));
    writeFileSync(a, "\ufeff" + body.join(""));
    const b = join(dir, "more.ndjson.gz");
    writeFileSync(b, gzipSync(lines.slice(1500).join("\n"))); // no final newline
    const rules = ruleSet();
    const options = { now: NOW };
    const base = await single(rules, options, [a, b]);
    assert.equal(base.mode, "stream");
    assert.ok(base.badLines > 0);
    assert.ok(JSON.parse(base.alerts).length > 50, "the rules raise alerts");
    // the last case spills every final match to disk (src/alerts/spill.ts): one spill shared by LazyRules' engines
    for (const [workers, blockBytes, lazy, spill] of [[2, 700, true, false], [3, 4096, false, false], [2, 1 << 20, true, false], [2, 4096, true, true]] as const) {
      const got = await scattered(rules, spill ? { ...options, matchedEventsInMemory: 0 } : options, [a, b], workers, blockBytes, true, lazy);
      assertSame(got, base, `${workers} workers, ${blockBytes}-byte blocks, ${lazy ? "LazyRules" : "one Engine"}${spill ? ", spilling" : ""}`);
    }
  });
});

test("scatter: input out of time order takes the sorted pass; every bad line reported once, in order", async () => {
  await withTemp(async (dir) => {
    const lines = generatedLines(5000, 3);
    // the second half first: disorder (beyond the reorder window) is met after 2,500 events; bad lines on both
    // sides of that point
    const shuffled = [...lines.slice(2500), "oops", ...lines.slice(0, 2500), "{bad"];
    const file = join(dir, "logs-endpoint.events.process-default.ndjson");
    writeFileSync(file, shuffled.join("\n") + "\n");
    const rules = ruleSet();
    const base = await single(rules, { now: NOW }, [file]);
    assert.equal(base.mode, "sort");
    assert.equal(base.bad.length, 2);
    const got = await scattered(rules, { now: NOW }, [file], 2, 2048);
    assertSame(got, base, "out of order");
  });
});

test("scatter: exceptions and the prefilter (a selective rule set) give the single-thread counts", async () => {
  await withTemp(async (dir) => {
    const lines = generatedLines(4000, 21);
    const file = join(dir, "logs-endpoint.events.network-default.ndjson");
    writeFileSync(file, lines.join("\n") + "\n");
    const rules = [seed, rule("net", 'network where destination.port == 443', { exceptionsList: [{ id: "l1", listId: "l1", namespaceType: "single", type: "detection" }] } as Partial<RuleSpec>)];
    const exported = [
      { id: "l1", list_id: "l1", name: "L1", type: "detection", namespace_type: "single" },
      { item_id: "i1", list_id: "l1", name: "no macs", namespace_type: "single", type: "simple", entries: [{ field: "host.os.type", operator: "included", type: "match", value: "macos" }] },
    ];
    const options: EngineOptions = { now: NOW, exceptions: parseExceptionExport(exported.map((o) => JSON.stringify(o)).join("\n"), "exceptions.ndjson") };
    const base = await single(rules, options, [file]);
    const summaries = JSON.parse(base.summaries) as { excepted: number; eventsSeen: number }[];
    assert.ok(summaries[1]!.excepted > 0 && summaries[1]!.eventsSeen > 0, base.summaries);
    for (const prefilter of [true, false]) assertSame(await scattered(rules, options, [file], 2, 8192, prefilter), base, `prefilter ${prefilter}`);
  });
});

test("Engine.screen lists each rule once, the same rules with or without the dispatch index, and counts as push does", () => {
  const lines = generatedLines(1500, 9);
  const rules = ruleSet();
  const route = "logs-endpoint.events.process-default";
  const engine = createEngine(rules, { now: NOW });
  const plain = createEngine(rules, { now: NOW, dispatchAll: true });
  const pushed = createEngine(rules, { now: NOW });
  const out: number[] = [];
  const all: number[] = [];
  const verdicts: number[] = [];
  const ignored: number[] = [];
  const filters = engine.preparedRules.map((r) => distinctFilters(r.compiled));
  let listed = 0;
  for (const [i, line] of lines.entries()) {
    const source = JSON.parse(line) as Record<string, unknown>;
    out.length = 0;
    all.length = 0;
    verdicts.length = 0;
    ignored.length = 0;
    const record = engine.recordFactory(0)(source, "i", "", i);
    engine.screen(0, record, route, out, verdicts);
    plain.screen(0, plain.recordFactory(0)(source, "i", "", i), route, all, ignored);
    pushed.push(0, pushed.recordFactory(0)(source, "i", "", i), route);
    assert.equal(new Set(out).size, out.length, "each rule once");
    assert.deepEqual([...out].sort((a, b) => a - b), [...all].sort((a, b) => a - b), `line ${i + 1}: dispatch index vs every rule`);
    // verdict bits: one per distinct filter, set when it accepts the event
    out.forEach((p, k) => {
      const expected = filters[p]!.reduce((mask, f, bit) => (f.test(record) ? mask | (1 << bit) : mask), 0);
      assert.equal(verdicts[k], expected, `line ${i + 1}, rule ${engine.preparedRules[p]!.spec.ruleId}`);
    });
    listed += out.length;
  }
  assert.ok(listed > lines.length / 2, `${listed} rule offers`);
  // a rule that stops early (head) stops counting when pushed: compare the others
  const names = engine.preparedRules.map((r) => r.spec.ruleId);
  const keep = (c: { seen: number[]; excepted: number[] }) => names.map((n, k) => (STOPS_EARLY.has(n) ? null : [c.seen[k], c.excepted[k]]));
  assert.deepEqual(keep(engine.counts()), keep(pushed.counts()));
});

test("scatter: the first worker's prefilter reaches the others (selective rules: lines skipped unparsed by every worker)", async () => {
  await withTemp(async (dir) => {
    const file = join(dir, "logs-endpoint.events.process-default.ndjson");
    writeFileSync(file, generatedLines(6000, 5).join("\n") + "\n");
    const rules = [seed, rule("net443", "network where destination.port == 443 and process.name : \"curl*\"")];
    const pool = ScreenPool.spawn(3);
    const run = { inputs: [file], sortBuffer: 300, blockBytes: 64 << 10, sampleLines: 200 };
    const ready = await Promise.all(pool.workers.map((w, i) => w.start(rules, { now: NOW }, run, i)));
    const matcher = new LazyRules(rules, { now: NOW }, ready[0]!.compiled);
    const stats = await scatterInputs(matcher, pool.workers, run, () => undefined);
    assert.ok(stats.prefilter !== null && !stats.prefilter.passAll, JSON.stringify(stats.prefilter));
    // each worker parses at most its share of the sample and the blocks before the relay; the rest is skipped
    assert.ok(stats.parsed < stats.lines / 2, `${stats.parsed} of ${stats.lines} lines parsed`);
    const base = await single(rules, { now: NOW }, [file]);
    let alerts: AlertDoc[] = [];
    await matcher.finishTo(async (docs) => void (alerts = alerts.concat(docs)));
    assert.equal(JSON.stringify(alerts), base.alerts);
  });
});
