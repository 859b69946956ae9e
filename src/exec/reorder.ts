// # Event-time reorder buffer for live streams
//
// Events may arrive slightly out of order. The buffer holds them in a heap and releases them in
// `compareEvents` order once they are safely old: the watermark is the newest event time seen minus
// the allowed lateness, and an event is released when its time is strictly below the watermark (so an
// event exactly `allowedLatenessMs` older than the newest one can still arrive and be placed
// correctly). An event older than the watermark already applied (the "released watermark") may be
// older than events already released: it is counted and handed to `onLate`, never silently dropped. Events without a usable timestamp go to `onLate` too.

import type { EventRecord } from "./event.js";
import { compareEvents } from "./event.js";
import { MinHeap } from "./heap.js";
import { compareTime } from "./time.js";

export type LateReason = "late" | "untimed";

export interface ReorderOptions {
  /** How far (ms) behind the newest event an event may arrive and still be ordered correctly. */
  readonly allowedLatenessMs: number;
  /** Receives each event in order once released. */
  readonly release: (event: EventRecord) => void;
  /** Receives events that could not be ordered (late, or without timestamp). */
  readonly onLate?: (event: EventRecord, reason: LateReason) => void;
  /** What to do with events without a timestamp: report them through `onLate` (default) or release them at once. */
  readonly untimed?: "report" | "release";
}

export interface ReorderStats {
  received: number;
  released: number;
  late: number;
  untimed: number;
  buffered: number;
  peakBuffered: number;
}

export class ReorderBuffer {
  readonly stats: ReorderStats = { received: 0, released: 0, late: 0, untimed: 0, buffered: 0, peakBuffered: 0 };
  private readonly heap = new MinHeap<EventRecord>((a, b) => compareEvents(a, b) < 0);
  private maxMs = Number.NEGATIVE_INFINITY;
  private maxNs = 0;
  /** The highest watermark applied so far (events strictly below it have been released). */
  private releasedMs = Number.NEGATIVE_INFINITY;
  private releasedNs = 0;
  private readonly latenessMs: number;

  constructor(private readonly options: ReorderOptions) {
    if (!(options.allowedLatenessMs >= 0)) throw new Error("allowedLatenessMs must be a non-negative number");
    this.latenessMs = options.allowedLatenessMs;
  }

  /** The current watermark as epoch milliseconds (fractional part = nanoseconds); -Infinity before any event. */
  get watermarkMs(): number {
    return this.maxMs - this.latenessMs + this.maxNs / 1e6;
  }

  push(e: EventRecord): void {
    this.stats.received++;
    if (!Number.isFinite(e.tsMs)) {
      this.stats.untimed++;
      if (this.options.untimed === "release") {
        this.stats.released++;
        this.options.release(e);
      } else {
        this.options.onLate?.(e, "untimed");
      }
      return;
    }
    if (compareTime(e.tsMs, e.tsNs, this.releasedMs, this.releasedNs) < 0) {
      this.stats.late++;
      this.options.onLate?.(e, "late");
      return;
    }
    this.heap.push(e);
    this.stats.buffered = this.heap.size;
    if (this.heap.size > this.stats.peakBuffered) this.stats.peakBuffered = this.heap.size;
    if (compareTime(e.tsMs, e.tsNs, this.maxMs, this.maxNs) > 0) {
      this.maxMs = e.tsMs;
      this.maxNs = e.tsNs;
    }
    this.releaseBelow(this.maxMs - this.latenessMs, this.maxNs);
  }

  /**
   * Idle input: move the watermark as if an event at (ms, ns) had arrived, releasing what falls
   * below it. Returns the watermark now in force as (ms, ns) in `out`.
   */
  advanceTo(ms: number, ns: number, out: { ms: number; ns: number }): void {
    if (compareTime(ms, ns, this.maxMs, this.maxNs) > 0) {
      this.maxMs = ms;
      this.maxNs = ns;
    }
    this.releaseBelow(this.maxMs - this.latenessMs, this.maxNs);
    out.ms = this.maxMs - this.latenessMs;
    out.ns = this.maxNs;
  }

  /** Release everything (end of input). */
  flush(): void {
    this.releaseBelow(Number.POSITIVE_INFINITY, 0);
  }

  private releaseBelow(ms: number, ns: number): void {
    if (compareTime(ms, ns, this.releasedMs, this.releasedNs) > 0) {
      this.releasedMs = ms;
      this.releasedNs = ns;
    }
    for (;;) {
      const top = this.heap.peek();
      if (top === undefined || compareTime(top.tsMs, top.tsNs, ms, ns) >= 0) break;
      this.heap.pop();
      this.stats.released++;
      this.options.release(top);
    }
    this.stats.buffered = this.heap.size;
  }
}
