// # Input spool
//
// Some consumers need two passes over the input (the dynamic schema must see every event before the query
// can be analysed, then the events are sorted). The spool keeps items in memory up to a limit and spills
// the rest to temporary run files, in arrival order; `items()` can be iterated any number of times.

import { TempDir, readRun, writeRun, type LineCodec } from "./runs.js";
import { DEFAULT_MAX_IN_MEMORY } from "./sort.js";

export interface SpoolOptions<T> {
  readonly codec: LineCodec<T>;
  /** Items held in memory before they are spilled (default 200,000). */
  readonly maxInMemory?: number;
  readonly tmpDir?: string;
}

export class Spool<T> {
  private buffer: T[] = [];
  private readonly runs: string[] = [];
  private readonly temp: TempDir;
  private readonly maxInMemory: number;
  private count = 0;

  constructor(private readonly options: SpoolOptions<T>) {
    this.maxInMemory = Math.max(1, options.maxInMemory ?? DEFAULT_MAX_IN_MEMORY);
    this.temp = new TempDir(options.tmpDir, "sequent-spool-");
  }

  get size(): number {
    return this.count;
  }

  get spilledRuns(): number {
    return this.runs.length;
  }

  add(item: T): void {
    this.buffer.push(item);
    this.count++;
    if (this.buffer.length >= this.maxInMemory) {
      const path = this.temp.nextFile();
      writeRun(path, this.buffer, this.options.codec);
      this.runs.push(path);
      this.buffer = [];
    }
  }

  /** Every item, in the order added. */
  *items(): Generator<T> {
    for (const path of this.runs) yield* readRun(path, this.options.codec);
    yield* this.buffer;
  }

  dispose(): void {
    this.temp.dispose();
    this.runs.length = 0;
    this.buffer = [];
  }
}
