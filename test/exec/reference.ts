// # Reference sequence matcher: a direct, unoptimised transcription of Elasticsearch's algorithm
//
// All partial matches live in one flat list (no per-key slots, no expiry, no caps); an event for stage s
// picks, among partials of the previous positive stage with the same key and an earlier last event, the
// one with the latest last event, and discards it together with every older one (Elasticsearch's
// `trimBefore`). maxspan and `until` are checked at that moment (`until` = an until event of the key at
// or after the partial's last event and before the new one). Missing-event stages are checked on
// completion by scanning the whole input, with Elasticsearch's decision rules. Results are ordered by
// their last positive event. Written for clarity, not speed: tests only.

import type { EventRecord } from "../../src/exec/event.js";
import { compareEvents } from "../../src/exec/event.js";
import type { CompiledSequence, KeyValue } from "../../src/exec/compiled.js";
import type { SequenceMatch } from "../../src/exec/results.js";

interface Ref {
  stage: number;
  hash: string;
  values: readonly KeyValue[];
  events: (EventRecord | null)[];
}

/** Time of an event in nanoseconds as a bigint (exact). */
function ns(e: EventRecord): bigint {
  return BigInt(e.tsMs) * 1_000_000n + BigInt(e.tsNs);
}
function msBoundary(e: EventRecord): bigint {
  return BigInt(e.tsMs) * 1_000_000n;
}

export function referenceSequences(q: CompiledSequence, events: readonly EventRecord[]): SequenceMatch[] {
  const missing = q.stages.map((s) => s.missing);
  const positive = missing.map((m, i) => (m ? -1 : i)).filter((i) => i >= 0);
  const firstPos = positive[0] as number;
  const lastPos = positive[positive.length - 1] as number;
  const prevPos = (s: number): number => Math.max(...positive.filter((p) => p < s));
  const maxspan = q.maxspanMs === null ? null : BigInt(Math.round(q.maxspanMs * 1e6));
  const exceeds = (a: bigint, b: bigint): boolean => maxspan !== null && b - a > maxspan;

  let partials: Ref[] = [];
  const untils: { hash: string; e: EventRecord }[] = [];
  const done: { m: SequenceMatch; last: EventRecord; order: number }[] = [];
  let order = 0;

  const keysOf = (stage: number, e: EventRecord): { hash: string; values: readonly KeyValue[] }[] => {
    const st = q.stages[stage];
    return st !== undefined && st.filter.test(e) ? [...st.keys(e)] : [];
  };

  const complete = (p: Ref): void => {
    const last = p.events[lastPos] as EventRecord;
    const start = p.events[firstPos] as EventRecord;
    let discarded = false;
    let lastLeading: bigint | null = null;
    let firstTrailing: bigint | null = null;
    for (let i = 0; i < q.stages.length; i++) {
      if (!missing[i]) continue;
      const hits = events.filter((m) => keysOf(i, m).some((k) => k.hash === p.hash));
      if (i < firstPos) {
        for (const m of hits) if (m.tsMs < start.tsMs && (lastLeading === null || ns(m) > lastLeading)) lastLeading = ns(m);
      } else if (i > lastPos) {
        for (const m of hits) if (ns(m) > msBoundary(last) && (firstTrailing === null || ns(m) < firstTrailing)) firstTrailing = ns(m);
      } else {
        const before = p.events[Math.max(...positive.filter((x) => x < i))] as EventRecord;
        const after = p.events[Math.min(...positive.filter((x) => x > i))] as EventRecord;
        if (hits.some((m) => ns(m) > msBoundary(before) && m.tsMs < after.tsMs)) discarded = true;
      }
    }
    if (discarded) return;
    const lead = missing[0] === true;
    const trail = missing[missing.length - 1] === true;
    const bigger = (a: bigint | null, b: bigint | null): boolean => a === null || b === null || exceeds(a, b);
    const keep =
      (firstTrailing === null && lastLeading === null) ||
      (lastLeading === null && lead) ||
      (firstTrailing === null && trail) ||
      (lead && trail && bigger(lastLeading, firstTrailing)) ||
      (lead && !trail && bigger(lastLeading, ns(last))) ||
      (!lead && trail && bigger(ns(start), firstTrailing));
    if (keep) done.push({ m: { joinKeys: p.values, events: p.events }, last, order: order++ });
  };

  for (const e of events) {
    for (let s = lastPos; s >= firstPos; s--) {
      if (missing[s]) continue;
      for (const key of keysOf(s, e)) {
        if (s === firstPos) {
          const evs = new Array<EventRecord | null>(q.stages.length).fill(null);
          evs[s] = e;
          const p: Ref = { stage: s, hash: key.hash, values: key.values, events: evs };
          if (s === lastPos) complete(p);
          else partials.push(p);
          continue;
        }
        const prev = prevPos(s);
        const lastOf = (r: Ref): EventRecord => r.events[r.stage] as EventRecord;
        const candidates = partials.filter((r) => r.stage === prev && r.hash === key.hash && compareEvents(lastOf(r), e) < 0);
        if (candidates.length === 0) continue;
        const picked = candidates.reduce((a, b) => (compareEvents(lastOf(a), lastOf(b)) >= 0 ? a : b));
        partials = partials.filter((r) => !(candidates.includes(r) && compareEvents(lastOf(r), lastOf(picked)) <= 0));
        const start = picked.events[firstPos] as EventRecord;
        if (exceeds(ns(start), ns(e))) continue;
        const cancelled = untils.some((u) => u.hash === key.hash && compareEvents(u.e, e) < 0 && compareEvents(u.e, lastOf(picked)) >= 0);
        if (cancelled) continue;
        const evs = [...picked.events];
        evs[s] = e;
        const next: Ref = { stage: s, hash: key.hash, values: picked.values, events: evs };
        if (s === lastPos) complete(next);
        else partials.push(next);
      }
    }
    if (q.until !== null && q.until.filter.test(e)) for (const k of q.until.keys(e)) untils.push({ hash: k.hash, e });
  }
  done.sort((a, b) => compareEvents(a.last, b.last) || a.order - b.order);
  return done.map((d) => d.m);
}
