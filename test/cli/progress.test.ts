// The progress line of `sequent run`: its text per stage, how it is drawn and erased on a terminal, the
// feed counters behind it (single thread and --workers), and when the CLI shows it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { formatProgress, ProgressLine, type ProgressState } from "../../src/cli/progress.js";
import { main } from "../../src/cli/main.js";
import { createEngine } from "../../src/engine/engine.js";
import { feedInputs, type FeedProgress, type FeedStats } from "../../src/engine/feed.js";
import { LazyRules } from "../../src/engine/parallel/lazy-rules.js";
import { ScreenPool, scatterInputs } from "../../src/engine/parallel/scatter.js";
import { REPO_ROOT } from "../repo-paths.js";
import { makeRule } from "../alerts/helpers.js";

const SCENARIO = join(REPO_ROOT, "samples/seed-scenario.ndjson");
const NOW = "2026-03-12T14:10:00.000Z";
/** A rule every test event reaches (so the sorted stage has every event to match). */
const EVERY_PROCESS = makeRule({ query: "process where true" });

function state(over: Partial<ProgressState>): ProgressState {
  return { stage: "stream", bytes: 0, events: 0, matched: 0, totalBytes: null, written: null, ...over };
}

test("progress text: share of a known size, events, rate and time left; without a size, the bytes read", () => {
  const s = state({ bytes: 400e6, totalBytes: 1.6e9, events: 250_000 });
  assert.equal(formatProgress(s, 500), "sequent run: 25% of 1.60 GB · 250,000 events");
  assert.equal(formatProgress(s, 20_000), "sequent run: 25% of 1.60 GB · 250,000 events · 12,500 events/s · 1m00s left");
  assert.equal(formatProgress({ ...s, bytes: 1.6e9 }, 20_000), "sequent run: 100% of 1.60 GB · 250,000 events · 12,500 events/s");
  assert.equal(formatProgress(state({ bytes: 52e6, events: 40_000 }), 2_000), "sequent run: 52 MB · 40,000 events · 20,000 events/s");
  assert.equal(formatProgress(state({ bytes: 12_300, events: 7 }), 0), "sequent run: 12 kB · 7 events");
  assert.equal(formatProgress(state({ bytes: 1, totalBytes: 3 * 3600 * 2, events: 1 }), 1_000), "sequent run: 0% of 22 kB · 1 event · 1 events/s · 5h59m left");
});

test("progress text: reading into the sort, matching the sorted events, writing alerts", () => {
  assert.equal(formatProgress(state({ stage: "sort", bytes: 5e8, totalBytes: 1e9, events: 10 }), 0), "sequent run: reading to sort: 50% of 1.00 GB · 10 events");
  assert.equal(formatProgress(state({ stage: "sorted", events: 400, matched: 100 }), 0), "sequent run: matching the sorted events: 25% (100 of 400)");
  assert.equal(formatProgress(state({ stage: "sorted", events: 0, matched: 0 }), 0), "sequent run: matching the sorted events: (0 of 0)");
  assert.equal(formatProgress(state({ written: 1 }), 0), "sequent run: writing alerts: 1 document");
  assert.equal(formatProgress(state({ stage: "sorted", written: 12_345 }), 0), "sequent run: writing alerts: 12,345 documents");
});

test("progress line: drawn in place (carriage return, erase to the end), cut to the terminal, erased before other text and at stop", () => {
  let out = "";
  const sink = { write: (s: string) => ((out += s), true) };
  let clock = 0;
  const current: { value: ProgressState } = { value: state({ bytes: 0, totalBytes: 1000, events: 0 }) };
  const line = new ProgressLine(sink, () => current.value, { now: () => clock, columns: () => 40, intervalMs: 60_000 });
  line.start(); // draws at once
  assert.equal(out, "\rsequent run: 0% of 1 kB · 0 events\x1b[K");
  out = "";
  // the clock of a stage starts when reading does: the rate covers the 2 s since the first bytes
  clock = 10_000;
  current.value = state({ bytes: 100, totalBytes: 1000, events: 5 });
  line.draw();
  clock = 12_000;
  current.value = state({ bytes: 500, totalBytes: 1000, events: 50 });
  line.draw();
  assert.equal(out.split("\r").pop(), "sequent run: 50% of 1 kB · 50 events ·…\x1b[K");
  assert.equal("sequent run: 50% of 1 kB · 50 events ·…".length, 39);
  out = "";
  const other = line.around(sink);
  other.write("a bad line\n");
  other.write("another\n");
  assert.equal(out, "\r\x1b[Ka bad line\nanother\n");
  out = "";
  line.stop();
  assert.equal(out, "", "nothing to erase: the line was erased before the other text");
  line.draw();
  line.stop();
  assert.equal(out.endsWith("\r\x1b[K"), true);
  out = "";
  line.stop();
  assert.equal(out, "");
});

test("progress line: the stage clock restarts with each stage (the rate of the sort's reading is its own)", () => {
  let out = "";
  let clock = 0;
  const current: { value: ProgressState } = { value: state({ bytes: 10, events: 10 }) };
  const line = new ProgressLine({ write: (s: string) => ((out += s), true) }, () => current.value, { now: () => clock, columns: () => 200, intervalMs: 60_000 });
  line.draw();
  clock = 4_000;
  current.value = state({ bytes: 40, events: 40 });
  line.draw();
  assert.match(out, /sequent run: 40 B · 40 events · 10 events\/s\x1b\[K$/);
  current.value = state({ stage: "sort", bytes: 10, events: 10 });
  line.draw();
  clock = 6_000;
  current.value = state({ stage: "sort", bytes: 30, events: 30 });
  line.draw();
  assert.match(out, /reading to sort: 30 B · 30 events · 15 events\/s\x1b\[K$/);
  line.stop();
});

function tempCopy(lines: string[]): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "sequent-progress-"));
  const file = join(dir, "events.ndjson");
  writeFileSync(file, lines.join("\n") + "\n");
  return { dir, file };
}

function eventLines(n: number, shuffled: boolean): string[] {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = shuffled ? (i * 7919) % n : i;
    lines.push(JSON.stringify({ "@timestamp": new Date(Date.UTC(2026, 2, 1, 0, 0, t)).toISOString(), event: { category: ["process"], type: ["start"] }, host: { os: { type: "macos" } }, n: i }));
  }
  return lines;
}

/** After a feed of `eventLines(3000, shuffled)` from `file`: every byte and event counted; sorted input fully matched. */
function assertFinalProgress(stats: FeedStats, progress: FeedProgress, file: string, shuffled: boolean): void {
  assert.equal(stats.mode, shuffled ? "sort" : "stream");
  assert.equal(progress.bytes, statSync(file).size);
  assert.equal(progress.events, 3000);
  assert.equal(progress.stage, shuffled ? "sorted" : "stream");
  assert.equal(progress.matched, shuffled ? 3000 : 0);
}

test("feed progress: bytes and events of the whole input; streamed input stays in stage stream, sorted input ends with every event matched", async () => {
  for (const shuffled of [false, true]) {
    const lines = eventLines(3000, shuffled);
    const { dir, file } = tempCopy(lines);
    try {
      const engine = createEngine([EVERY_PROCESS], { now: NOW });
      const progress: FeedProgress = { stage: "stream", bytes: -1, events: -1, matched: -1 };
      const stats = await feedInputs(engine, [file], { sortBuffer: 500, progress, sampleLines: 100 });
      assertFinalProgress(stats, progress, file, shuffled);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test("feed progress with screening workers: the bytes of every block and the events, then the sorted matching", async () => {
  for (const shuffled of [false, true]) {
    const lines = eventLines(3000, shuffled);
    const { dir, file } = tempCopy(lines);
    const pool = ScreenPool.spawn(2);
    try {
      const options = { now: NOW };
      const ready = await Promise.all(pool.workers.map((w, i) => w.start([EVERY_PROCESS], options, { inputs: [file], sortBuffer: 500 }, i)));
      const engine = new LazyRules([EVERY_PROCESS], options, ready[0]!.compiled);
      const progress: FeedProgress = { stage: "stream", bytes: -1, events: -1, matched: -1 };
      const stats = await scatterInputs(engine, pool.workers, { inputs: [file], sortBuffer: 500, blockBytes: 16 << 10, progress }, () => undefined);
      assertFinalProgress(stats, progress, file, shuffled);
    } finally {
      pool.release();
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

async function runOn(stderr: { write(s: string): boolean; isTTY?: boolean; columns?: number }, extra: string[], stdout: { write(s: string): boolean; isTTY?: boolean } = { write: () => true }): Promise<number> {
  return main(["run", "--now", NOW, ...extra, SCENARIO], { stdout, stderr, stdin: Readable.from([""]) });
}

test("sequent run: the progress line on a terminal's stderr, erased before the summary; none with --no-progress, -q or a non-terminal", async () => {
  let tty = "";
  assert.equal(await runOn({ write: (s) => ((tty += s), true), isTTY: true, columns: 120 }, []), 0);
  const first = tty.indexOf("\rsequent run: 0% of ");
  assert.ok(first > 0, tty);
  const summary = tty.indexOf("sequent run: 20 events read");
  assert.ok(summary > first, tty);
  assert.equal(tty.slice(summary - 4, summary), "\r\x1b[K", "erased before the summary");
  assert.equal(tty.lastIndexOf("\x1b[K"), summary - 3, "not drawn again after the summary");
  for (const [isTTY, extra] of [[true, ["--no-progress"]], [true, ["-q"]], [false, []]] as const) {
    let text = "";
    assert.equal(await runOn({ write: (s) => ((text += s), true), isTTY }, [...extra]), 0);
    assert.equal(text.includes("\x1b[K"), false, `${isTTY} ${extra.join(" ")}`);
  }
});

test("sequent run: with the alerts going to the same terminal (stdout a terminal, no --out), the line is erased before they are written", async () => {
  let screen = "";
  const write = (s: string) => ((screen += s), true);
  assert.equal(await runOn({ write, isTTY: true, columns: 120 }, ["-f", "ndjson"], { write, isTTY: true }), 0);
  const firstAlert = screen.indexOf('{"');
  assert.ok(firstAlert > 0, screen);
  assert.equal(screen.slice(firstAlert - 4, firstAlert), "\r\x1b[K", "erased just before the first alert");
  assert.equal(screen.indexOf("writing alerts"), -1);
  assert.equal(screen.lastIndexOf("\x1b[K"), firstAlert - 3, "not drawn again");
});
