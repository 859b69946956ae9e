// Test helpers: hand-built EventRecords and CompiledQuery objects (no parser or compiler involved).

import type { EventRecord } from "../../src/exec/event.js";
import type {
  CompiledEventQuery,
  CompiledFilter,
  CompiledPipe,
  CompiledSample,
  CompiledSequence,
  JoinKey,
  KeyExtractor,
  KeyValue,
} from "../../src/exec/compiled.js";
import type { SequenceMatch } from "../../src/exec/results.js";

let arrival = 0;

/** An event with `id` in its source; `ts` in (possibly fractional) milliseconds. */
export function ev(id: number, ts: number, fields: Record<string, unknown> = {}, tiebreaker: number | null = null): EventRecord {
  const tsMs = Math.floor(ts);
  const tsNs = Math.round((ts - tsMs) * 1e6);
  return { source: { id, ...fields }, index: "test", id: String(id), tsMs, tsNs, tiebreaker, seq: arrival++ };
}

export function where(pred: (s: Record<string, unknown>) => boolean): CompiledFilter {
  return { test: (e) => pred(e.source) };
}

export function fieldIs(field: string, value: unknown): CompiledFilter {
  return where((s) => s[field] === value);
}

function scalar(v: unknown): KeyValue | undefined {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return undefined;
}

/** Key extractor over source fields; arrays expand (cartesian, duplicates collapse, nulls ignored). */
export function keyBy(fields: readonly string[], optional: readonly boolean[] = []): KeyExtractor {
  return (e) => {
    let combos: KeyValue[][] = [[]];
    for (let i = 0; i < fields.length; i++) {
      const raw = e.source[fields[i] as string];
      let values: KeyValue[];
      if (Array.isArray(raw)) {
        values = [...new Set(raw.map(scalar).filter((v): v is KeyValue => v !== undefined && v !== null))];
        if (values.length === 0) values = [null];
      } else {
        const v = scalar(raw);
        values = v === undefined ? [] : [v];
      }
      if (values.length === 1 && values[0] === null && optional[i] !== true) return [];
      const next: KeyValue[][] = [];
      for (const c of combos) for (const v of values) next.push([...c, v]);
      combos = next;
    }
    return combos.map((values): JoinKey => ({ values, hash: JSON.stringify(values) }));
  };
}

export const noKeys: KeyExtractor = () => [{ values: [], hash: "[]" }];

export interface StageSpec {
  readonly filter: CompiledFilter;
  readonly keys?: KeyExtractor;
  readonly missing?: boolean;
}

export function sequence(
  stages: readonly StageSpec[],
  opts: { until?: StageSpec; maxspanMs?: number | null; pipes?: CompiledPipe[]; keyCount?: number } = {},
): CompiledSequence {
  return {
    kind: "sequence",
    stages: stages.map((s) => ({ filter: s.filter, keys: s.keys ?? noKeys, missing: s.missing ?? false })),
    until: opts.until ? { filter: opts.until.filter, keys: opts.until.keys ?? noKeys } : null,
    maxspanMs: opts.maxspanMs ?? null,
    keyCount: opts.keyCount ?? 0,
    pipes: opts.pipes ?? [],
  };
}

export function eventQuery(filter: CompiledFilter, pipes: CompiledPipe[] = []): CompiledEventQuery {
  return { kind: "event", filter, pipes };
}

export function sample(stages: readonly StageSpec[], pipes: CompiledPipe[] = []): CompiledSample {
  return { kind: "sample", stages: stages.map((s) => ({ filter: s.filter, keys: s.keys ?? noKeys })), keyCount: 0, pipes };
}

/** Flattened ids of matches; -1 for a missing-event slot (as the ES QA suite reports them). */
export function ids(matches: readonly SequenceMatch[], field = "id"): number[] {
  return matches.flatMap((m) => m.events.map((e) => (e === null ? -1 : (e.source[field] as number))));
}

export function eventIds(events: readonly EventRecord[]): number[] {
  return events.map((e) => e.source["id"] as number);
}
