// # Recent events of a missing-event stage, per join key
//
// A missing stage `![…]` before or between positive stages asks: "is there a matching event with this
// key in a time range that ends at the millisecond boundary of a later positive event?" (Elasticsearch
// checks `@timestamp < that event's epoch millisecond`). Because events arrive in time order, the only
// candidate that matters is the newest event strictly before the current millisecond, so each key
// keeps two entries: the newest event and the newest one in an earlier millisecond.

import type { EventRecord } from "./event.js";
import { Fifo } from "./fifo.js";

export interface LatestTwo {
  lastMs: number;
  lastNs: number;
  /** Newest event whose millisecond is below `lastMs`; NaN when none. */
  prevMs: number;
  prevNs: number;
}

/** Result slot reused by lookups (avoids allocating a tuple per query). */
export interface TimeSlot {
  ms: number;
  ns: number;
}

export class MissingIndex {
  private readonly byKey = new Map<string, LatestTwo>();
  private readonly expiry = new Fifo<{ hash: string; ms: number }>();

  get size(): number {
    return this.byKey.size;
  }

  record(hash: string, e: EventRecord, trackExpiry: boolean): void {
    const rec = this.byKey.get(hash);
    if (rec === undefined) {
      this.byKey.set(hash, { lastMs: e.tsMs, lastNs: e.tsNs, prevMs: Number.NaN, prevNs: 0 });
    } else if (e.tsMs > rec.lastMs) {
      rec.prevMs = rec.lastMs;
      rec.prevNs = rec.lastNs;
      rec.lastMs = e.tsMs;
      rec.lastNs = e.tsNs;
    } else {
      rec.lastMs = e.tsMs;
      rec.lastNs = e.tsNs;
    }
    if (trackExpiry) this.expiry.push({ hash, ms: e.tsMs });
  }

  /** Newest recorded event with a millisecond strictly below `ms`; false when none. */
  latestBefore(hash: string, ms: number, out: TimeSlot): boolean {
    const rec = this.byKey.get(hash);
    if (rec === undefined) return false;
    if (rec.lastMs < ms) {
      out.ms = rec.lastMs;
      out.ns = rec.lastNs;
      return true;
    }
    if (rec.prevMs < ms) {
      out.ms = rec.prevMs;
      out.ns = rec.prevNs;
      return true;
    }
    return false;
  }

  /** Forget keys whose newest event is older than `horizonMs` (it can no longer affect any decision). */
  expire(horizonMs: number): void {
    for (;;) {
      const head = this.expiry.peek();
      if (head === undefined || head.ms >= horizonMs) return;
      this.expiry.shift();
      const rec = this.byKey.get(head.hash);
      if (rec !== undefined && rec.lastMs < horizonMs) this.byKey.delete(head.hash);
    }
  }
}
