// # `--format es`: the body Elasticsearch's `_eql/search` returns
//
// Field order as EqlSearchResponse writes it: is_partial, is_running, took, timed_out, then hits with
// total {value, relation} and either `events` or `sequences`. Printed compact, on one line. `formatEs`
// writes the text directly so each `_source` can be the event's original JSON (see RawSource).

import {
  eventHit,
  eventHitJson,
  hitCount,
  sequenceHit,
  sequenceHitJson,
  type EventHit,
  type RawSource,
  type ResultSet,
  type SequenceHit,
} from "./hits.js";

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

/** The response body as an object. */
export function esResponse(result: ResultSet, tookMs: number): EsSearchResponse {
  const total = { value: hitCount(result), relation: "eq" as const };
  const hits =
    result.kind === "events"
      ? { total, events: result.events.map(eventHit) }
      : { total, sequences: result.sequences.map(sequenceHit) };
  return { is_partial: false, is_running: false, took: tookValue(tookMs), timed_out: false, hits };
}

/** The response body as one line of JSON (with a trailing newline). */
export function formatEs(result: ResultSet, tookMs: number, raw?: RawSource): string {
  const list =
    result.kind === "events"
      ? `"events":[${result.events.map((e) => eventHitJson(e, raw)).join(",")}]`
      : `"sequences":[${result.sequences.map((s) => sequenceHitJson(s, raw)).join(",")}]`;
  return (
    `{"is_partial":false,"is_running":false,"took":${tookValue(tookMs)},"timed_out":false,` +
    `"hits":{"total":{"value":${hitCount(result)},"relation":"eq"},${list}}}\n`
  );
}

function tookValue(tookMs: number): number {
  return Math.max(0, Math.round(tookMs));
}
