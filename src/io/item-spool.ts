// # Input items kept on disk as they are read, to be read again
//
// Standard input and pipes can be read only once. `sequent run` still streams them when their events come in
// time order (the usual case), and for the rare input that turns out not to be, it must start over through
// the sort: the items read so far come back from this spool, in the order read, then reading goes on where it
// stopped. Items are written as they pass (a small buffer, then one file; nothing is held in memory) and
// come back exactly as they were read: an event with its file, line, index, id and text, a bad line with its
// file, line and reason.
//
// Format: one item per line, `header \t text \t`. The header is a JSON array (kind, file, line, and for an
// event its index, id and whether the text is the whole input line); the trailing tab keeps a text that ends
// in a carriage return intact (the line splitter drops one "\r" before a newline). JSON text has no raw
// newline, so a line of the file is always one item.

import { closeSync, openSync, writeSync } from "node:fs";
import { readRun, TempDir, type LineCodec } from "./runs.js";
import type { NdjsonItem } from "./ndjson.js";

type Header = ["e", string, number, string, string, boolean] | ["b", string, number, string];

/** The item's header (a JSON array) and text; the spool line is `header \t text \t`. */
function encodeParts(item: NdjsonItem): [string, string] {
  if (item.kind === "bad") return [JSON.stringify(["b", item.file, item.line, item.reason] satisfies Header), ""];
  const text = item.sourceText ?? JSON.stringify(item.value);
  return [JSON.stringify(["e", item.file, item.line, item.index, item.id, item.sourceText !== undefined] satisfies Header), text];
}

const codec: LineCodec<NdjsonItem> = {
  encode(item) {
    const [header, text] = encodeParts(item);
    return `${header}\t${text}\t`;
  },
  decode(line) {
    const tab = line.indexOf("\t");
    const header = JSON.parse(line.slice(0, tab)) as Header;
    if (header[0] === "b") return { kind: "bad", file: header[1], line: header[2], reason: header[3] };
    const text = line.slice(tab + 1, line.length - 1);
    const [, file, lineNo, index, id, whole] = header;
    return { kind: "event", value: JSON.parse(text) as Record<string, unknown>, file, line: lineNo, index, id, ...(whole ? { sourceText: text } : {}) };
  },
};

/** Size of the write buffer. */
const WRITE_BYTES = 1 << 20;
const TAB = 0x09;
const NEWLINE = 0x0a;

export class ItemSpool {
  private readonly dir: TempDir;
  private path: string | null = null;
  private fd: number | null = null;
  /** Items are encoded straight into this buffer (no joined strings), written when it is full. */
  private readonly buffer = Buffer.allocUnsafe(WRITE_BYTES);
  private used = 0;
  private count = 0;

  constructor(tmpDir?: string) {
    this.dir = new TempDir(tmpDir, "sequent-input-");
  }

  /** Items added so far. */
  get size(): number {
    return this.count;
  }

  add(items: readonly NdjsonItem[]): void {
    for (const item of items) {
      const [header, text] = encodeParts(item);
      this.put(header);
      this.byte(TAB);
      this.put(text);
      this.byte(TAB);
      this.byte(NEWLINE);
      this.count++;
    }
  }

  /** Every item added, in order, in batches (the spool takes no more items once replayed). */
  async *replay(batchSize = 1024): AsyncGenerator<NdjsonItem[]> {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    if (this.path === null) return;
    let batch: NdjsonItem[] = [];
    for (const item of readRun(this.path, codec)) {
      batch.push(item);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  dispose(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.used = 0;
    this.dir.dispose();
  }

  private put(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit
    if (this.used + 3 * text.length > this.buffer.length) {
      this.flush();
      if (3 * text.length > this.buffer.length) {
        this.write(Buffer.from(text, "utf8"));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, "utf8");
  }

  private byte(b: number): void {
    if (this.used >= this.buffer.length) this.flush();
    this.buffer[this.used++] = b;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.write(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private write(bytes: Buffer): void {
    if (this.fd === null) {
      this.path ??= this.dir.nextFile(".spool");
      this.fd = openSync(this.path, "a");
    }
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
  }
}
