// # The push-based matcher contract
//
// Every matcher (event query, sequence, sample) is fed events one at a time, in `compareEvents` order,
// and hands back what it has decided so far. `flush()` declares the end of input: it closes every open
// window (trailing missing-event checks, samples) so that a final `take()` returns everything.

import type { EventRecord } from "./event.js";
import type { MatcherStats } from "./results.js";

export interface Matcher<T> {
  /** Offer the next event; events must arrive in ascending `compareEvents` order. */
  push(event: EventRecord): void;
  /** End of input: decide everything still pending. */
  flush(): void;
  /**
   * Declare that no event older than (ms, ns) — epoch milliseconds and nanoseconds within them — will
   * follow: lets time-bounded state expire and time windows close while a live stream is idle.
   */
  advanceTo(ms: number, ns?: number): void;
  /** Results decided since the previous `take()`, in the order they were decided. */
  take(): readonly T[];
  /** Live counters. */
  readonly stats: MatcherStats;
}

/** Called once when a state cap starts dropping partial matches. */
export type WarningSink = (message: string) => void;

/** What `take()` returns when nothing was decided: one shared, frozen empty list. */
export const NOTHING: readonly never[] = Object.freeze([]);
