// # External sort
//
// Events must reach the matchers in (timestamp, tiebreaker, arrival) order, but inputs are in file order and
// may not fit in memory. The sorter keeps up to `maxInMemory` items; when that fills, it sorts them and spills
// them to a temporary run file. Reading back merges the runs (k-way, with a heap) and the in-memory rest.
// Inputs that fit in memory never touch the disk. Sorting is stable (Array#sort is), and the comparator is
// expected to be total (event ordering ends with the arrival ordinal), so the output is deterministic.

import { MinHeap } from "./heap.js";
import { rmSync } from "node:fs";
import { RunReader, TempDir, writeRun, writeRunFrom, type LineCodec } from "./runs.js";

export const DEFAULT_MAX_IN_MEMORY = 200_000;
/** Runs merged at once (open files); more runs are first merged in groups into longer runs. */
export const DEFAULT_MAX_OPEN_RUNS = 64;

export interface ExternalSortOptions<T> {
  readonly compare: (a: T, b: T) => number;
  readonly codec: LineCodec<T>;
  /** Items held in memory before a run is spilled (default 200,000). */
  readonly maxInMemory?: number;
  /** Parent directory of the temporary run directory (default: the OS temp directory). */
  readonly tmpDir?: string;
  /** Run files open at once during a merge (default 64, at least 2). */
  readonly maxOpenRuns?: number;
}

interface Cursor<T> {
  head: T;
  readonly advance: () => T | undefined;
}

export class ExternalSorter<T> {
  private buffer: T[] = [];
  private readonly runs: string[] = [];
  private readonly temp: TempDir;
  private readonly maxInMemory: number;
  private readonly maxOpenRuns: number;
  private count = 0;

  constructor(private readonly options: ExternalSortOptions<T>) {
    this.maxInMemory = Math.max(1, options.maxInMemory ?? DEFAULT_MAX_IN_MEMORY);
    this.maxOpenRuns = Math.max(2, options.maxOpenRuns ?? DEFAULT_MAX_OPEN_RUNS);
    this.temp = new TempDir(options.tmpDir, "sequent-sort-");
  }

  /** Number of items added. */
  get size(): number {
    return this.count;
  }

  /** Number of sorted runs on disk (spilled, or merged from spilled ones). */
  get spilledRuns(): number {
    return this.runs.length;
  }

  add(item: T): void {
    this.buffer.push(item);
    this.count++;
    if (this.buffer.length >= this.maxInMemory) this.spill();
  }

  /**
   * All items in order. Call once, after the last `add`; temporary files are removed when the iteration ends
   * (also when it is abandoned early).
   */
  *sorted(): Generator<T> {
    const rest = this.buffer.sort(this.options.compare);
    this.buffer = [];
    try {
      if (this.runs.length === 0) {
        yield* rest;
        return;
      }
      // Keep the number of open files bounded: merge groups of runs into longer runs first.
      while (this.runs.length > this.maxOpenRuns) {
        const group = this.runs.splice(0, this.maxOpenRuns);
        const path = this.temp.nextFile();
        writeRunFrom(path, this.merge(group, []), this.options.codec);
        for (const done of group) rmSync(done, { force: true });
        this.runs.push(path);
      }
      yield* this.merge(this.runs, rest);
    } finally {
      this.dispose();
    }
  }

  /** K-way merge of sorted run files and a sorted in-memory array. */
  private *merge(paths: readonly string[], rest: readonly T[]): Generator<T> {
    const compare = this.options.compare;
    const heap = new MinHeap<Cursor<T>>((a, b) => compare(a.head, b.head));
    const readers = paths.map((path) => new RunReader(path, this.options.codec));
    try {
      for (const reader of readers) addCursor(heap, () => reader.next());
      let i = 0;
      addCursor(heap, () => (i < rest.length ? rest[i++] : undefined));
      for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
        yield top.head;
        const next = top.advance();
        if (next === undefined) heap.pop();
        else {
          top.head = next;
          heap.replaceTop(top);
        }
      }
    } finally {
      for (const reader of readers) reader.close();
    }
  }

  /** Remove temporary files (safe to call more than once). */
  dispose(): void {
    this.temp.dispose();
    this.runs.length = 0;
  }

  private spill(): void {
    const items = this.buffer.sort(this.options.compare);
    this.buffer = [];
    const path = this.temp.nextFile();
    writeRun(path, items, this.options.codec);
    this.runs.push(path);
  }
}

function addCursor<T>(heap: MinHeap<Cursor<T>>, advance: () => T | undefined): void {
  const head = advance();
  if (head !== undefined) heap.push({ head, advance });
}
