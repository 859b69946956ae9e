// # What the compiler hands the matchers
//
// The matchers (event, sequence, sample) know nothing of EQL expressions: they receive predicates and key
// extractors built by src/compile, and events as EventRecords.

import type { EventRecord } from "./event.js";
import { filtersOf } from "../eql/ast.js";

/** A join-key value as Elasticsearch renders it in `join_keys` (dates already rendered as the query kind wants). */
export type KeyValue = string | number | boolean | null;

/** One combination of key values for an event (multi-valued keys expand into several). */
export interface JoinKey {
  readonly values: readonly KeyValue[];
  /** Equality of keys is equality of hashes. */
  readonly hash: string;
}

export interface CompiledFilter {
  /** True when the event satisfies category and condition (null counts as false). */
  test(event: EventRecord): boolean;
}

/** Key combinations of an event; an empty array means the event cannot join (a non-optional key is null). */
export type KeyExtractor = (event: EventRecord) => readonly JoinKey[];

export interface CompiledPipe {
  readonly kind: "head" | "tail";
  readonly count: number;
}

export interface CompiledEventQuery {
  readonly kind: "event";
  readonly filter: CompiledFilter;
  readonly pipes: readonly CompiledPipe[];
}

export interface CompiledSequenceStage {
  readonly filter: CompiledFilter;
  /** Sequence-level keys followed by this stage's own keys. */
  readonly keys: KeyExtractor;
  readonly missing: boolean;
}

export interface CompiledSequence {
  readonly kind: "sequence";
  /** Stages with `runs=N` already expanded into N consecutive stages. */
  readonly stages: readonly CompiledSequenceStage[];
  readonly until: { readonly filter: CompiledFilter; readonly keys: KeyExtractor } | null;
  /** Maximum first-to-last span in milliseconds (inclusive); null when unbounded. */
  readonly maxspanMs: number | null;
  /** Number of key fields (sequence-level + per-stage), to render join_keys. */
  readonly keyCount: number;
  readonly pipes: readonly CompiledPipe[];
}

export interface CompiledSampleStage {
  readonly filter: CompiledFilter;
  readonly keys: KeyExtractor;
}

export interface CompiledSample {
  readonly kind: "sample";
  readonly stages: readonly CompiledSampleStage[];
  readonly keyCount: number;
  readonly pipes: readonly CompiledPipe[];
}

export type CompiledQuery = CompiledEventQuery | CompiledSequence | CompiledSample;

/** A compiled query's filters in the order of `queryFilters` (src/eql/ast.ts); a `runs=N` stage appears N times. */
export function compiledFilters(query: CompiledQuery): CompiledFilter[] {
  return filtersOf<CompiledFilter>(query);
}
