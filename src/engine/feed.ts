// # Feeding inputs to an engine: raw-byte prefilter, streaming when ordered, external sort otherwise
//
// One read of the inputs. Each non-blank raw line first meets the line filters: the caller's (`lineFilter`,
// e.g. a worker's partition) and the rules' raw-byte prefilter (src/compile/prefilter.ts, built from the
// engine's prepared rules and schema, its literals chosen on the first SAMPLE_LINES lines, which are all
// parsed). A line they reject is never decoded or parsed: it is not validated either, so a malformed line
// that no rule could match is not counted as bad. The prefilter is sound: it rejects only lines no loaded
// rule's filter (any stage, missing stage, until or sample stage) can match, and such events never change a
// matcher's state, so alerts are the same.
//
// Ordering. Events must reach the matchers sorted per ordering (timestamp, tiebreaker, arrival). Input that
// is already in order — the usual case for logs — streams straight through: a small reorder window (a heap)
// absorbs local jitter, and nothing else is held. When an event arrives earlier than one already pushed,
// the engine is reset and the inputs are read again, this time through an external sort (sort entries are
// the ordering fields plus the line's text; spilled past `sortBuffer`). Standard input, pipes and devices
// cannot be read twice: they stream too, while what is read is also written to a spool on disk, and a restart
// reads the spool and then goes on reading the input (src/io/item-spool.ts).

import { statSync } from "node:fs";
import type { EventRecord } from "../exec/event.js";
import type { Engine } from "./engine.js";
import { eventIndices } from "./route.js";
import { eventIndex } from "../rules/index-patterns.js";
import { buildPrefilter, type CandidateScan, type Prefilter, type PrefilterRule } from "../compile/prefilter.js";
import { MinHeap } from "../io/heap.js";
import { ExternalSorter } from "../io/sort.js";
import { compareEventsTotal, compareOrder, recordsOf, sortEntryCodec, type SortEntry } from "../io/events.js";
import { itemId, lazyItemId, readNdjsonBatches, type NdjsonBadLine, type NdjsonEvent, type NdjsonItem } from "../io/ndjson.js";
import { ItemSpool } from "../io/item-spool.js";
import { STDIN_INDEX, STDIN_LABEL, STDIN_PATH, indexNameOf } from "../io/inputs.js";
import type { LineFilter } from "../io/lines.js";
import { eventLoopTurn, turnCounter } from "../io/event-loop.js";

/** Lines whose literal frequencies choose the prefilter's literals (all of them are parsed). */
export const SAMPLE_LINES = 1000;
/** Events held to absorb local disorder when streaming. */
export const REORDER_WINDOW = 1024;

export interface FeedOptions {
  readonly stdin?: NodeJS.ReadableStream;
  /** Events kept in memory by the external sort (when the input is not ordered). */
  readonly sortBuffer: number;
  /** Use the rules' raw-byte prefilter (default true). */
  readonly prefilter?: boolean;
  /** A caller's raw-line predicate (e.g. a worker's partition); lines it rejects are skipped unparsed. */
  readonly lineFilter?: LineFilter;
  /** Lines sampled (and all parsed) before the prefilter is built (default SAMPLE_LINES). */
  readonly sampleLines?: number;
  /** Force the external sort even for ordered input (for tests). */
  readonly alwaysSort?: boolean;
  /** Each bad line (invalid JSON, not an object), once. */
  readonly onBadLine?: (bad: NdjsonBadLine) => Promise<void> | void;
  /** Counters kept up to date during the feed, for a caller to poll (a progress line). */
  readonly progress?: FeedProgress;
}

/**
 * How far a feed has got, updated as it goes (the caller owns the object and reads it from a timer; the
 * feed gives the event loop a turn at least once per MiB read or 4,096 sorted events). A restart through
 * the sort (input out of order) starts the counts over, except the bytes of standard input, which is not read
 * again (its spool is).
 */
export interface FeedProgress {
  /** "stream": events are matched as they are read; "sort": read into the sort; "sorted": sorted events matched. */
  stage: "stream" | "sort" | "sorted";
  /** Bytes of the non-blank lines read so far (line ends included). */
  bytes: number;
  /** Events read so far, lines the prefilter skipped included (as batches are taken: up to one read chunk behind). */
  events: number;
  /** In stage "sorted": events matched so far (of `events`, per ordering). */
  matched: number;
}

/** Events read: the lines the line filters skipped (never parsed) count as events, as in the run summary. */
export function eventsRead(stats: Pick<FeedStats, "lines" | "parsed" | "events">): number {
  return stats.lines - stats.parsed + stats.events;
}

/** A FeedProgress at the start of a pass. */
export function restartProgress(progress: FeedProgress | undefined, stage: FeedProgress["stage"]): void {
  if (progress === undefined) return;
  progress.stage = stage;
  progress.bytes = 0;
  progress.events = 0;
  progress.matched = 0;
}

/**
 * What a run reports about its prefilter; when it passes every line, why: the sample lines it would keep
 * (`unselective`), or the rules with a filter that has no literal to look for (`blockers`: names, load order).
 */
export type PrefilterInfo = Pick<Prefilter, "passAll" | "literalCount" | "unselective" | "sampleKeptShare"> & {
  readonly blockers: readonly string[];
  /** The chosen literal on most sample lines (as searched in the raw line), its share, and the names of the rules that chose it. */
  readonly commonest: { readonly literal: string; readonly share: number; readonly rules: readonly string[] } | null;
};

export interface FeedStats {
  /** Non-blank lines read. */
  lines: number;
  /** Lines parsed (passed the line filters). */
  parsed: number;
  /** Events (parsed lines that are JSON objects). */
  events: number;
  badLines: number;
  /** How events were ordered: streamed in input order, or sorted. */
  mode: "stream" | "sort";
  /** The prefilter, when one was built (null: off, or fewer lines than the sample). */
  prefilter: PrefilterInfo | null;
}

/** Push every input event through the engine in each ordering's order. Call `engine.finish()` afterwards. */
export async function feedInputs(engine: Engine, inputs: readonly string[], options: FeedOptions): Promise<FeedStats> {
  const stats: FeedStats = { lines: 0, parsed: 0, events: 0, badLines: 0, mode: "stream", prefilter: null };
  const filter = lineFilterFor(engine, options, stats);
  // plain lines' content ids are computed only for the events whose id is read (alerts, sort entries)
  const read = (): AsyncIterable<NdjsonItem[]> =>
    readNdjsonBatches(inputs, { ...(options.stdin !== undefined ? { stdin: options.stdin } : {}), lineFilter: filter.fn, contentIds: false });
  if (options.alwaysSort === true) {
    stats.mode = "sort";
    restartProgress(options.progress, "sort");
    await sortPass(engine, read(), options, stats, 0);
    return stats;
  }
  if (!inputs.every(rereadable)) return spooledFeed(engine, read(), options, stats);
  restartProgress(options.progress, "stream");
  if (await streamPass(engine, read(), options, stats)) return stats;
  // Out of order: start over through the sort.
  engine.reset();
  stats.mode = "sort";
  restartProgress(options.progress, "sort");
  // bad lines the first pass reported are not reported again; those after the point where it stopped are
  const reported = stats.badLines;
  stats.lines = stats.parsed = stats.events = stats.badLines = 0;
  await sortPass(engine, read(), options, stats, reported);
  return stats;
}

/**
 * Standard input and pipes cannot be read twice. They stream like files while every item read is also written
 * to a spool on disk (src/io/item-spool.ts); if an event arrives out of order, the pass starts over through
 * the sort with the spooled items, then reads on where it stopped. Lines the line filters skipped are not
 * spooled (no rule can match them; they still count as read).
 */
async function spooledFeed(engine: Engine, items: AsyncIterable<NdjsonItem[]>, options: FeedOptions, stats: FeedStats): Promise<FeedStats> {
  const source = resumable(items);
  const spool = new ItemSpool();
  try {
    restartProgress(options.progress, "stream");
    if (await streamPass(engine, spooling(source, spool), options, stats)) return stats;
    engine.reset();
    stats.mode = "sort";
    const bytes = options.progress?.bytes ?? 0;
    restartProgress(options.progress, "sort");
    if (options.progress !== undefined) options.progress.bytes = bytes;
    const reported = stats.badLines;
    stats.lines -= stats.parsed;
    stats.parsed = stats.events = stats.badLines = 0;
    await sortPass(engine, concat(counted(spool.replay(), stats), source), options, stats, reported);
    return stats;
  } finally {
    spool.dispose();
    await source.close();
  }
}

/** An iteration that a loop leaving early does not end (it goes on from there), with `close` to end it. */
function resumable<T>(items: AsyncIterable<T>): AsyncIterable<T> & { close(): Promise<void> } {
  const it = items[Symbol.asyncIterator]();
  // no `return`: a for-await loop that breaks leaves the underlying iteration open
  const view = { next: () => it.next() };
  return {
    [Symbol.asyncIterator]: () => view,
    close: async () => {
      await it.return?.();
    },
  };
}

/** The batches of `items`, each written to `spool` before it is handed on. */
async function* spooling(items: AsyncIterable<NdjsonItem[]>, spool: ItemSpool): AsyncGenerator<NdjsonItem[]> {
  for await (const batch of items) {
    spool.add(batch);
    yield batch;
  }
}

/** Replayed items count as lines read and parsed again (they passed the line filters the first time). */
async function* counted(items: AsyncIterable<NdjsonItem[]>, stats: FeedStats): AsyncGenerator<NdjsonItem[]> {
  for await (const batch of items) {
    stats.lines += batch.length;
    stats.parsed += batch.length;
    yield batch;
  }
}

async function* concat<T>(first: AsyncIterable<T>, second: AsyncIterable<T>): AsyncGenerator<T> {
  yield* first;
  yield* second;
}

/** Files and directories can be read twice; standard input, pipes and devices cannot. */
export function rereadable(path: string): boolean {
  if (path === STDIN_PATH) return false;
  try {
    const st = statSync(path);
    return st.isFile() || st.isDirectory();
  } catch {
    return true; // unreadable: the read reports it
  }
}

interface Filter {
  readonly fn: LineFilter;
}

/** The counting line filter: sample lines first, then the caller's filter and the prefilter. */
function lineFilterFor(engine: Engine, options: FeedOptions, stats: FeedStats): Filter {
  const outer = options.lineFilter;
  const progress = options.progress;
  const prefilter =
    options.prefilter !== false
      ? sampledPrefilter(
          (sample) => enginePrefilter(engine, sample),
          (pf) => void (stats.prefilter = prefilterInfo(engine, pf)),
          options.sampleLines,
        )
      : null;
  const fn: LineFilter = (buf, start, end) => {
    stats.lines++;
    if (progress !== undefined) progress.bytes += end - start + 1;
    if (outer !== undefined && !outer(buf, start, end)) return false;
    if (prefilter !== null && !prefilter(buf, start, end)) return false;
    stats.parsed++;
    return true;
  };
  return { fn };
}

/**
 * A raw-byte prefilter chosen on the input itself: the first `sampleLines` lines all pass and are kept; then
 * `build` makes the prefilter from them (`onBuilt` sees it), which, when selective, decides every later line.
 */
export function sampledPrefilter(build: (sample: readonly Buffer[]) => Prefilter, onBuilt: (pf: Prefilter) => void, sampleLines = SAMPLE_LINES): LineFilter {
  let sample: Buffer[] | null = [];
  let inner: LineFilter | null = null;
  const size = Math.max(1, sampleLines);
  return (buf, start, end) => {
    if (inner !== null) return inner(buf, start, end);
    if (sample !== null) {
      sample.push(Buffer.from(buf.subarray(start, end)));
      if (sample.length >= size) {
        const pf = build(sample);
        sample = null;
        onBuilt(pf);
        if (!pf.passAll) inner = blockwise(pf.forEachCandidate);
      }
    }
    return true;
  };
}

/**
 * A per-line predicate answered from a block scan: the first line asked about in a buffer scans the rest of
 * that buffer once (each literal searched with one Buffer#indexOf pass, src/compile/prefilter.ts
 * `forEachCandidate`); later lines of the same buffer are looked up among the candidate lines found. A line
 * is accepted when it lies within a candidate line (the splitter may start the first line after a BOM).
 */
export function blockwise(scan: CandidateScan): LineFilter {
  let buffer: Buffer | null = null;
  let from = 0;
  let starts: number[] = [];
  let ends: number[] = [];
  let i = 0;
  return (buf, start, end) => {
    if (buf !== buffer || start < from) {
      buffer = buf;
      from = start;
      starts = [];
      ends = [];
      i = 0;
      scan(buf, start, buf.length, (ls, le) => {
        starts.push(ls);
        ends.push(le);
      });
    }
    while (i < ends.length && ends[i]! < start) i++;
    return i < starts.length && starts[i]! <= start && end <= ends[i]!;
  };
}

/** What to report about `engine`'s prefilter `pf` (plain data: it crosses threads). */
export function prefilterInfo(engine: Engine, pf: Prefilter): PrefilterInfo {
  const rules = engine.preparedRules;
  // the rules (load order, once each) with a filter the prefilter found nothing to look for in
  const name = (i: number): string => rules[i]?.spec.name ?? `rule ${i + 1}`;
  const blockers = [...new Set(pf.unconstrained.map((u) => u.rule))].sort((a, b) => a - b).map(name);
  const c = pf.commonest;
  const commonest = c === null ? null : { literal: c.literal.raw, share: c.share, rules: c.rules.map(name) };
  return { passAll: pf.passAll, literalCount: pf.literalCount, unselective: pf.unselective, sampleKeptShare: pf.sampleKeptShare, blockers, commonest };
}

/** The raw-byte prefilter of the engine's rules (with its schema and each rule's category field). */
export function enginePrefilter(engine: Engine, sample: readonly Buffer[]): Prefilter {
  // the facts the engine derived with the same schema and category field: not derived a second time
  const rules: PrefilterRule[] = engine.preparedRules.map((r) => ({ query: r.query, options: { categoryField: r.categoryField }, facts: r.facts }));
  return buildPrefilter(rules, { schema: engine.schema, sample });
}

/** The route/alert indices of an input event. */
class Indexer {
  private readonly fileIndices = new Map<string, string>();

  of(e: NdjsonEvent): { route: string; alert: string } {
    let fileIndex = this.fileIndices.get(e.file);
    if (fileIndex === undefined) {
      fileIndex = e.file === STDIN_LABEL ? STDIN_INDEX : indexNameOf(e.file);
      this.fileIndices.set(e.file, fileIndex);
    }
    const hitIndex = e.index !== fileIndex ? e.index : undefined;
    return eventIndices(e.value, hitIndex, fileIndex);
  }
}

interface Pending {
  readonly record: EventRecord;
  readonly route: string;
}

/** Streams events in input order through per-ordering reorder windows; false when the input is out of order. */
async function streamPass(engine: Engine, items: AsyncIterable<NdjsonItem[]>, options: FeedOptions, stats: FeedStats): Promise<boolean> {
  const n = engine.orderings.length;
  const factories = engine.orderings.map((_, o) => engine.recordFactory(o));
  const heaps = engine.orderings.map(() => new MinHeap<Pending>((a, b) => compareEventsTotal(a.record, b.record)));
  const last: (EventRecord | null)[] = new Array<EventRecord | null>(n).fill(null);
  const indexer = new Indexer();
  let seq = 0;
  for await (const batch of items) {
    for (const item of batch) {
      if (item.kind === "bad") {
        stats.badLines++;
        await options.onBadLine?.(item);
        continue;
      }
      stats.events++;
      const idx = indexer.of(item);
      const s = seq++;
      const id = lazyItemId(item);
      for (let o = 0; o < n; o++) {
        if (!engine.wantsEvents(o)) continue;
        const record = factories[o]!(item.value, idx.alert, id, s);
        const prev = last[o];
        if (prev !== null && compareEventsTotal(record, prev) < 0) return false;
        const heap = heaps[o]!;
        heap.push({ record, route: idx.route });
        if (heap.size > REORDER_WINDOW) {
          const top = heap.pop()!;
          last[o] = top.record;
          engine.push(o, top.record, top.route);
        }
      }
    }
    if (options.progress !== undefined) options.progress.events = eventsRead(stats);
  }
  for (let o = 0; o < n; o++) {
    const heap = heaps[o]!;
    for (let top = heap.pop(); top !== undefined && engine.wantsEvents(o); top = heap.pop()) engine.push(o, top.record, top.route);
  }
  return true;
}

/** Reads every event into one external sorter per ordering, then pushes each ordering's events in order. */
/** `skipBad`: bad lines already reported (the first ones met), not reported again. */
async function sortPass(engine: Engine, items: AsyncIterable<NdjsonItem[]>, options: FeedOptions, stats: FeedStats, skipBad: number): Promise<void> {
  const n = engine.orderings.length;
  const factories = engine.orderings.map((_, o) => engine.recordFactory(o));
  const sorters = engine.orderings.map(() => new ExternalSorter<SortEntry>({ compare: compareOrder, codec: sortEntryCodec, maxInMemory: options.sortBuffer }));
  // Events with neither a hit index nor a data stream route to every rule (""); their alert index is the file's.
  const fallbackIndices = new Set<string>();
  const indexer = new Indexer();
  try {
    let seq = 0;
    for await (const batch of items) {
      for (const item of batch) {
        if (item.kind === "bad") {
          if (++stats.badLines > skipBad) await options.onBadLine?.(item);
          continue;
        }
        stats.events++;
        const idx = indexer.of(item);
        if (idx.route === "") fallbackIndices.add(idx.alert);
        const s = seq++;
        const id = itemId(item);
        for (let o = 0; o < n; o++) {
          if (!engine.wantsEvents(o)) continue;
          const r = factories[o]!(item.value, idx.alert, id, s);
          sorters[o]!.add({ tsMs: r.tsMs, tsNs: r.tsNs, tiebreaker: r.tiebreaker, seq: s, index: idx.alert, id, text: item.sourceText ?? JSON.stringify(item.value) });
        }
      }
      if (options.progress !== undefined) options.progress.events = eventsRead(stats);
    }
    const progress = options.progress;
    if (progress !== undefined) progress.stage = "sorted";
    for (let o = 0; o < n; o++) {
      if (!engine.wantsEvents(o)) continue;
      const turnDue = turnCounter();
      if (progress !== undefined) progress.matched = 0;
      for (const record of recordsOf(sorters[o]!.sorted(), factories[o]!)) {
        const route = fallbackIndices.has(record.index) && eventIndex(record.source, "") === "" ? "" : record.index;
        if (progress !== undefined) progress.matched++;
        engine.push(o, record, route);
        if (!engine.wantsEvents(o)) break;
        if (turnDue()) await eventLoopTurn();
      }
    }
  } finally {
    for (const sorter of sorters) sorter.dispose();
  }
}
