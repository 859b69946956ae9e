// # Live streams: reorder buffer → matcher, results as soon as they are decided
//
// `push` accepts events in roughly time order (within `allowedLatenessMs`); `flush` ends the input,
// releases everything and returns the final, limited result — identical to `runQuery` over the same
// events sorted. `onResult` sees every result as soon as the matcher decides it (before limits), which
// is what a live detector wants; a sequence with trailing missing-event stages is decided only once
// its window has passed (maxspan beyond its reference event) or at flush.

import type { EventRecord } from "./event.js";
import type { CompiledQuery } from "./compiled.js";
import type { MatcherStats, SequenceMatch } from "./results.js";
import type { WarningSink } from "./matcher.js";
import { QueryExecution, type QueryResult } from "./execution.js";
import { ReorderBuffer, type LateReason, type ReorderStats } from "./reorder.js";

export interface StreamOptions {
  readonly size: number;
  readonly maxSamplesPerKey?: number;
  /** Out-of-orderness tolerated (ms); 0 means input must already be ordered. */
  readonly allowedLatenessMs?: number;
  /** Cap on in-flight partial sequence matches. */
  readonly maxInFlight?: number;
  readonly onWarning?: WarningSink;
  readonly onLate?: (event: EventRecord, reason: LateReason) => void;
  readonly onResult?: (result: EventRecord | SequenceMatch) => void;
}

export class QueryStream {
  private readonly execution: QueryExecution;
  private readonly reorder: ReorderBuffer;
  private result: QueryResult | null = null;

  constructor(query: CompiledQuery, options: StreamOptions) {
    this.execution = new QueryExecution(query, {
      size: options.size,
      ...(options.maxSamplesPerKey !== undefined ? { maxSamplesPerKey: options.maxSamplesPerKey } : {}),
      ...(options.maxInFlight !== undefined ? { maxInFlight: options.maxInFlight } : {}),
      ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
      ...(options.onResult !== undefined ? { onResult: options.onResult } : {}),
    });
    this.reorder = new ReorderBuffer({
      allowedLatenessMs: options.allowedLatenessMs ?? 0,
      release: (e) => {
        if (!this.execution.done) this.execution.push(e);
      },
      ...(options.onLate !== undefined ? { onLate: options.onLate } : {}),
      // samples do not depend on time order, and their events often carry no timestamp
      untimed: query.kind === "sample" ? "release" : "report",
    });
  }

  get matcherStats(): MatcherStats {
    return this.execution.stats;
  }

  get reorderStats(): ReorderStats {
    return this.reorder.stats;
  }

  /** True once a head limit is satisfied: further input cannot change the result. */
  get done(): boolean {
    return this.execution.done;
  }

  push(event: EventRecord): void {
    if (this.result !== null) throw new Error("push after flush");
    this.reorder.push(event);
  }

  pushAll(events: Iterable<EventRecord>): void {
    for (const e of events) this.push(e);
  }

  /**
   * Idle input: tell the stream that event time has reached (nowMs, nowNs) — e.g. from a clock, when
   * no event arrived for a while. Buffered events below the new watermark are released and the
   * matcher's time-bounded state (expired partials, trailing missing-event windows) is settled up to
   * it, so results can be emitted without waiting for the next event.
   */
  advanceTo(nowMs: number, nowNs = 0): void {
    if (this.result !== null) return;
    const watermark = { ms: 0, ns: 0 };
    this.reorder.advanceTo(nowMs, nowNs, watermark);
    this.execution.advanceTo(watermark.ms, watermark.ns);
  }

  /** End of input: release buffered events, close open windows, return the final result. */
  flush(): QueryResult {
    if (this.result === null) {
      this.reorder.flush();
      this.result = this.execution.finish();
    }
    return this.result;
  }
}

export function createStream(query: CompiledQuery, options: StreamOptions): QueryStream {
  return new QueryStream(query, options);
}
