// # EventRecord factory
//
// Computes the ordering fields of an event once: timestamp (parsed as the schema types the timestamp
// field: date/date_nanos with mapping formats, epoch millis numbers or strings, ISO strings) and the
// tiebreaker value.

import type { EventRecord } from "../exec/event.js";
import type { Schema } from "../eql/types.js";
import { fieldGetter, type FieldGetter } from "./fields.js";
import { dateParser } from "./timestamp.js";
import { FIELD_DATA_TYPE } from "../schema/field-types.js";
import type { LazyContentId } from "./content-id.js";

export interface RecordFactoryOptions {
  readonly schema: Schema;
  readonly timestampField?: string;
  readonly tiebreakerField?: string | null;
}

/** `id`: the event's id, or a LazyContentId (the record then hashes the text when its id is first read). */
export type RecordFactory = (source: Record<string, unknown>, index: string, id: string | LazyContentId, seq: number) => EventRecord;

/** A record whose id is a content id computed on first read (plain lines: see src/event/content-id.ts). */
class LazyIdRecord implements EventRecord {
  constructor(
    readonly source: Record<string, unknown>,
    readonly index: string,
    private readonly lazyId: LazyContentId,
    readonly tsMs: number,
    readonly tsNs: number,
    readonly tiebreaker: number | string | null,
    readonly seq: number,
  ) {}

  get id(): string {
    return this.lazyId.id;
  }
}

function first(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  for (const v of value) {
    const f = first(v);
    if (f !== null && f !== undefined) return f;
  }
  return undefined;
}

function getterFor(schema: Schema, name: string): { get: FieldGetter; formats?: readonly string[]; millisOnly: boolean } {
  const f = schema.lookup(name);
  return { get: fieldGetter(f?.path ?? name), formats: f?.dateFormats, millisOnly: f?.type === "date" };
}

export function createRecordFactory(options: RecordFactoryOptions): RecordFactory {
  const ts = getterFor(options.schema, options.timestampField ?? "@timestamp");
  const parse = dateParser(ts.formats === undefined ? undefined : [...ts.formats, "strict_date_optional_time", "epoch_millis"]);
  const tbName = options.tiebreakerField ?? null;
  const tb = tbName === null ? null : getterFor(options.schema, tbName).get;
  // Tiebreaker values sort as their mapping types do: numbers numerically, keywords as strings;
  // without a type, numeric-looking strings count as numbers.
  const tbType = tbName === null ? undefined : options.schema.lookup(tbName)?.type;
  const tbNumeric = tbType === undefined || tbType === "unknown" ? null : FIELD_DATA_TYPE[tbType] === "integer" || FIELD_DATA_TYPE[tbType] === "float";
  return (source, index, id, seq) => {
    const parsed = parse(first(ts.get(source)));
    let tiebreaker: number | string | null = null;
    if (tb !== null) {
      const v = first(tb(source));
      if (typeof v === "number") tiebreaker = tbNumeric === false ? String(v) : v;
      else if (typeof v === "string") tiebreaker = tbNumeric !== false && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    }
    const tsMs = parsed === null ? Number.NaN : parsed.ms;
    // a `date` field keeps milliseconds (what Elasticsearch sorts on); date_nanos keeps nanoseconds
    const tsNs = parsed === null || ts.millisOnly ? 0 : parsed.ns;
    if (typeof id !== "string") return new LazyIdRecord(source, index, id, tsMs, tsNs, tiebreaker, seq);
    return { source, index, id, tsMs, tsNs, tiebreaker, seq };
  };
}
