// # One query over one ordered event stream: matcher + ordering + limits
//
// Shared by `runQuery` (offline, sorted input) and `stream.ts` (live input behind a reorder buffer).
// Results are kept only as far as the limits need them: a chain starting with a head keeps its first
// N results and reports `done` once no later event can change the answer; a chain starting with a tail
// keeps a rolling window of the last N. Sequences with missing-event stages can be decided out of order,
// so they are all kept and sorted at the end (by their last positive event, as Elasticsearch orders
// completed sequences).

import type { EventRecord } from "./event.js";
import { compareEvents } from "./event.js";
import type { CompiledQuery } from "./compiled.js";
import type { Matcher, WarningSink } from "./matcher.js";
import type { MatcherStats, SequenceMatch } from "./results.js";
import { EventQueryMatcher } from "./event-matcher.js";
import { SequenceMatcher, completionIndex } from "./sequence-matcher.js";
import { SampleMatcher } from "./sample-matcher.js";
import { applyLimits, limitChain, retention, type LimitOp } from "./limits.js";
import { Fifo } from "./fifo.js";

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

class Keeper<T> {
  private readonly items = new Fifo<T>();
  private count = 0;
  constructor(private readonly mode: { kind: "head" | "tail"; count: number } | null) {}

  add(item: T): void {
    if (this.mode === null) {
      this.items.push(item);
      this.count++;
      return;
    }
    if (this.mode.kind === "head") {
      if (this.count < this.mode.count) {
        this.items.push(item);
        this.count++;
      }
      return;
    }
    this.items.push(item);
    this.count++;
    if (this.count > this.mode.count) {
      this.items.shift();
      this.count--;
    }
  }

  full(): boolean {
    return this.mode !== null && this.mode.kind === "head" && this.count >= this.mode.count;
  }

  all(): T[] {
    const out: T[] = [];
    for (let item = this.items.shift(); item !== undefined; item = this.items.shift()) out.push(item);
    return out;
  }
}

export class QueryExecution {
  private readonly slot: Slot;
  private readonly chain: LimitOp[];
  private readonly eventsKept: Keeper<EventRecord>;
  private readonly matchesKept: Keeper<SequenceMatch>;
  private finished = false;

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
    const keepAll = this.slot.kind === "sequences" && this.slot.sortAtEnd;
    const mode = keepAll ? null : retention(this.chain);
    this.eventsKept = new Keeper<EventRecord>(mode);
    this.matchesKept = new Keeper<SequenceMatch>(mode);
  }

  get stats(): MatcherStats {
    return this.slot.matcher.stats;
  }

  /** True once further events cannot change the result (a head limit is satisfied). */
  get done(): boolean {
    return this.slot.kind === "events" ? this.eventsKept.full() : this.matchesKept.full();
  }

  push(e: EventRecord): void {
    if (this.finished) throw new Error("push after finish");
    this.slot.matcher.push(e);
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
        return { kind: "events", events: applyLimits(this.eventsKept.all(), this.chain.slice(1)) };
      case "sequences": {
        const all = this.matchesKept.all();
        if (slot.sortAtEnd) {
          all.sort(compareMatches);
          return { kind: "sequences", sequences: applyLimits(all, this.chain) };
        }
        return { kind: "sequences", sequences: applyLimits(all, this.chain.slice(1)) };
      }
      default: {
        const never: never = slot;
        throw new Error(`unknown slot ${String(never)}`);
      }
    }
  }

  private drain(): void {
    const slot = this.slot;
    const onResult = this.options.onResult;
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
