// # Field and value types
//
// The types a field can have, as Elasticsearch maps them. Analysis resolves every field reference of a query
// to a ResolvedField; compilation reads those to choose comparison rules (keyword vs text vs ip vs version …).

/** Elasticsearch field types that EQL distinguishes. `unknown` = no schema says; typed from the JSON value. */
export type FieldType =
  | "keyword"
  | "constant_keyword"
  | "wildcard"
  | "text"
  | "long"
  | "integer"
  | "short"
  | "byte"
  | "unsigned_long"
  | "double"
  | "float"
  | "half_float"
  | "scaled_float"
  | "boolean"
  | "ip"
  | "version"
  | "date"
  | "date_nanos"
  | "object"
  | "nested"
  | "geo_point"
  | "flattened"
  | "match_only_text"
  | "unknown";

/** The type of an expression's value after analysis. */
export type DataType = "string" | "integer" | "float" | "boolean" | "ip" | "version" | "date" | "date_nanos" | "null" | "unknown";

export interface ResolvedField {
  /** The field as written in the query (after joining segments). */
  readonly name: string;
  /** The field to read from the event `_source` (differs from `name` for aliases). */
  readonly path: string;
  readonly type: FieldType;
  /** For `text` fields: the name of an exact (keyword) sub-field, if the mapping has one. */
  readonly exactSubfield?: string;
  /** Mapping `null_value`: what a JSON null of this field is indexed as. */
  readonly nullValue?: string | number | boolean;
  /**
   * Keyword `ignore_above` (for a text field: that of its exact sub-field): longer strings are not indexed,
   * so exact matching and scripts do not see them. Optional member added by the semantics engineer.
   */
  readonly ignoreAbove?: number;
  /** Mapping date `format`s (Elasticsearch/Java syntax), for date fields with custom formats. */
  readonly dateFormats?: readonly string[];
  /** True when the field is unknown to the schema and written `?field`: always null. */
  readonly missing: boolean;
}

/** A source of field types: an Elasticsearch mapping, ECS, or nothing (types from JSON values). */
export interface Schema {
  /** Resolve a field name; undefined when the schema does not know it. */
  lookup(name: string): ResolvedField | undefined;
  /** Whether unknown fields are errors (true with an explicit mapping, as in Elasticsearch). */
  readonly strict: boolean;
}
