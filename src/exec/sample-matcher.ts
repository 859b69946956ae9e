// # Samples (`sample by …`) with Elasticsearch's algorithm
//
// For every join key that each filter matches at least once, Elasticsearch fetches the first
// `filters × max_samples_per_key` events of each filter for that key, then picks combinations of
// distinct events (one per filter, depth-first over the filters in order, candidates in time order)
// until it has `max_samples_per_key` of them. Samples come back ordered by join key. Nothing can be
// decided before the end of input, so `take()` is empty until `flush()`; state per key is bounded by
// filters × filters × max_samples_per_key events.

import type { EventRecord } from "./event.js";
import type { CompiledSample, KeyValue } from "./compiled.js";
import type { Matcher } from "./matcher.js";
import { emptyStats, type MatcherStats, type SequenceMatch } from "./results.js";
import { compareKeys } from "./key-order.js";
import { NOTHING } from "./matcher.js";

export interface SampleMatcherOptions {
  /** Samples per join key (default 1). */
  readonly maxSamplesPerKey?: number;
}

interface SampleKey {
  readonly values: readonly KeyValue[];
  /** Per filter, the first matching events in time order. */
  readonly hits: EventRecord[][];
}

export class SampleMatcher implements Matcher<SequenceMatch> {
  readonly stats: MatcherStats = emptyStats();
  private readonly perKey: number;
  private readonly perFilter: number;
  private readonly keys = new Map<string, SampleKey>();
  private out: SequenceMatch[] = [];

  constructor(
    private readonly query: CompiledSample,
    options: SampleMatcherOptions = {},
  ) {
    this.perKey = Math.max(1, Math.floor(options.maxSamplesPerKey ?? 1));
    this.perFilter = query.stages.length * this.perKey;
  }

  push(e: EventRecord): void {
    this.stats.seen++;
    let matched = false;
    const stages = this.query.stages;
    for (let s = 0; s < stages.length; s++) {
      const stage = stages[s];
      if (stage === undefined || !stage.filter.test(e)) continue;
      matched = true;
      for (const key of stage.keys(e)) {
        let state = this.keys.get(key.hash);
        if (state === undefined) {
          state = { values: key.values, hits: stages.map(() => []) };
          this.keys.set(key.hash, state);
          this.stats.inFlight++;
          if (this.stats.inFlight > this.stats.peakInFlight) this.stats.peakInFlight = this.stats.inFlight;
        }
        const list = state.hits[s] as EventRecord[];
        if (list.length < this.perFilter && list[list.length - 1] !== e) list.push(e);
      }
    }
    if (!matched) this.stats.ignored++;
  }

  flush(): void {
    const states = [...this.keys.values()].sort((a, b) => compareKeys(a.values, b.values));
    for (const state of states) {
      for (const events of pickSamples(state.hits, this.perKey)) this.out.push({ joinKeys: state.values, events });
    }
    this.keys.clear();
    this.stats.inFlight = 0;
  }

  /** Samples are decided only at the end of input. */
  advanceTo(): void {}

  take(): readonly SequenceMatch[] {
    const out = this.out;
    // nothing decided (the usual case): no new array per event
    if (out.length === 0) return NOTHING;
    this.out = [];
    return out;
  }
}

/** Up to `limit` combinations of distinct events, one per filter, in depth-first order. */
export function pickSamples(hits: readonly (readonly EventRecord[])[], limit: number): EventRecord[][] {
  const result: EventRecord[][] = [];
  if (hits.some((h) => h.length === 0)) return result;
  const partial: EventRecord[] = [];
  const visit = (level: number): void => {
    for (const e of hits[level] as readonly EventRecord[]) {
      if (partial.includes(e)) continue;
      partial.push(e);
      if (level === hits.length - 1) result.push([...partial]);
      else visit(level + 1);
      partial.pop();
      if (result.length >= limit) return;
    }
  };
  visit(0);
  return result;
}
