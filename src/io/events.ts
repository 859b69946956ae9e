// # Sorting and spilling events
//
// The order the matchers need (src/exec/event.ts `compareEvents`), made safe for events without a usable
// timestamp (tsMs NaN, e.g. sample data): those sort after every timed event, among themselves by tiebreaker
// and arrival, so the order stays total. Codecs let the spool and the sorter write events to run files and
// rebuild them exactly (records are rebuilt with the same factory, so any derived state is recomputed).

import { compareEvents, type EventRecord } from "../exec/event.js";
import type { LineCodec } from "./runs.js";
import type { NdjsonEvent } from "./ndjson.js";

/** Builds an EventRecord (src/event/record.ts `createRecordFactory` returns one). */
export type RecordFactory = (source: Record<string, unknown>, index: string, id: string, seq: number) => EventRecord;

/** `compareEvents`, total also when timestamps are NaN (untimed events last). */
export function compareEventsTotal(a: EventRecord, b: EventRecord): number {
  const aNaN = Number.isNaN(a.tsMs);
  const bNaN = Number.isNaN(b.tsMs);
  if (!aNaN && !bNaN) return compareEvents(a, b);
  if (aNaN !== bNaN) return aNaN ? 1 : -1;
  return compareUntimed(a, b);
}

/** Tiebreaker (nulls last, numbers before strings), then arrival: compareEvents without the timestamp. */
function compareUntimed(a: EventRecord, b: EventRecord): number {
  const ta = a.tiebreaker;
  const tb = b.tiebreaker;
  if (ta !== tb) {
    if (ta === null) return 1;
    if (tb === null) return -1;
    if (typeof ta === typeof tb) return ta < tb ? -1 : 1;
    return typeof ta === "number" ? -1 : 1;
  }
  return a.seq - b.seq;
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
