// # One query over one ordered event stream: matcher + ordering + limits
//
// Shared by `runQuery` (offline, sorted input) and `stream.ts` (live input behind a reorder buffer).
// Results are kept only as far as the limits need them: a chain starting with a head keeps its first
// N results and reports `done` once no later event can change the answer; a chain starting with a tail
// keeps a rolling window of the last N (keeper.ts). Sequences with missing-event stages can be decided
// out of order, so they are kept sorted (by their last positive event, as Elasticsearch orders completed
// sequences) and trimmed to the limit.

import type { EventRecord } from "./event.js";
import { compareEvents } from "./event.js";
import type { CompiledQuery } from "./compiled.js";
import type { Matcher, WarningSink } from "./matcher.js";
import type { MatcherStats, SequenceMatch } from "./results.js";
import { EventQueryMatcher } from "./event-matcher.js";
import { SequenceMatcher, completionIndex } from "./sequence-matcher.js";
import { SampleMatcher } from "./sample-matcher.js";
import { applyLimits, limitChain, retention, type LimitOp } from "./limits.js";
import { ArrivalKeeper, SortingKeeper, type Keeper } from "./keeper.js";

export type QueryResult = { kind: "events"; events: EventRecord[] } | { kind: "sequences"; sequences: SequenceMatch[] };

export interface ExecutionOptions {
  /** Request `size`: the implicit limit. */
  readonly size: number;
  /** Samples per join key (default 1). */
  readonly maxSamplesPerKey?: number;
  /** Cap on in-flight partial sequence matches. */
  readonly maxInFlight?: number;
  /** Receives state-cap warnings (once per matcher). */
  readonly onWarning?: WarningSink;
  /** Receives every decided result (before limits), as soon as it is decided. */
  readonly onResult?: (result: EventRecord | SequenceMatch) => void;
  /**
   * Results go to `onResult` only, and only those the limits select; none are kept, `finish` returns none.
   * Only for queries whose results are final as they are decided (`resultsFinalWhenDecided`).
   */
  readonly emitOnly?: boolean;
}

/**
 * Whether each result is final as soon as it is decided: it arrives in final order (no missing-event stages,
 * whose candidates are decided late and sorted at the end) and the limits are heads only, so the first N
 * decided are the answer.
 */
export function resultsFinalWhenDecided(query: CompiledQuery, size: number): boolean {
  if (query.kind === "sequence" && query.stages.some((s) => s.missing)) return false;
  return limitChain(query.pipes, size).every((op) => op.kind === "head");
}

type Slot =
  | { readonly kind: "events"; readonly matcher: Matcher<EventRecord> }
  | { readonly kind: "sequences"; readonly matcher: Matcher<SequenceMatch>; readonly sortAtEnd: boolean };

/** Last positive event of a match: what Elasticsearch orders completed sequences by. */
function lastEvent(m: SequenceMatch): EventRecord | null {
  for (let i = m.events.length - 1; i >= 0; i--) {
    const e = m.events[i];
    if (e) return e;
  }
  return null;
}

export function compareMatches(a: SequenceMatch, b: SequenceMatch): number {
  const x = lastEvent(a);
  const y = lastEvent(b);
  if (x === null || y === null) return x === y ? 0 : x === null ? -1 : 1;
  return compareEvents(x, y) || completionIndex(a) - completionIndex(b);
}

export class QueryExecution {
  private readonly slot: Slot;
  private readonly chain: LimitOp[];
  private readonly eventsKept: Keeper<EventRecord>;
  private readonly matchesKept: Keeper<SequenceMatch>;
  private finished = false;
  /** With `emitOnly`: results handed to onResult, and how many the limits select. */
  private emitted = 0;
  private readonly emitLimit: number;

  constructor(
    query: CompiledQuery,
    private readonly options: ExecutionOptions,
  ) {
    this.chain = limitChain(query.pipes, options.size);
    switch (query.kind) {
      case "event":
        this.slot = { kind: "events", matcher: new EventQueryMatcher(query) };
        break;
      case "sequence": {
        const seqOptions = {
          ...(options.maxInFlight !== undefined ? { maxInFlight: options.maxInFlight } : {}),
          ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
        };
        this.slot = {
          kind: "sequences",
          matcher: new SequenceMatcher(query, seqOptions),
          sortAtEnd: query.stages.some((s) => s.missing),
        };
        break;
      }
      case "sample": {
        const sampleOptions = options.maxSamplesPerKey !== undefined ? { maxSamplesPerKey: options.maxSamplesPerKey } : {};
        // samples come out already sorted by key, all at flush
        this.slot = { kind: "sequences", matcher: new SampleMatcher(query, sampleOptions), sortAtEnd: false };
        break;
      }
      default: {
        const never: never = query;
        throw new Error(`unknown query kind ${String(never)}`);
      }
    }
    const keep = retention(this.chain);
    this.emitLimit = keep.count;
    if (options.emitOnly === true && (options.onResult === undefined || !resultsFinalWhenDecided(query, options.size))) {
      throw new Error("emitOnly needs onResult and a query whose results are final when decided");
    }
    this.eventsKept = new ArrivalKeeper<EventRecord>(keep);
    this.matchesKept =
      this.slot.kind === "sequences" && this.slot.sortAtEnd ? new SortingKeeper(keep, compareMatches) : new ArrivalKeeper<SequenceMatch>(keep);
  }

  get stats(): MatcherStats {
    return this.slot.matcher.stats;
  }

  /** True once further events cannot change the result (a head limit is satisfied). */
  get done(): boolean {
    if (this.options.emitOnly === true) return this.emitted >= this.emitLimit;
    return this.slot.kind === "events" ? this.eventsKept.full() : this.matchesKept.full();
  }

  push(e: EventRecord): void {
    if (this.finished) throw new Error("push after finish");
    this.slot.matcher.push(e);
    this.drain();
  }

  /** No event older than (ms, ns) will follow (see Matcher.advanceTo). */
  advanceTo(ms: number, ns = 0): void {
    if (this.finished) return;
    this.slot.matcher.advanceTo(ms, ns);
    this.drain();
  }

  finish(): QueryResult {
    if (!this.finished) {
      this.finished = true;
      this.slot.matcher.flush();
      this.drain();
    }
    const slot = this.slot;
    switch (slot.kind) {
      case "events":
        return { kind: "events", events: applyLimits(this.eventsKept.drain(), this.chain.slice(1)) };
      case "sequences":
        return { kind: "sequences", sequences: applyLimits(this.matchesKept.drain(), this.chain.slice(1)) };
      default: {
        const never: never = slot;
        throw new Error(`unknown slot ${String(never)}`);
      }
    }
  }

  private drain(): void {
    const slot = this.slot;
    const onResult = this.options.onResult;
    if (this.options.emitOnly === true) {
      for (const r of slot.matcher.take()) {
        if (this.emitted >= this.emitLimit) break;
        this.emitted++;
        onResult!(r);
      }
      return;
    }
    switch (slot.kind) {
      case "events":
        for (const e of slot.matcher.take()) {
          onResult?.(e);
          this.eventsKept.add(e);
        }
        break;
      case "sequences":
        for (const m of slot.matcher.take()) {
          onResult?.(m);
          this.matchesKept.add(m);
        }
        break;
      default: {
        const never: never = slot;
        throw new Error(`unknown slot ${String(never)}`);
      }
    }
  }
}
