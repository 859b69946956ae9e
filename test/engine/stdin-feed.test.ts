// Standard input streams like a file: in time order it is matched as it is read (no sort), and an input that
// turns out to be out of order starts over through the sort from the items spooled so far, then reads on. Either
// way the alerts, the counts and the bad-line reports are those of the same lines read from a file.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { createEngine } from "../../src/engine/engine.js";
import { feedInputs, type FeedStats } from "../../src/engine/feed.js";
import type { NdjsonBadLine, NdjsonItem } from "../../src/io/ndjson.js";
import { ItemSpool } from "../../src/io/item-spool.js";
import { STDIN_PATH } from "../../src/io/inputs.js";
import { makeRule } from "../alerts/helpers.js";
import { tempFiles } from "../io/temp.js";

const NOW = "2026-03-12T14:10:00.000Z";
const RULES = [
  makeRule({ ruleId: "every", name: "every process", query: "process where true", index: ["*"] }),
  makeRule({ ruleId: "pair", name: "pair", query: 'sequence by host.id with maxspan=30s [process where process.name == "a"] [process where process.name == "b"]', index: ["*"] }),
];

function event(i: number, second: number): string {
  return JSON.stringify({ "@timestamp": new Date(Date.UTC(2026, 2, 1, 0, 0, second)).toISOString(), event: { category: "process" }, host: { id: `h${i % 3}` }, process: { name: i % 2 === 0 ? "a" : "b" }, n: i });
}

/** `n` lines, in time order except where `late` puts an early event; a bad line every `badEvery` lines. */
function lines(n: number, late: number | null, badEvery: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % badEvery === badEvery - 1) out.push(i % 2 === 0 ? "{not json" : "[1,2]");
    else out.push(event(i, late === i ? 1 : 10 + i));
  }
  return out;
}

async function run(inputs: string[], stdin: string | null, alwaysSort = false): Promise<{ stats: FeedStats; alerts: string[]; bad: string[] }> {
  const engine = createEngine(RULES, { now: NOW });
  const bad: string[] = [];
  const stats = await feedInputs(engine, inputs, {
    sortBuffer: 100,
    sampleLines: 50,
    alwaysSort,
    ...(stdin !== null ? { stdin: stdinOf(stdin) } : {}),
    onBadLine: (b: NdjsonBadLine) => void bad.push(`${b.line}: ${b.reason}`),
  });
  const result = engine.finish();
  return { stats, alerts: result.alerts.map((a) => a._id), bad };
}

/** Standard input in 4 KiB chunks: read in many batches, so a restart replays some and reads the rest on. */
function stdinOf(text: string): Readable {
  const chunks: Buffer[] = [];
  const bytes = Buffer.from(text, "utf8");
  for (let i = 0; i < bytes.length; i += 4096) chunks.push(bytes.subarray(i, i + 4096));
  return Readable.from(chunks);
}

function spoolDirs(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith("sequent-input-"));
}

test("standard input in time order streams (no sort); out of order it starts over from the spool: the alerts of sorting it all, the counts and bad lines of a file", async () => {
  const before = spoolDirs().length;
  // (an event less than REORDER_WINDOW events late is put in place by the reorder window: no sort)
  for (const late of [null, 7, 1100, 1500, 2990]) {
    const text = lines(3000, late, 97).join("\n") + "\n";
    const files = tempFiles({ "events.ndjson": text });
    try {
      const fromFile = await run([files.path("events.ndjson")], null);
      const fromStdin = await run([STDIN_PATH], text);
      // alert ids depend on the event's index ("stdin" here, the file's name there): compared with a sort of it all
      const sorted = await run([STDIN_PATH], text, true);
      const label = `late event at ${late}`;
      assert.equal(fromStdin.stats.mode, late === null || late < 1024 ? "stream" : "sort", label);
      assert.equal(fromFile.stats.mode, fromStdin.stats.mode, label);
      assert.ok(sorted.alerts.length > 1000, label);
      assert.deepEqual(fromStdin.alerts, sorted.alerts, label);
      assert.equal(fromFile.alerts.length, sorted.alerts.length, label);
      const counts = (s: FeedStats) => [s.lines, s.parsed, s.events, s.badLines];
      assert.deepEqual(counts(fromStdin.stats), counts(fromFile.stats), label);
      assert.equal(fromStdin.bad.length, 30, label);
      assert.deepEqual(fromStdin.bad, fromFile.bad, label);
    } finally {
      files.cleanup();
    }
  }
  assert.equal(spoolDirs().length, before, "spool files removed");
});

test("out-of-order standard input with a selective prefilter: skipped lines still count as read", async () => {
  const rule = makeRule({ ruleId: "rare", name: "rare", query: 'process where process.name == "zzz-rare"', index: ["*"] });
  const all = lines(3000, 2500, 1_000_000).map((l, i) => (i % 500 === 0 ? l.replace('"name":"a"', '"name":"zzz-rare"') : l));
  const text = all.join("\n") + "\n";
  const files = tempFiles({ "events.ndjson": text });
  try {
    const results = [];
    for (const [inputs, stdin, alwaysSort] of [[[files.path("events.ndjson")], null, false], [[STDIN_PATH], text, false], [[STDIN_PATH], text, true]] as const) {
      const engine = createEngine([rule], { now: NOW });
      const stats = await feedInputs(engine, [...inputs], { sortBuffer: 100, sampleLines: 50, alwaysSort, ...(stdin !== null ? { stdin: stdinOf(stdin) } : {}) });
      results.push({ stats, alerts: engine.finish().alerts.map((a) => a._id) });
    }
    const [file, stdin, sorted] = results;
    assert.equal(stdin!.stats.prefilter?.passAll, false);
    assert.equal(stdin!.stats.lines, 3000);
    assert.ok(stdin!.stats.parsed < 100, String(stdin!.stats.parsed));
    assert.deepEqual([stdin!.stats.lines, stdin!.stats.parsed, stdin!.stats.events, stdin!.stats.mode], [file!.stats.lines, file!.stats.parsed, file!.stats.events, file!.stats.mode]);
    assert.equal(stdin!.alerts.length, 6);
    assert.deepEqual(stdin!.alerts, sorted!.alerts);
    assert.equal(file!.alerts.length, 6);
  } finally {
    files.cleanup();
  }
});

test("item spool: items come back exactly as added (text ending in a carriage return, tabs, non-ASCII, search hits, bad lines)", async () => {
  const items: NdjsonItem[] = [
    { kind: "event", value: { a: 1 }, file: "<stdin>", line: 1, index: "stdin", id: "x1", sourceText: '{"a":1}\r' },
    { kind: "event", value: { b: "tab\there", c: "ü→😀" }, file: "<stdin>", line: 3, index: "stdin", id: "x2", sourceText: '{"b":"tab\\there",\t"c":"ü→😀"}' },
    { kind: "bad", file: "<stdin>", line: 4, reason: "invalid JSON: Unexpected token\tx" },
    { kind: "event", value: { d: [1, null] }, file: "a/b.ndjson", line: 9, index: ".ds-logs-x-2026.03.01-000001", id: "hit-id" },
  ];
  const spool = new ItemSpool();
  try {
    spool.add(items.slice(0, 2));
    // a text longer than the write buffer goes out on its own
    const big: NdjsonItem = { kind: "event", value: { big: "y".repeat(1 << 20) }, file: "<stdin>", line: 5, index: "stdin", id: "big", sourceText: JSON.stringify({ big: "y".repeat(1 << 20) }) };
    spool.add([items[2]!, big, items[3]!]);
    assert.equal(spool.size, 5);
    const back: NdjsonItem[] = [];
    for await (const batch of spool.replay(2)) back.push(...batch);
    assert.deepEqual(back, [items[0], items[1], items[2], big, items[3]]);
  } finally {
    spool.dispose();
  }
});
