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
  if (!execution.done) {
    for (const e of events) {
      execution.push(e);
      if (execution.done) break;
    }
  }
  return execution.finish();
}
