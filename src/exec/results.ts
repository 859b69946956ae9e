// # Matches the matchers emit

import type { EventRecord } from "./event.js";
import type { KeyValue } from "./compiled.js";

/** A completed sequence or sample: its join keys and one slot per stage (null = a missing-event slot). */
export interface SequenceMatch {
  readonly joinKeys: readonly KeyValue[];
  readonly events: readonly (EventRecord | null)[];
}

/** Counters a caller can read at any time. */
export interface MatcherStats {
  /** Events offered to the matcher. */
  seen: number;
  /** Events that matched no stage. */
  ignored: number;
  /** Partial matches dropped because maxspan could no longer be met. */
  rejectedByMaxspan: number;
  /** Partial matches cancelled by `until`. */
  rejectedByUntil: number;
  /** Candidates dropped because a missing-event stage had a matching event. */
  rejectedByMissing: number;
  /** Partial matches currently held. */
  inFlight: number;
  /** Highest `inFlight` seen. */
  peakInFlight: number;
  /** Partial matches dropped because the in-flight cap was hit. */
  droppedByCap: number;
}

export function emptyStats(): MatcherStats {
  return { seen: 0, ignored: 0, rejectedByMaxspan: 0, rejectedByUntil: 0, rejectedByMissing: 0, inFlight: 0, peakInFlight: 0, droppedByCap: 0 };
}
