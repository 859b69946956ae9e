// # Indexed values of a field
//
// What Elasticsearch indexes for a field, read from an event's `_source` by the field's mapping type:
// keyword fields index strings (numbers and booleans as their text), numeric fields coerce numeric strings
// (and truncate fractions for integer types), `float` keeps 32-bit precision, booleans accept
// "true"/"false", ip values are canonicalised, dates become (ms, ns) (millisecond precision for `date`),
// JSON null becomes the mapping's `null_value` or nothing, keyword strings longer than `ignore_above` are not
// indexed. Values that the field would reject are skipped.
// Arrays (also nested ones) are multi-values; an empty result means the field is missing.

import type { FieldType, ResolvedField } from "../eql/types.js";
import { fieldReader } from "../event/fields.js";
import { dateParser, type DateValue } from "../event/timestamp.js";
import { javaDoubleToString } from "./functions/java.js";
import { canonicalIp, parseIpAddress, toSixteenBytes } from "./cidr.js";
import { FieldView } from "./field-view.js";

export type DocValue = string | number | boolean | DateValue;
export type DocValuesReader = (source: Record<string, unknown>) => readonly DocValue[];

/** 16-byte big-endian key of an IP address (IPv4 as `::ffff:a.b.c.d`), for range comparisons; null if invalid. */
export function ipBytes(text: string): readonly number[] | null {
  const bytes = parseIpAddress(text);
  return bytes === null ? null : toSixteenBytes(bytes);
}

function numericText(v: string): number | null {
  const t = v.trim();
  if (t === "" || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

type Converter = (v: unknown) => DocValue | undefined;

function keywordValue(v: unknown): DocValue | undefined {
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return Number.isInteger(v) ? String(v) : javaDoubleToString(v);
    case "boolean":
      return v ? "true" : "false";
    default:
      return undefined;
  }
}

function integerValue(v: unknown): DocValue | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" ? numericText(v) : null;
  if (n === null || !Number.isFinite(n)) return undefined;
  return Math.trunc(n) + 0;
}

function doubleValue(v: unknown): DocValue | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" ? numericText(v) : null;
  return n === null || !Number.isFinite(n) ? undefined : n;
}

function floatValue(v: unknown): DocValue | undefined {
  const n = doubleValue(v);
  return n === undefined ? undefined : Math.fround(n as number);
}

function booleanValue(v: unknown): DocValue | undefined {
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false" || v === "") return false;
  return undefined;
}

function ipValue(v: unknown): DocValue | undefined {
  return typeof v === "string" ? canonicalIp(v) ?? undefined : undefined;
}

function versionValue(v: unknown): DocValue | undefined {
  return typeof v === "string" ? v : undefined;
}

function unknownValue(v: unknown): DocValue | undefined {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : undefined;
}

function dateConverter(field: ResolvedField, nanos: boolean): Converter {
  const parse = dateParser(field.dateFormats === undefined ? undefined : [...field.dateFormats]);
  return (v) => {
    const d = parse(v);
    if (d === null) return undefined;
    return nanos ? d : { ms: d.ms, ns: 0 };
  };
}

/** How `_source` values of a field type become indexed values. */
export function converterFor(field: ResolvedField): Converter {
  const t: FieldType = field.type;
  switch (t) {
    case "keyword":
    case "constant_keyword":
    case "wildcard":
    case "text":
    case "match_only_text": {
      const limit = field.ignoreAbove;
      if (limit === undefined) return keywordValue;
      return (v) => {
        const k = keywordValue(v);
        return typeof k === "string" && k.length > limit ? undefined : k;
      };
    }
    case "long":
    case "integer":
    case "short":
    case "byte":
    case "unsigned_long":
      return integerValue;
    case "double":
    case "scaled_float":
      return doubleValue;
    case "float":
    case "half_float":
      return floatValue;
    case "boolean":
      return booleanValue;
    case "ip":
      return ipValue;
    case "version":
      return versionValue;
    case "date":
      return dateConverter(field, false);
    case "date_nanos":
      return dateConverter(field, true);
    case "unknown":
      return unknownValue;
    case "object":
    case "nested":
    case "geo_point":
    case "flattened":
      return () => undefined;
    default: {
      const never: never = t;
      throw new Error(`unexpected field type ${String(never)}`);
    }
  }
}

const EMPTY: readonly DocValue[] = [];

/** Access to a field's indexed values for per-event predicates (see field-view.ts). */
export interface FieldValues {
  /** All values (empty = missing). */
  read(source: Record<string, unknown>): readonly DocValue[];
  /** Whether some value passes `test`. */
  some(source: Record<string, unknown>, test: (v: DocValue) => boolean): boolean;
  /** Whether the ASCII-folded text of some string value passes `test`. */
  someFolded(source: Record<string, unknown>, test: (folded: string) => boolean): boolean;
  /** Whether the field has at least one indexed value. */
  exists(source: Record<string, unknown>): boolean;
}

/** A `?field` unknown to the schema: always null. */
const MISSING: FieldValues = {
  read: () => EMPTY,
  some: () => false,
  someFolded: () => false,
  exists: () => false,
};

/** One view per distinct mapping view of a field, shared by every rule (see field-view.ts). */
const VIEWS = new Map<string, FieldView>();

/** Everything about a field that decides its indexed values. */
export function viewKey(field: ResolvedField): string {
  const nullValue = field.nullValue === undefined ? "" : JSON.stringify(field.nullValue);
  const formats = field.dateFormats === undefined ? "" : JSON.stringify(field.dateFormats);
  return `${field.path}\u0000${field.type}\u0000${nullValue}\u0000${field.ignoreAbove ?? ""}\u0000${formats}`;
}

/** The shared per-event values of a field (a missing field has none). */
export function fieldValues(field: ResolvedField): FieldValues {
  if (field.missing) return MISSING;
  const key = viewKey(field);
  let view = VIEWS.get(key);
  if (view === undefined) {
    const convert = converterFor(field);
    const nullValue = field.nullValue === undefined ? undefined : convert(field.nullValue);
    view = new FieldView(fieldReader(field.path), convert, nullValue);
    VIEWS.set(key, view);
  }
  return view;
}

/** A reader of a field's indexed values (empty array = missing). */
export function docValuesReader(field: ResolvedField): DocValuesReader {
  const values = fieldValues(field);
  return (source) => values.read(source);
}

export function isDateValue(v: DocValue): v is DateValue {
  return typeof v === "object";
}
