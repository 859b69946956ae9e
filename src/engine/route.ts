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

function day(source: Record<string, unknown>): string | undefined {
  const parsed = parseDate(firstValue(timestamp(source)));
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
  return { route: stream, alert: date === undefined ? stream : `.ds-${stream}-${date}-000001` };
}
