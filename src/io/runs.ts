// # Temporary run files
//
// A run is a temporary NDJSON file of encoded items, written once and read back sequentially (synchronously,
// because the matchers consume a synchronous iterable). Both the external sort and the input spool use them.

import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LineSplitter } from "./lines.js";

/** How items become lines in a run file and back. */
export interface LineCodec<T> {
  encode(item: T): string;
  decode(line: string): T;
}

const live = new Set<TempDir>();

/** Remove every temporary directory still in use (for a process about to exit on a signal). */
export function disposeAllTempDirs(): void {
  for (const dir of [...live]) dir.dispose();
}

/** A temporary directory created on first use and removed by `dispose`. */
export class TempDir {
  private path: string | undefined;
  private counter = 0;

  constructor(private readonly parent: string = tmpdir(), private readonly prefix = "sequent-") {}

  /** A fresh file path inside the directory (the directory is created on first call). */
  nextFile(suffix = ".ndjson"): string {
    if (this.path === undefined) {
      this.path = mkdtempSync(join(this.parent, this.prefix));
      live.add(this);
    }
    this.counter++;
    return join(this.path, `run-${String(this.counter).padStart(5, "0")}${suffix}`);
  }

  get created(): boolean {
    return this.path !== undefined;
  }

  dispose(): void {
    if (this.path !== undefined) rmSync(this.path, { recursive: true, force: true });
    this.path = undefined;
    live.delete(this);
  }
}

const WRITE_BATCH = 1024;

/** Write items to a new run file, one encoded item per line. */
export function writeRun<T>(path: string, items: readonly T[], codec: LineCodec<T>): void {
  writeRunFrom(path, items, codec);
}

/** Write any iterable of items to a new run file (used to merge runs into a longer one). */
export function writeRunFrom<T>(path: string, items: Iterable<T>, codec: LineCodec<T>): void {
  const fd = openSync(path, "w");
  try {
    let parts: string[] = [];
    for (const item of items) {
      parts.push(codec.encode(item));
      if (parts.length >= WRITE_BATCH) {
        writeSync(fd, parts.join("\n") + "\n");
        parts = [];
      }
    }
    if (parts.length > 0) writeSync(fd, parts.join("\n") + "\n");
  } finally {
    closeSync(fd);
  }
}

/** Sequential, synchronous reader of a run file. */
export class RunReader<T> {
  private fd: number | undefined;
  private readonly buffer: Buffer;
  private readonly splitter = new LineSplitter();
  private queue: string[] = [];
  private position = 0;

  constructor(path: string, private readonly codec: LineCodec<T>, bufferSize = 1 << 18) {
    this.fd = openSync(path, "r");
    this.buffer = Buffer.allocUnsafe(bufferSize);
  }

  /** The next item, or undefined at the end (the file is closed then). */
  next(): T | undefined {
    while (this.position >= this.queue.length) {
      if (this.fd === undefined) return undefined;
      const n = readSync(this.fd, this.buffer, 0, this.buffer.length, null);
      // Copy: the splitter may keep a slice of the chunk across reads, and the buffer is reused.
      const lines = n > 0 ? this.splitter.push(Buffer.from(this.buffer.subarray(0, n))) : this.splitter.end();
      if (n === 0) this.close();
      this.queue = lines.map((l) => l.text);
      this.position = 0;
    }
    return this.codec.decode(this.queue[this.position++]!);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** All items of a run file, in order. */
export function* readRun<T>(path: string, codec: LineCodec<T>): Generator<T> {
  const reader = new RunReader(path, codec);
  try {
    for (let item = reader.next(); item !== undefined; item = reader.next()) yield item;
  } finally {
    reader.close();
  }
}
