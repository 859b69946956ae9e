// # Which index an input event belongs to
//
// Two names per event. The *route* index is what rules' `index` patterns are matched against; the *alert*
// index is the `_index` written into alert ancestors and hashed into alert ids. Search hits keep their own
// `_index` for both. A plain agent event names its data stream in `data_stream.*`: it routes by the stream
// and, like the document Elasticsearch would have stored, gets the backing index of that day
// (`.ds-logs-endpoint.events.process-default-2026.03.12-000001`), so alert ids are what a real cluster would
// likely give. An event with neither routes to every rule ("" = unknown) and keeps its file's name.

import { fieldGetter } from "../event/fields.js";
import { dateParser } from "../event/timestamp.js";
import { eventIndex } from "../rules/index-patterns.js";

export interface EventIndices {
  readonly route: string;
  readonly alert: string;
}

const timestamp = fieldGetter("@timestamp");
const parseDate = dateParser();

function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `YYYY-MM-DDTHH:mm:ss[.fraction]Z` with a day that exists in every month and a valid time of day: a timestamp
 * the date parser reads as that very UTC day (checked against it in test/engine/route.test.ts).
 */
const PLAIN_UTC = /^([1-9]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?Z$/;

export function day(source: Record<string, unknown>): string | undefined {
  const value = firstValue(timestamp(source));
  // Fast path for the usual agent timestamp; everything else (offsets, epoch numbers, formats, days 29–31
  // that may not exist) goes through the date parser.
  if (typeof value === "string") {
    const m = PLAIN_UTC.exec(value);
    if (m !== null) return `${m[1]}.${m[2]}.${m[3]}`;
  }
  return slowDay(value);
}

/** The UTC day of any timestamp value the date parser reads (exported for the test of the fast path). */
export function slowDay(value: unknown): string | undefined {
  const parsed = parseDate(value);
  if (parsed === null) return undefined;
  const d = new Date(parsed.ms);
  if (Number.isNaN(d.getTime())) return undefined;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}.${pad(d.getUTCMonth() + 1)}.${pad(d.getUTCDate())}`;
}

/**
 * `hitIndex`: the `_index` of a search-hit line, if the line was one; `fileIndex`: the index named after the
 * input file.
 */
export function eventIndices(source: Record<string, unknown>, hitIndex: string | undefined, fileIndex: string): EventIndices {
  if (hitIndex !== undefined && hitIndex !== "") return { route: hitIndex, alert: hitIndex };
  const stream = eventIndex(source, "");
  if (stream === "") return { route: "", alert: fileIndex };
  if (stream.startsWith(".ds-")) return { route: stream, alert: stream };
  const date = day(source);
  // consecutive events mostly share stream and day: reuse the last answer (EventIndices are never mutated)
  if (stream === last.stream && date === last.date) return last.indices;
  const indices = { route: stream, alert: date === undefined ? stream : `.ds-${stream}-${date}-000001` };
  last = { stream, date, indices };
  return indices;
}

let last: { readonly stream: string; readonly date: string | undefined; readonly indices: EventIndices } = { stream: "", date: undefined, indices: { route: "", alert: "" } };
