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
import { fieldGetter } from "../event/fields.js";
import { dateParser, type DateValue } from "../event/timestamp.js";
import { javaDoubleToString } from "./functions/java.js";
import { canonicalIp, parseIpAddress, toSixteenBytes } from "./cidr.js";

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

/** Non-allocating access to a field's indexed values (for per-event predicates). */
export interface FieldValues {
  /** All values (allocates for multi-values; empty = missing). */
  readonly read: DocValuesReader;
  /** Whether some value passes `test`. */
  some(source: Record<string, unknown>, test: (v: DocValue) => boolean): boolean;
  /** Whether the field has at least one indexed value. */
  exists(source: Record<string, unknown>): boolean;
}

const ALWAYS = (): boolean => true;

export function fieldValues(field: ResolvedField): FieldValues {
  const read = docValuesReader(field);
  if (field.missing) return { read, some: () => false, exists: () => false };
  const get = fieldGetter(field.path);
  const convert = converterFor(field);
  const nullValue = field.nullValue === undefined ? undefined : convert(field.nullValue);
  const someOf = (v: unknown, test: (d: DocValue) => boolean): boolean => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (someOf(v[i], test)) return true;
      return false;
    }
    if (v === undefined) return false;
    if (v === null) return nullValue !== undefined && test(nullValue);
    const d = convert(v);
    return d !== undefined && test(d);
  };
  return {
    read,
    some: (source, test) => someOf(get(source), test),
    exists: (source) => someOf(get(source), ALWAYS),
  };
}

/** A reader of a field's indexed values (empty array = missing). Built once per field. */
export function docValuesReader(field: ResolvedField): DocValuesReader {
  if (field.missing) return () => EMPTY;
  const get = fieldGetter(field.path);
  const convert = converterFor(field);
  const nullValue = field.nullValue === undefined ? undefined : convert(field.nullValue);
  const push = (v: unknown, out: DocValue[]): void => {
    if (Array.isArray(v)) {
      for (const x of v) push(x, out);
      return;
    }
    if (v === null) {
      if (nullValue !== undefined) out.push(nullValue);
      return;
    }
    const d = convert(v);
    if (d !== undefined) out.push(d);
  };
  return (source) => {
    const raw = get(source);
    if (raw === undefined) return EMPTY;
    if (!Array.isArray(raw) && raw !== null) {
      const d = convert(raw);
      return d === undefined ? EMPTY : [d];
    }
    const out: DocValue[] = [];
    push(raw, out);
    return out;
  };
}

export function isDateValue(v: DocValue): v is DateValue {
  return typeof v === "object";
}
