// # runQuery: a compiled query over events already sorted by `compareEvents`
//
// Returns results as Elasticsearch does: events ascending by time (also after `| tail`), sequences in
// order of completion, samples ordered by join key; limited by the request `size` and the head/tail
// pipes (see limits.ts). Stops reading input as soon as a head limit is satisfied.

import type { EventRecord } from "./event.js";
import type { CompiledQuery } from "./compiled.js";
import { QueryExecution, type QueryResult } from "./execution.js";
import type { WarningSink } from "./matcher.js";

export type { QueryResult } from "./execution.js";

export interface RunQueryOptions {
  readonly size: number;
  readonly maxSamplesPerKey?: number;
  /** Cap on in-flight partial sequence matches (default unbounded). */
  readonly maxInFlight?: number;
  readonly onWarning?: WarningSink;
}

export function runQuery(query: CompiledQuery, events: Iterable<EventRecord>, options: RunQueryOptions): QueryResult {
  const execution = new QueryExecution(query, options);
  pushSome(execution, events[Symbol.iterator](), Number.POSITIVE_INFINITY);
  return execution.finish();
}

/**
 * runQuery for long inputs in an interactive process: awaits `turn` after every `every` events (e.g. a turn of
 * the event loop, so that Ctrl-C is handled while a large input is matched). Same result as runQuery.
 */
export async function runQueryInTurns(query: CompiledQuery, events: Iterable<EventRecord>, options: RunQueryOptions, turn: () => Promise<void>, every: number): Promise<QueryResult> {
  const execution = new QueryExecution(query, options);
  const it = events[Symbol.iterator]();
  while (pushSome(execution, it, Math.max(1, every))) await turn();
  return execution.finish();
}

/** Pushes up to `max` events; true when more may follow (input left and no head limit satisfied yet). */
function pushSome(execution: QueryExecution, it: Iterator<EventRecord>, max: number): boolean {
  for (let n = 0; n < max; n++) {
    if (execution.done) return false;
    const next = it.next();
    if (next.done === true) return false;
    execution.push(next.value);
  }
  return !execution.done;
}
