// # The event record the matchers see
//
// Sources parse a line into `source` and compute the ordering fields once; everything downstream
// (filters, key extraction, sequence and sample matchers, alert building) reads this record.

export interface EventRecord {
  /** The parsed `_source` document. */
  readonly source: Record<string, unknown>;
  /** `_index`: the event's index (data file name, `_index`, or data-stream name). */
  readonly index: string;
  /** `_id`: stable id of the event (from the input, else derived from its content). */
  readonly id: string;
  /** Timestamp as whole epoch milliseconds (floor). NaN when the event has no usable timestamp. */
  readonly tsMs: number;
  /** Nanoseconds within that millisecond, 0..999999. */
  readonly tsNs: number;
  /** Value of the tiebreaker field, if one is configured and present. */
  readonly tiebreaker: number | string | null;
  /** Arrival ordinal: the last resort ordering, and what keeps ordering total and deterministic. */
  readonly seq: number;
}

/** The fields that order events. */
export type OrderKey = Pick<EventRecord, "tsMs" | "tsNs" | "tiebreaker" | "seq">;

/**
 * Total order of events: timestamp (events without one, NaN, last), then tiebreaker (nulls last), then arrival.
 */
export function compareEvents(a: OrderKey, b: OrderKey): number {
  if (a.tsMs !== b.tsMs) {
    const aNaN = a.tsMs !== a.tsMs;
    const bNaN = b.tsMs !== b.tsMs;
    if (aNaN || bNaN) {
      if (aNaN !== bNaN) return aNaN ? 1 : -1;
    } else {
      return a.tsMs < b.tsMs ? -1 : 1;
    }
  }
  if (a.tsNs !== b.tsNs) return a.tsNs < b.tsNs ? -1 : 1;
  const ta = a.tiebreaker;
  const tb = b.tiebreaker;
  if (ta !== tb) {
    if (ta === null) return 1;
    if (tb === null) return -1;
    if (typeof ta === typeof tb) return ta < tb ? -1 : 1;
    return typeof ta === "number" ? -1 : 1;
  }
  return a.seq - b.seq;
}

/** Difference b − a in nanoseconds, exact while below 2^53 ns (~104 days); larger gaps saturate safely. */
export function spanNanos(a: EventRecord, b: EventRecord): number {
  return (b.tsMs - a.tsMs) * 1e6 + (b.tsNs - a.tsNs);
}
