// Fast NDJSON line iteration for benchmarks: read big chunks, split on "\n" with Buffer#indexOf, hand out
// (buffer, start, end) without decoding (the fastest layout measured in shared/notes/perf-baseline.md).

import { closeSync, openSync, readSync } from "node:fs";

export type LineVisitor = (buf: Buffer, start: number, end: number) => void;

/** A block of whole lines: `buf[start, end)` ends at a line end (or the end of the file). */
export type BlockVisitor = (buf: Buffer, start: number, end: number) => void;

/** Calls `visit` with blocks of whole lines (the buffer is reused after `visit` returns). */
export function forEachBlock(file: string, visit: BlockVisitor): void {
  const fd = openSync(file, "r");
  let buf = Buffer.allocUnsafe(CHUNK);
  let filled = 0;
  try {
    for (;;) {
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const n = readSync(fd, buf, filled, buf.length - filled, null);
      const end = filled + n;
      if (n === 0) {
        if (end > 0) visit(buf, 0, end);
        return;
      }
      const last = buf.lastIndexOf(10, end - 1);
      if (last === -1) {
        filled = end;
        continue;
      }
      visit(buf, 0, last + 1);
      buf.copy(buf, 0, last + 1, end);
      filled = end - last - 1;
    }
  } finally {
    closeSync(fd);
  }
}

const CHUNK = 4 << 20;

/**
 * Calls `visit` for every non-empty line of `file` (a trailing "\r" is excluded), or the first `limit` lines.
 * Returns the line count.
 */
export function forEachLine(file: string, visit: LineVisitor, limit = Number.POSITIVE_INFINITY): number {
  const fd = openSync(file, "r");
  let buf = Buffer.allocUnsafe(CHUNK);
  let filled = 0;
  let lines = 0;
  try {
    for (;;) {
      if (filled === buf.length) {
        // A line longer than the buffer: grow.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const n = readSync(fd, buf, filled, buf.length - filled, null);
      const end = filled + n;
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(10, start);
        if (nl === -1 || nl >= end) break;
        let stop = nl;
        if (stop > start && buf[stop - 1] === 13) stop--;
        if (stop > start) {
          visit(buf, start, stop);
          if (++lines >= limit) return lines;
        }
        start = nl + 1;
      }
      if (n === 0) {
        if (end > start) {
          visit(buf, start, end);
          lines++;
        }
        return lines;
      }
      // Move the partial line to the front.
      buf.copy(buf, 0, start, end);
      filled = end - start;
    }
  } finally {
    closeSync(fd);
  }
}
