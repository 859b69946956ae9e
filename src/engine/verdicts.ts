// # Filter verdicts computed in one thread, used in another
//
// With `--workers`, a screening worker has already evaluated every filter of a rule on an event it lists for
// the rule (src/engine/parallel/scatter.ts); the matching thread would evaluate them again inside the matcher.
// Instead the worker sends one bit per distinct filter of the query (stages, missing stages, until, sample
// stages, in a fixed order), and the matching thread's copy of the query answers from those bits for that one
// event. Matchers are unchanged: they see filters whose `test` returns the preset verdict. (Sending the join
// keys as well was measured slower: extracting and passing them costs the workers more than it saves here.)

import { compiledFilters, type CompiledFilter, type CompiledQuery } from "../exec/compiled.js";
import type { EventRecord } from "../exec/event.js";

/** A query's distinct filters (a `runs=N` stage repeats one filter), in the order verdict bits use. */
export function distinctFilters(query: CompiledQuery): CompiledFilter[] {
  return [...new Set(compiledFilters(query))];
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
export function withPresetVerdicts(query: CompiledQuery): { readonly query: CompiledQuery; readonly preset: (event: EventRecord, mask: number) => void } {
  const ctx: { event: EventRecord | null; mask: number } = { event: null, mask: 0 };
  const wrapped = new Map<CompiledFilter, CompiledFilter>();
  distinctFilters(query).forEach((f, k) => {
    const bit = 1 << k;
    wrapped.set(f, { test: (e) => (e === ctx.event ? (ctx.mask & bit) !== 0 : f.test(e)) });
  });
  const w = (f: CompiledFilter): CompiledFilter => wrapped.get(f) ?? f;
  let copy: CompiledQuery;
  switch (query.kind) {
    case "event":
      copy = { ...query, filter: w(query.filter) };
      break;
    case "sequence":
      copy = { ...query, stages: query.stages.map((st) => ({ ...st, filter: w(st.filter) })), until: query.until === null ? null : { ...query.until, filter: w(query.until.filter) } };
      break;
    case "sample":
      copy = { ...query, stages: query.stages.map((st) => ({ ...st, filter: w(st.filter) })) };
      break;
  }
  const preset = (event: EventRecord, mask: number): void => {
    ctx.event = mask === EVALUATE ? null : event;
    ctx.mask = mask;
  };
  return { query: copy, preset };
}
