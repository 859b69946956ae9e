// # Results as Elasticsearch hits
//
// The shapes `_eql/search` uses for one event and one sequence (x-pack/plugin/eql EqlSearchResponse):
// an event is `{_index, _id, _source}`; a missing-event slot of a `![…]` stage is Elasticsearch's
// MISSING_EVENT, `{_index: "", _id: "", _source: {}, missing: true}`; a sequence is `{join_keys, events}`
// with `join_keys` left out when empty. Samples come back as sequences too.

import type { EventRecord } from "../../exec/event.js";
import type { KeyValue } from "../../exec/compiled.js";
import type { SequenceMatch } from "../../exec/results.js";

/** What runQuery returns (src/exec/run-query.ts QueryResult), as the formatters read it. */
export type ResultSet =
  | { readonly kind: "events"; readonly events: readonly EventRecord[] }
  | { readonly kind: "sequences"; readonly sequences: readonly SequenceMatch[] };

export interface EventHit {
  readonly _index: string;
  readonly _id: string;
  readonly _source: Record<string, unknown>;
  readonly missing?: true;
}

export interface SequenceHit {
  readonly join_keys?: readonly KeyValue[];
  readonly events?: readonly EventHit[];
}

export function eventHit(record: EventRecord): EventHit {
  return { _index: record.index, _id: record.id, _source: record.source };
}

export function missingEventHit(): EventHit {
  return { _index: "", _id: "", _source: {}, missing: true };
}

export function sequenceHit(match: SequenceMatch): SequenceHit {
  const events = match.events.map((e) => (e === null ? missingEventHit() : eventHit(e)));
  return {
    ...(match.joinKeys.length > 0 ? { join_keys: match.joinKeys } : {}),
    ...(events.length > 0 ? { events } : {}),
  };
}

/** Number of hits: events for event queries, sequences (or samples) otherwise. */
export function hitCount(result: ResultSet): number {
  return result.kind === "events" ? result.events.length : result.sequences.length;
}

/**
 * The original JSON text of an event's `_source`, when the caller kept it. Elasticsearch returns `_source`
 * exactly as indexed; printing the input text keeps large integers, number spelling and key order intact.
 */
export type RawSource = (record: EventRecord) => string | undefined;

const noRawSource: RawSource = () => undefined;

/** An event hit as JSON text (the `_source` from `raw` when known). */
export function eventHitJson(record: EventRecord, raw: RawSource = noRawSource): string {
  const source = raw(record) ?? JSON.stringify(record.source);
  return `{"_index":${JSON.stringify(record.index)},"_id":${JSON.stringify(record.id)},"_source":${source}}`;
}

const MISSING_EVENT_JSON = JSON.stringify(missingEventHit());

/** A sequence hit as JSON text: join_keys (left out when empty), then events. */
export function sequenceHitJson(match: SequenceMatch, raw: RawSource = noRawSource): string {
  const parts: string[] = [];
  if (match.joinKeys.length > 0) parts.push(`"join_keys":${JSON.stringify(match.joinKeys)}`);
  if (match.events.length > 0) {
    parts.push(`"events":[${match.events.map((e) => (e === null ? MISSING_EVENT_JSON : eventHitJson(e, raw))).join(",")}]`);
  }
  return `{${parts.join(",")}}`;
}
