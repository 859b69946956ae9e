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

/** What a schema may know about a field beyond ResolvedField (mapping schemas do). */
export interface SchemaFieldInfo {
  /** The mappings whose types conflict, when they do. */
  readonly conflict?: readonly string[];
  readonly underNested?: boolean;
  /** The mapping type as written, when Sequent does not model it (e.g. "integer_range"). */
  readonly unsupportedType?: string;
}

/** Optional extras a Schema implementation may offer (duck-typed; Schema itself stays minimal). */
export interface SchemaExtras {
  info?(name: string): SchemaFieldInfo | undefined;
  /** Every field name known, for "did you mean" hints. */
  readonly names?: readonly string[];
}

export function schemaExtras(schema: object): SchemaExtras {
  return schema as SchemaExtras;
}

/** Levenshtein distance, capped (for suggestions). */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Names within a small edit distance of `name`, closest first (Elasticsearch's "did you mean"). */
export function suggestions(name: string, candidates: readonly string[]): string[] {
  const lower = name.toLowerCase();
  const scored = candidates
    .map((c) => ({ c, d: editDistance(lower, c.toLowerCase()) }))
    .filter((x) => x.d <= (name.length <= 3 ? 1 : 2))
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1));
  return scored.slice(0, 3).map((x) => x.c);
}
