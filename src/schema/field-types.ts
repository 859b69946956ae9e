// # Field type tables
//
// How each Elasticsearch field type behaves for EQL: the value type an expression over it has, whether it
// can be used at all, and which mapping types count as "string-like" for exact matching.

import type { DataType, FieldType } from "../eql/types.js";

/** The expression type of a field of each mapping type; null = EQL cannot use such a field. */
export const FIELD_DATA_TYPE: { readonly [T in FieldType]: DataType | null } = {
  keyword: "string",
  constant_keyword: "string",
  wildcard: "string",
  text: "string",
  match_only_text: "string",
  long: "integer",
  integer: "integer",
  short: "integer",
  byte: "integer",
  unsigned_long: "integer",
  double: "float",
  float: "float",
  half_float: "float",
  scaled_float: "float",
  boolean: "boolean",
  ip: "ip",
  version: "version",
  date: "date",
  date_nanos: "date_nanos",
  object: null,
  nested: null,
  geo_point: null,
  flattened: null,
  unknown: "unknown",
};

const KNOWN: ReadonlySet<string> = new Set(Object.keys(FIELD_DATA_TYPE));

/** Narrow a mapping `type` string to a FieldType; types Sequent does not model come back as null. */
export function asFieldType(type: string): FieldType | null {
  return KNOWN.has(type) ? (type as FieldType) : null;
}

/** Types whose indexed values are the raw strings (term/wildcard/regexp queries apply directly). */
export function isKeywordFamily(t: FieldType): boolean {
  return t === "keyword" || t === "constant_keyword" || t === "wildcard";
}

/** Full-text types: exact operations need a keyword sub-field. */
export function isTextFamily(t: FieldType): boolean {
  return t === "text" || t === "match_only_text";
}

/** Two mapping types that may be queried together across indices (ES field caps would not flag them). */
export function compatibleFieldTypes(a: FieldType, b: FieldType): boolean {
  if (a === b) return true;
  if (isKeywordFamily(a) && isKeywordFamily(b)) return true;
  return false;
}
