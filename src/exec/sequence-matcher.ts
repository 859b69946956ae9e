// # Sequences with Elasticsearch's semantics, one event at a time
//
// State is one pending partial match per (positive stage, join key): a partial whose latest event
// matched stage s sits in slot s of its key. When an event matches stage s+1 it takes the partial
// out of slot s (the newest one, since a newer partial replaces an older one when it enters a slot),
// checks maxspan against the partial's first event and moves it to slot s+1, or completes it. Stages
// are handled from the last to the first for each event, so one event can advance a partial and start
// (or advance) another one at a lower stage, but never extend a partial with itself.
//
// `until` cancels every partial of its key, including one the same event has just advanced (Elasticsearch
// treats an until marker at the partial's own position as "in between").
//
// Missing-event stages `![…]` never hold partials. A completed candidate is checked as Elasticsearch
// does: an inner missing stage drops it when a matching event lies strictly between the millisecond of
// the previous positive event and that of the next one; leading/trailing stages find the newest event
// before the first positive event's millisecond and the oldest one after the last positive event's
// millisecond, and the candidate is dropped when the found event(s) fall within maxspan (of the first
// event for trailing-only, of the last event for leading-only, of each other when both exist; without
// maxspan any found event drops it). A trailing check waits until its window has passed (maxspan beyond
// its reference time) or input ends, so a candidate is never emitted too early.
//
// Bounded state: with maxspan, partials expire once the current time is beyond their first event plus
// maxspan, and missing-stage bookkeeping expires likewise. `maxInFlight` caps partials: the oldest is
// dropped first, with one warning.

import type { EventRecord } from "./event.js";
import type { CompiledSequence, CompiledSequenceStage, KeyValue } from "./compiled.js";
import type { Matcher, WarningSink } from "./matcher.js";
import { emptyStats, type MatcherStats, type SequenceMatch } from "./results.js";
import { compareTime, exceeds, maxspanNanos } from "./time.js";
import { Fifo } from "./fifo.js";
import { MinHeap } from "./heap.js";
import { MissingIndex, type TimeSlot } from "./missing-index.js";
import { NOTHING } from "./matcher.js";

const completionOrder = new WeakMap<SequenceMatch, number>();

/**
 * Completion position of a match emitted by a SequenceMatcher (candidates held for a trailing
 * missing-event window are decided late but keep their completion position); -1 if unknown.
 */
export function completionIndex(match: SequenceMatch): number {
  return completionOrder.get(match) ?? -1;
}

export interface SequenceMatcherOptions {
  /** Cap on partial matches held at once (default: unbounded). */
  readonly maxInFlight?: number;
  /** Receives one message the first time the cap drops a partial match. */
  readonly onWarning?: WarningSink;
}

interface KeyState {
  readonly hash: string;
  readonly values: readonly KeyValue[];
  /** Indexed by stage; only positive stages before the last are used. */
  readonly slots: (Partial | null)[];
  occupied: number;
}

interface Partial {
  readonly key: KeyState;
  readonly events: (EventRecord | null)[];
  readonly startMs: number;
  readonly startNs: number;
  /** Newest leading missing-stage event before the start (NaN ms when none). */
  readonly leadMs: number;
  readonly leadNs: number;
  /** Stage of the latest event. */
  stage: number;
  /** Held in a slot. */
  alive: boolean;
  /** An inner missing stage has a matching event: the candidate will be dropped on completion. */
  doomed: boolean;
}

interface Candidate {
  readonly partial: Partial;
  /** Position in completion order: ties between candidates ending on the same event keep this order. */
  readonly completion: number;
  /** Reference time of the trailing window: the leading event when there are leading stages, else the start. */
  readonly refMs: number;
  readonly refNs: number;
  /** Millisecond of the last positive event: trailing events must come after it. */
  readonly lastMs: number;
  decided: boolean;
}

export class SequenceMatcher implements Matcher<SequenceMatch> {
  readonly stats: MatcherStats = emptyStats();

  private readonly stageCount: number;
  private readonly missing: boolean[];
  private readonly firstPositive: number;
  private readonly lastPositive: number;
  private readonly previousPositive: number[];
  private readonly leadingStages: number[] = [];
  private readonly trailingStages: number[] = [];
  private readonly innerStages: number[] = [];
  private readonly missingStages: number[] = [];
  /** For each stage, the first stage with the same filter object (shared memo slot). */
  private readonly filterSlot: number[];
  private readonly filterResults: Uint8Array;
  /** Missing-stage bookkeeping, by stage (leading and inner stages only). */
  private readonly indexes: (MissingIndex | null)[];
  private readonly maxspanNs: number | null;
  private readonly maxspanMs: number | null;
  private readonly cap: number;
  private readonly onWarning: WarningSink | undefined;
  private warned = false;
  private partials = 0;
  private completions = 0;

  private readonly keys = new Map<string, KeyState>();
  /** Partials in creation (= start time) order, for expiry and the cap; dead entries are skipped. */
  private readonly byAge = new Fifo<Partial>();
  private readonly pendingByKey = new Map<string, Candidate[]>();
  private pendingCount = 0;
  private readonly pendingByEnd = new MinHeap<Candidate>((a, b) => compareTime(a.refMs, a.refNs, b.refMs, b.refNs) < 0);
  /**
   * Trailing-stage events of the current millisecond with a sub-millisecond part, per key: the earliest
   * one's nanoseconds. Elasticsearch looks for trailing events after the last event's *millisecond*, so
   * at nanosecond precision an event just before the last event (same millisecond) already counts.
   */
  private readonly trailingThisMs = new Map<string, number>();
  private trailingMs = Number.NaN;
  private out: SequenceMatch[] = [];
  private readonly scratch: TimeSlot = { ms: 0, ns: 0 };

  constructor(
    private readonly query: CompiledSequence,
    options: SequenceMatcherOptions = {},
  ) {
    const stages = query.stages;
    this.stageCount = stages.length;
    this.missing = stages.map((s) => s.missing);
    this.firstPositive = this.missing.indexOf(false);
    this.lastPositive = this.missing.lastIndexOf(false);
    if (this.firstPositive < 0) throw new Error("a sequence needs at least one stage that is not a missing event");
    this.previousPositive = [];
    let prev = -1;
    for (let i = 0; i < this.stageCount; i++) {
      this.previousPositive.push(prev);
      if (!this.missing[i]) prev = i;
    }
    this.filterSlot = stages.map((st) => stages.findIndex((other) => other.filter === st.filter));
    this.filterResults = new Uint8Array(this.stageCount);
    for (let i = 0; i < this.stageCount; i++) {
      if (!this.missing[i]) continue;
      this.missingStages.push(i);
      if (i < this.firstPositive) this.leadingStages.push(i);
      else if (i > this.lastPositive) this.trailingStages.push(i);
      else this.innerStages.push(i);
    }
    this.indexes = this.missing.map((m, i) => (m && i < this.lastPositive ? new MissingIndex() : null));
    this.maxspanMs = query.maxspanMs;
    this.maxspanNs = maxspanNanos(query.maxspanMs);
    this.cap = options.maxInFlight ?? Number.POSITIVE_INFINITY;
    this.onWarning = options.onWarning;
  }

  push(e: EventRecord): void {
    this.stats.seen++;
    if (!Number.isFinite(e.tsMs)) {
      // without a timestamp an event has no place in a sequence (Elasticsearch cannot order it either)
      this.stats.ignored++;
      return;
    }
    if (this.maxspanNs !== null) this.advanceTime(e.tsMs, e.tsNs);
    let matched = false;
    const stages = this.query.stages;
    // each distinct filter is evaluated once per event (`runs=N` repeats one filter N times)
    const results = this.filterResults;
    results.fill(0);

    for (let s = this.lastPositive; s >= this.firstPositive; s--) {
      const stage = stages[s] as CompiledSequenceStage;
      if (stage.missing || !this.test(s, stage, e, results)) continue;
      matched = true;
      // nothing to advance: skip key extraction for later stages
      if (s !== this.firstPositive && this.partials === 0) continue;
      const keys = stage.keys(e);
      for (const key of keys) {
        if (s === this.firstPositive) this.start(e, key.hash, key.values);
        else this.advance(s, e, key.hash);
      }
    }

    for (const s of this.missingStages) {
      const stage = stages[s] as CompiledSequenceStage;
      if (!this.test(s, stage, e, results)) continue;
      matched = true;
      const index = this.indexes[s];
      // A trailing-stage event only decides pending candidates, or (with a sub-millisecond part) is kept for
      // candidates completing later in its millisecond: with neither, its keys are not even read. ("Telemetry
      // Loss" rules match nearly every event on their trailing stage and rarely have a candidate.)
      if (index === null && this.pendingCount === 0 && e.tsNs === 0) continue;
      const keys = stage.keys(e);
      for (const key of keys) {
        if (index) index.record(key.hash, e, this.maxspanNs !== null);
        else {
          this.trailingEvent(e, key.hash);
          this.rememberTrailing(e, key.hash);
        }
      }
    }

    const until = this.query.until;
    if (until !== null && until.filter.test(e)) {
      matched = true;
      for (const key of until.keys(e)) this.cancel(key.hash);
    }

    if (!matched) this.stats.ignored++;
    this.updateGauges();
  }

  /** Filter of stage `s` on `e`, memoised per event in `results` (0 = unknown, 1 = false, 2 = true). */
  private test(s: number, stage: CompiledSequenceStage, e: EventRecord, results: Uint8Array): boolean {
    const slot = this.filterSlot[s] as number;
    const known = results[slot];
    if (known !== 0) return known === 2;
    const ok = stage.filter.test(e);
    results[slot] = ok ? 2 : 1;
    return ok;
  }

  flush(): void {
    for (const list of this.pendingByKey.values()) {
      for (const c of list) if (!c.decided) this.acceptCandidate(c, false);
    }
    this.pendingByKey.clear();
    this.pendingCount = 0;
    this.updateGauges();
  }

  take(): readonly SequenceMatch[] {
    const out = this.out;
    // nothing decided (the usual case): no new array per event
    if (out.length === 0) return NOTHING;
    this.out = [];
    return out;
  }

  // ## Partials

  private start(e: EventRecord, hash: string, values: readonly KeyValue[]): void {
    let leadMs = Number.NaN;
    let leadNs = 0;
    for (const s of this.leadingStages) {
      const index = this.indexes[s];
      if (index && index.latestBefore(hash, e.tsMs, this.scratch)) {
        if (Number.isNaN(leadMs) || compareTime(this.scratch.ms, this.scratch.ns, leadMs, leadNs) > 0) {
          leadMs = this.scratch.ms;
          leadNs = this.scratch.ns;
        }
      }
    }
    let key = this.keys.get(hash);
    if (key === undefined) {
      if (this.firstPositive === this.lastPositive) {
        // a single positive stage completes at once; no state is kept for the key
        key = { hash, values, slots: [], occupied: 0 };
      } else {
        key = { hash, values, slots: new Array<Partial | null>(this.stageCount).fill(null), occupied: 0 };
        this.keys.set(hash, key);
      }
    }
    const events = new Array<EventRecord | null>(this.stageCount).fill(null);
    events[this.firstPositive] = e;
    const p: Partial = { key, events, startMs: e.tsMs, startNs: e.tsNs, leadMs, leadNs, stage: this.firstPositive, alive: false, doomed: false };
    if (this.firstPositive === this.lastPositive) this.complete(p);
    else this.place(p, this.firstPositive, true);
  }

  private advance(s: number, e: EventRecord, hash: string): void {
    const key = this.keys.get(hash);
    if (key === undefined) return;
    const prev = this.previousPositive[s] as number;
    const p = key.slots[prev];
    if (p === null || p === undefined) return;
    this.unplace(p);
    if (this.maxspanNs !== null && exceeds(this.maxspanNs, p.startMs, p.startNs, e.tsMs, e.tsNs)) {
      this.stats.rejectedByMaxspan++;
      this.dropKeyIfEmpty(key);
      return;
    }
    const prevEvent = p.events[prev] as EventRecord;
    for (let m = prev + 1; m < s; m++) {
      const index = this.indexes[m];
      if (index && index.latestBefore(hash, e.tsMs, this.scratch) && compareTime(this.scratch.ms, this.scratch.ns, prevEvent.tsMs, 0) > 0) {
        p.doomed = true;
      }
    }
    p.events[s] = e;
    p.stage = s;
    if (s === this.lastPositive) {
      this.dropKeyIfEmpty(key);
      this.complete(p);
    } else {
      this.place(p, s, false);
    }
  }

  private place(p: Partial, s: number, isNew: boolean): void {
    const key = p.key;
    const old = key.slots[s];
    if (old !== null && old !== undefined) {
      old.alive = false;
      this.partials--;
    } else {
      key.occupied++;
    }
    key.slots[s] = p;
    p.alive = true;
    this.partials++;
    if (isNew) {
      if (this.maxspanNs !== null || this.cap !== Number.POSITIVE_INFINITY) {
        this.byAge.push(p);
        if (this.byAge.length > 2 * this.partials + 1024) this.byAge.retain((q) => q.alive);
      }
      if (this.partials > this.cap) this.dropOldest();
    }
  }

  private unplace(p: Partial): void {
    const key = p.key;
    key.slots[p.stage] = null;
    key.occupied--;
    p.alive = false;
    this.partials--;
  }

  private dropKeyIfEmpty(key: KeyState): void {
    if (key.occupied === 0) this.keys.delete(key.hash);
  }

  private dropOldest(): void {
    while (this.partials > this.cap) {
      const oldest = this.byAge.shift();
      if (oldest === undefined) return;
      if (!oldest.alive) continue;
      this.unplace(oldest);
      this.dropKeyIfEmpty(oldest.key);
      this.stats.droppedByCap++;
      if (!this.warned) {
        this.warned = true;
        this.onWarning?.(
          `sequence state cap of ${this.cap} partial matches reached: dropping the oldest partial matches (results may be incomplete)`,
        );
      }
    }
  }

  private cancel(hash: string): void {
    const key = this.keys.get(hash);
    if (key === undefined) return;
    for (const p of key.slots) {
      if (p !== null && p !== undefined) {
        this.unplace(p);
        this.stats.rejectedByUntil++;
      }
    }
    this.keys.delete(hash);
  }

  advanceTo(ms: number, ns = 0): void {
    if (this.maxspanNs === null || !Number.isFinite(ms)) return;
    this.advanceTime(ms, ns);
    this.updateGauges();
  }

  /** Expire what maxspan makes useless, and close trailing windows that ended before (ms, ns). */
  private advanceTime(ms: number, ns: number): void {
    const span = this.maxspanNs as number;
    for (;;) {
      const head = this.byAge.peek();
      if (head === undefined) break;
      if (head.alive) {
        if (!exceeds(span, head.startMs, head.startNs, ms, ns)) break;
        this.unplace(head);
        this.dropKeyIfEmpty(head.key);
        this.stats.rejectedByMaxspan++;
      }
      this.byAge.shift();
    }
    for (;;) {
      const c = this.pendingByEnd.peek();
      if (c === undefined) break;
      if (!c.decided) {
        if (!exceeds(span, c.refMs, c.refNs, ms, ns)) break;
        this.acceptCandidate(c, true);
      }
      this.pendingByEnd.pop();
    }
    if (this.leadingStages.length + this.innerStages.length > 0) {
      const horizon = ms - Math.ceil(this.maxspanMs as number) - 2;
      for (const index of this.indexes) index?.expire(horizon);
    }
  }

  // ## Completion and missing events

  private complete(p: Partial): void {
    if (p.doomed) {
      this.stats.rejectedByMissing++;
      return;
    }
    const hasLeading = this.leadingStages.length > 0;
    const leadFound = !Number.isNaN(p.leadMs);
    const last = p.events[this.lastPositive] as EventRecord;
    if (this.trailingStages.length > 0) {
      if (hasLeading && !leadFound) {
        this.emit(p);
        return;
      }
      const c: Candidate = {
        partial: p,
        refMs: hasLeading ? p.leadMs : p.startMs,
        refNs: hasLeading ? p.leadNs : p.startNs,
        lastMs: last.tsMs,
        decided: false,
        completion: this.completions++,
      };
      let list = this.pendingByKey.get(p.key.hash);
      if (list === undefined) {
        list = [];
        this.pendingByKey.set(p.key.hash, list);
      }
      list.push(c);
      this.pendingCount++;
      if (this.maxspanNs !== null) this.pendingByEnd.push(c);
      const ns = this.trailingMs === last.tsMs ? this.trailingThisMs.get(p.key.hash) : undefined;
      if (ns !== undefined) this.decideTrailing(list, p.key.hash, last.tsMs, ns);
      return;
    }
    if (hasLeading && leadFound) {
      if (this.maxspanNs !== null && exceeds(this.maxspanNs, p.leadMs, p.leadNs, last.tsMs, last.tsNs)) this.emit(p);
      else this.stats.rejectedByMissing++;
      return;
    }
    this.emit(p);
  }

  private rememberTrailing(e: EventRecord, hash: string): void {
    if (e.tsNs === 0) return;
    if (e.tsMs !== this.trailingMs) {
      this.trailingThisMs.clear();
      this.trailingMs = e.tsMs;
    }
    if (!this.trailingThisMs.has(hash)) this.trailingThisMs.set(hash, e.tsNs);
  }

  private trailingEvent(e: EventRecord, hash: string): void {
    const list = this.pendingByKey.get(hash);
    if (list !== undefined) this.decideTrailing(list, hash, e.tsMs, e.tsNs);
  }

  /** A trailing-stage event at (ms, ns) decides every pending candidate of the key it comes after. */
  private decideTrailing(list: Candidate[], hash: string, ms: number, ns: number): void {
    let kept = 0;
    for (const c of list) {
      if (c.decided) continue;
      if (compareTime(ms, ns, c.lastMs, 0) > 0) {
        // the oldest trailing event after the candidate's millisecond: it decides
        c.decided = true;
        this.pendingCount--;
        if (this.maxspanNs !== null && exceeds(this.maxspanNs, c.refMs, c.refNs, ms, ns)) this.emit(c.partial, c.completion);
        else this.stats.rejectedByMissing++;
      } else {
        list[kept++] = c;
      }
    }
    list.length = kept;
    if (kept === 0) this.pendingByKey.delete(hash);
  }

  private acceptCandidate(c: Candidate, unlink: boolean): void {
    c.decided = true;
    this.pendingCount--;
    if (unlink) {
      const list = this.pendingByKey.get(c.partial.key.hash);
      if (list !== undefined) {
        const i = list.indexOf(c);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) this.pendingByKey.delete(c.partial.key.hash);
      }
    }
    this.emit(c.partial, c.completion);
  }

  private emit(p: Partial, completion = this.completions++): void {
    const match: SequenceMatch = { joinKeys: p.key.values, events: p.events };
    completionOrder.set(match, completion);
    this.out.push(match);
  }

  private updateGauges(): void {
    const inFlight = this.partials + this.pendingCount;
    this.stats.inFlight = inFlight;
    if (inFlight > this.stats.peakInFlight) this.stats.peakInFlight = inFlight;
  }
}
