// # `sequent run --workers N`: events screened in parallel, matched in one place
//
// Where the time goes with a large rule set: per event, reading and parsing it, then asking every candidate
// rule's filters whether it can use the event. Both are independent from event to event; only the matchers
// (sequence, sample, head/tail state) depend on the order of events. So:
//
// - The parent reads each input as blocks of whole lines (≈1 MiB) and deals them round-robin to N screening
//   workers (screen-worker.ts). A worker compiles every rule and, per event of a block, asks `Engine.screen`
//   which rules the event must reach: the rules whose index patterns, Kibana filters and exceptions let it
//   through and for which some filter of the query (any stage, missing stage, until, sample stage) accepts it.
//   It answers with those lines only: text, line number and rule positions. Lines the rules' raw-byte
//   prefilter rejects are not even parsed.
// - The parent takes the answers in block order (so in input order), parses the screened lines again and offers
//   each event to exactly the rules listed (`pushTo` of an Engine over the same rules, or of LazyRules, which
//   compiles a rule in this thread only when an event first reaches it: lazy-rules.ts), through
//   the same ordering machinery as the single-thread feed: a reorder window while the input is in time order;
//   if an event arrives earlier than one already matched, the pass starts over with the screened events sorted
//   (external sort, spilling past --sort-buffer).
//
// Why the alerts are identical to a one-thread run: a matcher's state changes only on events some filter of its
// query accepts (Elasticsearch never even fetches the others), and those are exactly the events screened for
// the rule; they reach it in the same total order (timestamp, tiebreaker, input position). Every sequence's
// events meet in the parent whatever worker screened them, so no partition key and no per-rule analysis is
// needed. Per-rule counts of events seen and excepted are the workers' sums (`Engine.setCounts`).
//
// Costs that do not shrink with N: reading the input in the parent (a fraction of a JSON parse), compiling the
// rules in every worker (in parallel), and the parent's parsing and matching of the screened lines — small
// when, as usual, few events interest any rule. Not covered: Kibana's scheduled windows (--kibana-windows:
// rules are sharded instead, index.ts) and standard input (one thread).
//
// Difference from one thread: the first worker chooses the prefilter literals from the first lines *it* reads
// and the others parse every line until its choice reaches them; lines a prefilter skips are not validated, so
// with a selective prefilter the count of bad lines can differ.
// A rule whose matcher stops early (`| head N` reached, or a runtime error) keeps being counted by the workers:
// its "events seen" / "excepted" go on where one thread stops counting (alerts are the same).

import { Worker } from "node:worker_threads";
import type { EventRecord } from "../../exec/event.js";
import type { EngineOptions } from "../engine.js";
import type { CompiledRuleSet, MatchTarget } from "./lazy-rules.js";
import type { RuleSpec } from "../../rules/model.js";
import type { FeedProgress, FeedStats } from "../feed.js";
import { REORDER_WINDOW, SAMPLE_LINES, eventsRead, restartProgress } from "../feed.js";
import { MinHeap } from "../../io/heap.js";
import { ExternalSorter } from "../../io/sort.js";
import { compareEventsTotal, compareOrder } from "../../io/events.js";
import type { LineCodec } from "../../io/runs.js";
import { eventLoopTurn, turnCounter } from "../../io/event-loop.js";
import { inputChunks, toItem, type NdjsonBadLine, type NdjsonEvent } from "../../io/ndjson.js";
import { LazyContentId } from "../../event/content-id.js";
import { describeFsError, expandInputs, indexNameOf, inputError } from "../../io/inputs.js";
import type { OrderKey } from "../../exec/event.js";
import { fromPortableError, type PortableEngineOptions } from "./protocol.js";
import type { FromScreenWorker, ScreenBlock, ScreenPrefilter, ScreenedBlock, ToScreenWorker } from "./screen-protocol.js";
import { deferred, type Deferred } from "./deferred.js";

/** Bytes per block sent to a worker. */
export const BLOCK_BYTES = 1 << 20;
/** Blocks in flight per worker (sent, not yet taken back in order). */
const IN_FLIGHT_PER_WORKER = 3;

export interface ScatterOptions {
  readonly inputs: readonly string[];
  readonly sortBuffer: number;
  readonly blockBytes?: number;
  /** Use the rules' raw-byte prefilter in the workers (default true). */
  readonly prefilter?: boolean;
  readonly sampleLines?: number;
  /** Force the sorted pass (for tests). */
  readonly alwaysSort?: boolean;
  /** Counters kept up to date as screened blocks are taken (see FeedProgress). */
  readonly progress?: FeedProgress;
}

/** One screening worker: requests answered in the order sent. */
export class ScreenWorker {
  private readonly worker: Worker;
  private readonly ready = deferred<ScreenReady>();
  private readonly screened: Deferred<ScreenedBlock>[] = [];
  private counted: Deferred<{ seen: readonly number[]; excepted: readonly number[] }> | null = null;
  private failure: unknown = null;
  private ended = false;

  constructor() {
    this.worker = new Worker(new URL("./screen-worker.js", import.meta.url));
    this.worker.unref();
    this.worker.on("message", (m: FromScreenWorker) => this.onMessage(m));
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => {
      if (!this.ended) this.fail(new Error(`screening worker exited with code ${code} before finishing`));
    });
  }

  /** Relays the prefilter this worker built (set by scatterInputs). */
  onPrefilter: ((message: ScreenPrefilter) => void) | null = null;

  /**
   * Compile the rules in the worker; resolves with what compiled and the compile time (ms). The worker of
   * `index` 0 builds the raw-byte prefilter, the others get it from it.
   */
  start(rules: readonly RuleSpec[], engine: EngineOptions, options: ScatterOptions, index = 0): Promise<ScreenReady> {
    const { schema, exceptions, ...portable } = engine;
    if (schema !== undefined) throw new Error("parallel runs use the dynamic schema (a Schema cannot cross threads)");
    this.worker.ref();
    this.post({
      type: "init",
      rules,
      engine: portable satisfies PortableEngineOptions,
      exceptions,
      prefilter: options.prefilter === false ? "off" : index === 0 ? "sample" : "wait",
      sampleLines: options.sampleLines ?? SAMPLE_LINES,
    });
    return this.ready.promise;
  }

  screen(block: ScreenBlock): Promise<ScreenedBlock> {
    const d = deferred<ScreenedBlock>();
    if (this.failure !== null) d.reject(this.failure);
    else {
      this.screened.push(d);
      // Hand the block's memory over instead of copying it (a block owns its buffer, see blocksOf), unless it
      // sits in Node's shared pool of small buffers.
      const memory = block.bytes.buffer;
      const own = memory instanceof ArrayBuffer && memory.byteLength > Buffer.poolSize;
      this.worker.postMessage(block, own ? [memory] : []);
    }
    return d.promise;
  }

  reset(): void {
    this.post({ type: "reset" });
  }

  usePrefilter(message: ScreenPrefilter): void {
    this.post(message);
  }

  counts(): Promise<{ seen: readonly number[]; excepted: readonly number[] }> {
    const d = deferred<{ seen: readonly number[]; excepted: readonly number[] }>();
    if (this.failure !== null) d.reject(this.failure);
    else {
      this.counted = d;
      this.post({ type: "end" });
    }
    return d.promise;
  }

  terminate(): Promise<number> {
    this.ended = true;
    return this.worker.terminate();
  }

  private post(message: ToScreenWorker): void {
    this.worker.postMessage(message);
  }

  private onMessage(m: FromScreenWorker): void {
    switch (m.type) {
      case "ready":
        this.ready.resolve({ ms: m.ms, compiled: m.compiled });
        return;
      case "screened":
        this.screened.shift()?.resolve(m.block);
        return;
      case "prefilter":
        this.onPrefilter?.(m);
        return;
      case "counts":
        this.counted?.resolve(m);
        this.counted = null;
        return;
      case "error":
        this.fail(fromPortableError(m.error));
        return;
    }
  }

  private fail(error: unknown): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.ended = true;
    this.ready.reject(error);
    for (const d of this.screened.splice(0)) d.reject(error);
    this.counted?.reject(error);
    void this.worker.terminate();
  }
}

/** A screening worker's report once its rules are compiled. */
export interface ScreenReady {
  readonly ms: number;
  readonly compiled: CompiledRuleSet;
}

/** Screening workers started ahead of the rules (their module loading overlaps the parent's rule parsing). */
export class ScreenPool {
  private constructor(readonly workers: readonly ScreenWorker[]) {}

  static spawn(n: number): ScreenPool {
    return new ScreenPool(Array.from({ length: Math.max(1, n) }, () => new ScreenWorker()));
  }

  release(): void {
    for (const w of this.workers) void w.terminate();
  }
}

/**
 * Whole-line blocks of each input, with their first line number. Each block's bytes are a fresh buffer the
 * caller may hand to a worker (its memory is transferred, so it must not be shared with anything else).
 */
async function* blocksOf(inputs: readonly string[], blockBytes: number): AsyncGenerator<ScreenBlock> {
  for (const path of expandInputs(inputs)) {
    let carry: Buffer | null = null;
    let firstLine = 1;
    let atFileStart = true;
    const block = (bytes: Buffer): ScreenBlock => {
      const b: ScreenBlock = { type: "block", path, label: path, firstLine, atFileStart, bytes };
      firstLine += countNewlines(bytes);
      atFileStart = false;
      return b;
    };
    try {
      for await (const chunk of inputChunks(path, { chunkSize: blockBytes })) {
        const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
        // a copy: a plain file's chunks share one buffer
        const joined: Buffer = carry === null ? Buffer.from(bytes) : Buffer.concat([carry, bytes]);
        const nl = joined.lastIndexOf(0x0a);
        if (nl < 0) {
          carry = joined;
          continue;
        }
        carry = nl + 1 < joined.length ? Buffer.from(joined.subarray(nl + 1)) : null;
        yield block(joined.subarray(0, nl + 1));
      }
    } catch (error) {
      const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
      if (typeof code === "string" && (code.startsWith("E") || code.startsWith("Z_"))) throw inputError("INPUT4002", `cannot read ${path}: ${describeFsError(error)}`, path);
      throw error;
    }
    if (carry !== null && carry.length > 0) yield block(carry);
  }
}

function countNewlines(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** A screened event waiting in the sorted pass: its ordering fields, where it goes, and its text. */
interface HitEntry extends OrderKey {
  readonly index: string;
  readonly id: string;
  readonly route: string;
  readonly rules: readonly number[];
  readonly verdicts: readonly number[];
  readonly text: string;
}

const hitCodec: LineCodec<HitEntry> = {
  encode: (e) => `${JSON.stringify([Number.isNaN(e.tsMs) ? null : e.tsMs, e.tsNs, e.tiebreaker, e.seq, e.index, e.id, e.route, e.rules, e.verdicts])}\t${e.text}`,
  decode: (line) => {
    const tab = line.indexOf("\t");
    const [tsMs, tsNs, tiebreaker, seq, index, id, route, rules, verdicts] = JSON.parse(line.slice(0, tab)) as [number | null, number, number | string | null, number, string, string, string, number[], number[]];
    return { tsMs: tsMs ?? Number.NaN, tsNs, tiebreaker, seq, index, id, route, rules, verdicts, text: line.slice(tab + 1) };
  },
};

interface Pending {
  readonly record: EventRecord;
  readonly route: string;
  readonly rules: readonly number[];
  readonly verdicts: readonly number[];
}

/** A screened line's document, parsed when something first reads it (an alert, a check the worker did not preset). */
class LazySource {
  private item: NdjsonEvent | null = null;
  constructor(
    private readonly text: string,
    private readonly line: number,
    private readonly path: string,
    private readonly fileIndex: string,
  ) {}

  get event(): NdjsonEvent {
    return (this.item ??= toItem({ text: this.text, line: this.line }, this.path, this.fileIndex, false) as NdjsonEvent);
  }

  /** The document's JSON text (the line itself unless it was a search hit). */
  sourceText(): string {
    const e = this.event;
    return e.sourceText ?? JSON.stringify(e.value);
  }
}

/**
 * An event record whose ordering fields came from the worker, whose source is parsed on first use, and whose
 * id (a plain line's content hash) is computed on first use.
 */
class ScreenedRecord implements EventRecord {
  constructor(
    private readonly lazy: LazySource,
    readonly index: string,
    private readonly idOf: string | LazyContentId,
    readonly tsMs: number,
    readonly tsNs: number,
    readonly tiebreaker: number | string | null,
    readonly seq: number,
  ) {}

  get source(): Record<string, unknown> {
    return this.lazy.event.value;
  }

  get id(): string {
    const id = this.idOf;
    return typeof id === "string" ? id : id.id;
  }
}

/** Where screened events go in one pass: streamed through reorder windows, or into external sorters. */
interface HitSink {
  /** False when the event comes before one already matched (streaming only). */
  add(o: number, record: EventRecord, route: string, rules: readonly number[], verdicts: readonly number[], source: LazySource): boolean;
  finish(): void | Promise<void>;
  dispose(): void;
}

function streamingSink(engine: MatchTarget): HitSink {
  const n = engine.orderings.length;
  const heaps = engine.orderings.map(() => new MinHeap<Pending>((a, b) => compareEventsTotal(a.record, b.record)));
  const last: (EventRecord | null)[] = new Array<EventRecord | null>(n).fill(null);
  return {
    add(o, record, route, rules, verdicts) {
      const prev = last[o];
      if (prev !== null && prev !== undefined && compareEventsTotal(record, prev) < 0) return false;
      const heap = heaps[o]!;
      heap.push({ record, route, rules, verdicts });
      if (heap.size > REORDER_WINDOW) {
        const top = heap.pop()!;
        last[o] = top.record;
        engine.pushTo(o, top.record, top.route, top.rules, top.verdicts);
      }
      return true;
    },
    finish() {
      heaps.forEach((heap, o) => {
        for (let top = heap.pop(); top !== undefined; top = heap.pop()) engine.pushTo(o, top.record, top.route, top.rules, top.verdicts);
      });
    },
    dispose() {},
  };
}

function sortingSink(engine: MatchTarget, sortBuffer: number, progress: FeedProgress | undefined): HitSink {
  const sorters = engine.orderings.map(() => new ExternalSorter<HitEntry>({ compare: compareOrder, codec: hitCodec, maxInMemory: sortBuffer }));
  return {
    add(o, record, route, rules, verdicts, source) {
      sorters[o]!.add({ tsMs: record.tsMs, tsNs: record.tsNs, tiebreaker: record.tiebreaker, seq: record.seq, index: record.index, id: record.id, route, rules, verdicts, text: source.sourceText() });
      return true;
    },
    async finish() {
      if (progress !== undefined) progress.stage = "sorted";
      for (let o = 0; o < sorters.length; o++) {
        const factory = engine.recordFactory(o);
        const turnDue = turnCounter();
        if (progress !== undefined) progress.matched = 0;
        for (const e of sorters[o]!.sorted()) {
          if (progress !== undefined) progress.matched++;
          engine.pushTo(o, factory(JSON.parse(e.text) as Record<string, unknown>, e.index, e.id, e.seq), e.route, e.rules, e.verdicts);
          if (turnDue()) await eventLoopTurn();
        }
      }
    },
    dispose() {
      for (const s of sorters) s.dispose();
    },
  };
}

/**
 * Run the inputs through `engine` (this thread's matching side over the same rules: an Engine, or LazyRules
 * built from a worker's ScreenReady) with `workers` screening: start the workers (`ScreenWorker.start` with the
 * same rules and options), then call this. Call `engine.finishTo` afterwards.
 */
export async function scatterInputs(
  engine: MatchTarget,
  workers: readonly ScreenWorker[],
  options: ScatterOptions,
  onBadLine: (bad: NdjsonBadLine) => Promise<void> | void,
): Promise<FeedStats> {
  const stats: FeedStats = { lines: 0, parsed: 0, events: 0, badLines: 0, mode: "stream", prefilter: null };
  const first = workers[0];
  if (first !== undefined) first.onPrefilter = (message) => workers.slice(1).forEach((w) => w.usePrefilter(message));
  try {
    const firstPass = { blocks: 0 };
    restartProgress(options.progress, "stream");
    let ok = options.alwaysSort !== true && (await pass(engine, workers, options, streamingSink(engine), stats, onBadLine, 0, firstPass));
    if (!ok) {
      engine.reset();
      for (const w of workers) w.reset();
      stats.lines = stats.parsed = stats.events = stats.badLines = 0;
      stats.mode = "sort";
      restartProgress(options.progress, "sort");
      const sink = sortingSink(engine, options.sortBuffer, options.progress);
      try {
        // bad lines of the blocks the first pass took were reported then
        ok = await pass(engine, workers, options, sink, stats, onBadLine, firstPass.blocks, { blocks: 0 });
      } finally {
        sink.dispose();
      }
    }
    const counts = await Promise.all(workers.map((w) => w.counts()));
    const seen = counts[0]!.seen.map((_, k) => counts.reduce((sum, c) => sum + (c.seen[k] ?? 0), 0));
    const excepted = counts[0]!.excepted.map((_, k) => counts.reduce((sum, c) => sum + (c.excepted[k] ?? 0), 0));
    engine.setCounts(seen, excepted);
    return stats;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** One read of the inputs; false when streaming met an event out of order (the engine then holds garbage). */
async function pass(
  engine: MatchTarget,
  workers: readonly ScreenWorker[],
  options: ScatterOptions,
  sink: HitSink,
  stats: FeedStats,
  onBadLine: (bad: NdjsonBadLine) => Promise<void> | void,
  reportFrom: number,
  taken: { blocks: number },
): Promise<boolean> {
  const n = engine.orderings.length;
  const fileIndices = new Map<string, string>();
  const queue: Promise<ScreenedBlock>[] = [];
  const maxInFlight = workers.length * IN_FLIGHT_PER_WORKER;
  let sent = 0;
  let seq = 0;
  let inOrder = true;

  const progress = options.progress;
  const take = async (block: ScreenedBlock, path: string, bytes: number): Promise<void> => {
    stats.lines += block.lines;
    stats.parsed += block.parsed;
    stats.events += block.events;
    if (progress !== undefined) {
      progress.bytes += bytes;
      progress.events = eventsRead(stats);
    }
    stats.badLines += block.bad.length;
    if (block.prefilter !== null) stats.prefilter = block.prefilter;
    if (taken.blocks++ >= reportFrom) for (const bad of block.bad) await onBadLine(bad);
    if (!inOrder) return;
    let fileIndex = fileIndices.get(path);
    if (fileIndex === undefined) fileIndices.set(path, (fileIndex = indexNameOf(path)));
    for (const hit of block.hits) {
      // the worker sent what ordering and matching need; the document is parsed only if something reads it
      const lazy = new LazySource(hit.text, hit.line, path, fileIndex);
      const id = hit.id ?? new LazyContentId(hit.text);
      const s = seq++;
      for (let o = 0; o < n; o++) {
        const rules = hit.rules[o];
        if (rules === undefined || rules.length === 0) continue;
        const [tsMs, tsNs, tiebreaker] = hit.order[o] ?? [Number.NaN, 0, null];
        const record = new ScreenedRecord(lazy, hit.alert, id, tsMs, tsNs, tiebreaker, s);
        if (!sink.add(o, record, hit.route, rules, hit.verdicts[o] ?? [], lazy)) {
          inOrder = false;
          return;
        }
      }
    }
  };

  const paths: string[] = [];
  // each block's size, taken before its memory is handed to the worker
  const sizes: number[] = [];
  for await (const block of blocksOf(options.inputs, options.blockBytes ?? BLOCK_BYTES)) {
    if (!inOrder) break;
    paths.push(block.path);
    sizes.push(block.bytes.length);
    queue.push(workers[sent % workers.length]!.screen(block));
    sent++;
    while (queue.length >= maxInFlight) await take(await queue.shift()!, paths.shift()!, sizes.shift()!);
  }
  while (queue.length > 0) await take(await queue.shift()!, paths.shift()!, sizes.shift()!);
  if (inOrder) await sink.finish();
  return inOrder;
}
