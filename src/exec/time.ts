// # Timestamps as (milliseconds, nanoseconds-within-millisecond) pairs
//
// Epoch nanoseconds do not fit a double exactly, so comparisons and spans keep the two parts apart.

import type { EventRecord } from "./event.js";

/** Sign of (aMs, aNs) − (bMs, bNs). */
export function compareTime(aMs: number, aNs: number, bMs: number, bNs: number): number {
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aNs !== bNs) return aNs < bNs ? -1 : 1;
  return 0;
}

/** Span in nanoseconds from (fromMs, fromNs) to (toMs, toNs); exact for spans below ~104 days. */
export function spanBetween(fromMs: number, fromNs: number, toMs: number, toNs: number): number {
  return (toMs - fromMs) * 1e6 + (toNs - fromNs);
}

/** True when `to` lies more than `maxspanNs` after `from` (maxspan is inclusive). */
export function exceeds(maxspanNs: number, fromMs: number, fromNs: number, toMs: number, toNs: number): boolean {
  return spanBetween(fromMs, fromNs, toMs, toNs) > maxspanNs;
}

/** Convert a maxspan given in milliseconds (possibly fractional, e.g. from `500ns`) to nanoseconds. */
export function maxspanNanos(maxspanMs: number | null): number | null {
  return maxspanMs === null ? null : Math.round(maxspanMs * 1e6);
}

export function hasTime(e: EventRecord): boolean {
  return Number.isFinite(e.tsMs);
}
