// # Filter verdicts computed in one thread, used in another
//
// With `--workers`, a screening worker has already evaluated every filter of a rule on an event it lists for
// the rule (src/engine/parallel/scatter.ts); the matching thread would evaluate them again inside the matcher.
// Instead the worker sends one bit per distinct filter of the query (stages, missing stages, until, sample
// stages, in a fixed order), and the matching thread's copy of the query answers from those bits for that one
// event. Matchers are unchanged: they see filters whose `test` returns the preset verdict. The worker can also
// send the join keys of the filters that accepted the event, and the copy's key extractors return those, so
// the matching thread need not read the event's fields at all until it builds an alert.

import { compiledFilters, type CompiledFilter, type CompiledQuery, type JoinKey, type KeyExtractor } from "../exec/compiled.js";
import type { EventRecord } from "../exec/event.js";

/** A query's distinct filters (a `runs=N` stage repeats one filter), in the order verdict bits use. */
export function distinctFilters(query: CompiledQuery): CompiledFilter[] {
  return [...new Set(compiledFilters(query))];
}

/** The join-key extractor that goes with each distinct filter (null for an event query's filter). */
function distinctKeyExtractors(query: CompiledQuery): (KeyExtractor | null)[] {
  const filters = distinctFilters(query);
  const keys: (KeyExtractor | null)[] = filters.map(() => null);
  const note = (f: CompiledFilter, k: KeyExtractor) => {
    const i = filters.indexOf(f);
    if (i >= 0 && keys[i] === null) keys[i] = k;
  };
  if (query.kind === "sequence") {
    for (const st of query.stages) note(st.filter, st.keys);
    if (query.until !== null) note(query.until.filter, query.until.keys);
  } else if (query.kind === "sample") {
    for (const st of query.stages) note(st.filter, st.keys);
  }
  return keys;
}

/**
 * The join keys of an event for each filter whose verdict bit is set (null where not set, or for a query
 * without keys): what the matching thread's key extractors then answer for that event.
 */
export function keysOf(query: CompiledQuery): (event: EventRecord, mask: number) => (readonly JoinKey[] | null)[] | null {
  const extractors = distinctKeyExtractors(query);
  if (extractors.every((k) => k === null)) return () => null;
  return (event, mask) => {
    if (mask <= 0) return null;
    return extractors.map((k, i) => (k !== null && (mask & (1 << i)) !== 0 ? k(event) : null));
  };
}

/** Verdicts fit one small integer up to this many filters; beyond, the matching thread evaluates itself. */
export const MAX_VERDICT_FILTERS = 30;
/** "Some filter accepts the event, evaluate them yourself" (more filters than bits). */
export const EVALUATE = -2;

/**
 * The verdicts of a query's filters on an event: bit k set when distinct filter k accepts it; 0 when none
 * does (the event cannot change the matcher); EVALUATE for a query with too many filters that some accepts.
 */
export function verdictsOf(query: CompiledQuery): (event: EventRecord) => number {
  const filters = distinctFilters(query);
  if (filters.length > MAX_VERDICT_FILTERS) {
    return (event) => {
      for (const f of filters) if (f.test(event)) return EVALUATE;
      return 0;
    };
  }
  if (filters.length === 1) {
    const only = filters[0]!;
    return (event) => (only.test(event) ? 1 : 0);
  }
  return (event) => {
    let mask = 0;
    for (let k = 0; k < filters.length; k++) if (filters[k]!.test(event)) mask |= 1 << k;
    return mask;
  };
}

/**
 * A copy of `query` whose filters answer from preset verdicts for the event last passed to `preset` (and
 * evaluate normally for any other event). A mask of EVALUATE presets nothing.
 */
export function withPresetVerdicts(query: CompiledQuery): {
  readonly query: CompiledQuery;
  readonly preset: (event: EventRecord, mask: number, keys?: readonly (readonly JoinKey[] | null)[] | null) => void;
} {
  const ctx: { event: EventRecord | null; mask: number; keys: readonly (readonly JoinKey[] | null)[] | null } = { event: null, mask: 0, keys: null };
  const filters = distinctFilters(query);
  const wrapped = new Map<CompiledFilter, CompiledFilter>();
  filters.forEach((f, k) => {
    const bit = 1 << k;
    wrapped.set(f, { test: (e) => (e === ctx.event ? (ctx.mask & bit) !== 0 : f.test(e)) });
  });
  // a stage's keys answer from the preset keys of its filter, when the screening thread sent them
  const keyed = new Map<KeyExtractor, KeyExtractor>();
  const wk = (f: CompiledFilter, keys: KeyExtractor): KeyExtractor => {
    let w = keyed.get(keys);
    if (w === undefined) {
      const k = filters.indexOf(f);
      w = (e) => (e === ctx.event ? (ctx.keys?.[k] ?? keys(e)) : keys(e));
      keyed.set(keys, w);
    }
    return w;
  };
  const w = (f: CompiledFilter): CompiledFilter => wrapped.get(f) ?? f;
  // one copy per stage object: `runs=N` repeats a stage object, and matchers compare filters by identity
  const stageCopies = new Map<object, unknown>();
  const copyOnce = <T extends object>(st: T, make: () => T): T => {
    let c = stageCopies.get(st) as T | undefined;
    if (c === undefined) stageCopies.set(st, (c = make()));
    return c;
  };
  let copy: CompiledQuery;
  switch (query.kind) {
    case "event":
      copy = { ...query, filter: w(query.filter) };
      break;
    case "sequence":
      copy = {
        ...query,
        stages: query.stages.map((st) => copyOnce(st, () => ({ ...st, filter: w(st.filter), keys: wk(st.filter, st.keys) }))),
        until: query.until === null ? null : { ...query.until, filter: w(query.until.filter), keys: wk(query.until.filter, query.until.keys) },
      };
      break;
    case "sample":
      copy = { ...query, stages: query.stages.map((st) => copyOnce(st, () => ({ ...st, filter: w(st.filter), keys: wk(st.filter, st.keys) }))) };
      break;
  }
  const preset = (event: EventRecord, mask: number, keys: readonly (readonly JoinKey[] | null)[] | null = null): void => {
    ctx.event = mask === EVALUATE ? null : event;
    ctx.mask = mask;
    ctx.keys = keys;
  };
  return { query: copy, preset };
}
