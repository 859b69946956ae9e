// # Sorting and spilling events
//
// The order the matchers need is src/exec/event.ts `compareEvents`: timestamp, tiebreaker (nulls last,
// numbers before strings), arrival. `compareOrder` is that order over just the ordering fields, made total
// also for events without a usable timestamp (tsMs NaN, e.g. sample data): those sort after every timed
// event, among themselves by tiebreaker and arrival.
//
// Large inputs are sorted as `SortEntry`s: the ordering fields plus the event's JSON text. Holding text
// rather than parsed documents keeps the garbage collector's work small (a string has no pointers to trace),
// makes spilling a plain write, and the document is parsed again only when it reaches the matchers.

import { compareEvents, type EventRecord, type OrderKey } from "../exec/event.js";
import type { LineCodec } from "./runs.js";
import type { NdjsonEvent } from "./ndjson.js";

/** Builds an EventRecord (src/event/record.ts `createRecordFactory` returns one). */
export type RecordFactory = (source: Record<string, unknown>, index: string, id: string, seq: number) => EventRecord;

/** The fields events are ordered by. */
export type { OrderKey };

/** An event waiting to be sorted: its ordering fields, index, id and `_source` as JSON text. */
export interface SortEntry extends OrderKey {
  readonly index: string;
  readonly id: string;
  readonly text: string;
}

/** The event order (src/exec/event.ts), total also for events without a timestamp (they sort last). */
export const compareOrder: (a: OrderKey, b: OrderKey) => number = compareEvents;

/** The same order, typed for records. */
export const compareEventsTotal: (a: EventRecord, b: EventRecord) => number = compareEvents;

/** Run-file codec for sort entries: a JSON header, a tab, then the event text (JSON never holds a raw tab
 * outside strings, and JSON.stringify never writes one, so the first tab ends the header). */
export const sortEntryCodec: LineCodec<SortEntry> = {
  encode: (e) => `${JSON.stringify([Number.isNaN(e.tsMs) ? null : e.tsMs, e.tsNs, e.tiebreaker, e.seq, e.index, e.id])}\t${e.text}`,
  decode: (line) => {
    const tab = line.indexOf("\t");
    const [tsMs, tsNs, tiebreaker, seq, index, id] = JSON.parse(line.slice(0, tab)) as [
      number | null,
      number,
      number | string | null,
      number,
      string,
      string,
    ];
    return { tsMs: tsMs ?? Number.NaN, tsNs, tiebreaker, seq, index, id, text: line.slice(tab + 1) };
  },
};

/** A sort entry for an event read from an input; `order` gives its ordering fields. */
export function toSortEntry(event: NdjsonEvent, order: OrderKey): SortEntry {
  return {
    tsMs: order.tsMs,
    tsNs: order.tsNs,
    tiebreaker: order.tiebreaker,
    seq: order.seq,
    index: event.index,
    id: event.id,
    text: event.sourceText ?? JSON.stringify(event.value),
  };
}

/** Turn sorted entries back into records, parsing each document once more (`onParsed` sees each source and its text). */
export function* recordsOf(
  entries: Iterable<SortEntry>,
  factory: RecordFactory,
  onParsed?: (source: Record<string, unknown>, text: string) => void,
): Generator<EventRecord> {
  for (const e of entries) {
    const source = JSON.parse(e.text) as Record<string, unknown>;
    onParsed?.(source, e.text);
    yield factory(source, e.index, e.id, e.seq);
  }
}

/** Run-file codec for records: the inputs of the factory, rebuilt through it. */
export function recordCodec(factory: RecordFactory): LineCodec<EventRecord> {
  return {
    encode: (r) => JSON.stringify([r.index, r.id, r.seq, r.source]),
    decode: (line) => {
      const [index, id, seq, source] = JSON.parse(line) as [string, string, number, Record<string, unknown>];
      return factory(source, index, id, seq);
    },
  };
}

/** Run-file codec for events read from inputs. */
export const inputEventCodec: LineCodec<NdjsonEvent> = {
  encode: (e) => JSON.stringify([e.file, e.line, e.index, e.id, e.value]),
  decode: (line) => {
    const [file, lineNo, index, id, value] = JSON.parse(line) as [string, number, string, string, Record<string, unknown>];
    return { kind: "event", value, file, line: lineNo, index, id };
  },
};
