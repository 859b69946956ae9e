// # `--format es`: the body Elasticsearch's `_eql/search` returns
//
// Field order as EqlSearchResponse writes it: is_partial, is_running, took, timed_out, then hits with
// total {value, relation} and either `events` or `sequences`. Printed compact, on one line.

import { eventHit, hitCount, sequenceHit, type EventHit, type ResultSet, type SequenceHit } from "./hits.js";

export interface EsSearchResponse {
  readonly is_partial: false;
  readonly is_running: false;
  readonly took: number;
  readonly timed_out: false;
  readonly hits: {
    readonly total: { readonly value: number; readonly relation: "eq" };
    readonly events?: readonly EventHit[];
    readonly sequences?: readonly SequenceHit[];
  };
}

export function esResponse(result: ResultSet, tookMs: number): EsSearchResponse {
  const total = { value: hitCount(result), relation: "eq" as const };
  const hits =
    result.kind === "events"
      ? { total, events: result.events.map(eventHit) }
      : { total, sequences: result.sequences.map(sequenceHit) };
  return { is_partial: false, is_running: false, took: Math.max(0, Math.round(tookMs)), timed_out: false, hits };
}

export function formatEs(result: ResultSet, tookMs: number): string {
  return JSON.stringify(esResponse(result, tookMs)) + "\n";
}
