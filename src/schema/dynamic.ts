// # Schemas without (or beyond) a mapping
//
// `dynamicSchema()`: no mapping at all; every field is known, typed "unknown", and values are typed from
// their JSON form. `withDynamicFields(schema, sources)`: what Elasticsearch's dynamic mapping would add
// for fields present in the data but absent from the mapping (strings → text with a `.keyword`
// sub-field (ignore_above 256), or date when they look like one; integers → long; other numbers → float; booleans →
// boolean; objects → object).

import type { FieldType, ResolvedField, Schema } from "../eql/types.js";
import { schemaExtras, type SchemaExtras } from "./field-types.js";

export function dynamicSchema(): Schema {
  const cache = new Map<string, ResolvedField>();
  return {
    strict: false,
    lookup(name) {
      let f = cache.get(name);
      if (f === undefined) {
        f = { name, path: name, type: "unknown", missing: false };
        cache.set(name, f);
      }
      return f;
    },
  };
}

/** ES default `dynamic_date_formats`: strict_date_optional_time and `yyyy/MM/dd HH:mm:ss Z||yyyy/MM/dd Z`. */
const DATE_LIKE = [
  /^\d{4}-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}([.,]\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?)?$/,
  /^\d{4}\/\d{2}\/\d{2}( \d{2}:\d{2}:\d{2})? [+-]\d{4}$/,
];

function looksLikeDate(s: string): boolean {
  if (!DATE_LIKE.some((re) => re.test(s))) return false;
  const month = Number(s.slice(5, 7));
  return month >= 1 && month <= 12;
}

/** The dynamic mapping type of one JSON value (arrays: their first non-null element). */
export function dynamicType(value: unknown): FieldType | null {
  if (Array.isArray(value)) {
    for (const v of value) {
      const t = dynamicType(v);
      if (t !== null) return t;
    }
    return null;
  }
  switch (typeof value) {
    case "string":
      return looksLikeDate(value) ? "date" : "text";
    case "number":
      return Number.isInteger(value) ? "long" : "float";
    case "boolean":
      return "boolean";
    case "object":
      return value === null ? null : "object";
    default:
      return null;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Walk a `_source` and report each leaf path (dotted keys expand like Elasticsearch does) with its value. */
function visitLeaves(obj: Record<string, unknown>, prefix: string, visit: (path: string, value: unknown) => void): void {
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (isRecord(value)) {
      visitLeaves(value, path, visit);
    } else if (Array.isArray(value) && value.some(isRecord)) {
      for (const v of value) if (isRecord(v)) visitLeaves(v, path, visit);
    } else {
      visit(path, value);
    }
  }
}

/** Extend a schema with the fields Elasticsearch would map dynamically from these documents. */
export function withDynamicFields(schema: Schema, sources: Iterable<Record<string, unknown>>): Schema {
  const added = new Map<string, ResolvedField>();
  const addObjectPrefixes = (path: string): void => {
    let dot = path.lastIndexOf(".");
    while (dot > 0) {
      const parent = path.slice(0, dot);
      if (schema.lookup(parent) === undefined && !added.has(parent)) {
        added.set(parent, { name: parent, path: parent, type: "object", missing: false });
      }
      dot = parent.lastIndexOf(".");
    }
  };
  for (const source of sources) {
    visitLeaves(source, "", (path, value) => {
      if (added.has(path) || schema.lookup(path) !== undefined) return;
      // A path under a mapped non-object field (e.g. `hostname.keyword`-like data) is not new.
      const type = dynamicType(value);
      if (type === null) return;
      addObjectPrefixes(path);
      if (type === "text") {
        const exact = `${path}.keyword`;
        added.set(path, { name: path, path, type: "text", exactSubfield: exact, ignoreAbove: 256, missing: false });
        added.set(exact, { name: exact, path, type: "keyword", ignoreAbove: 256, missing: false });
      } else {
        added.set(path, { name: path, path, type, missing: false });
      }
    });
  }
  if (added.size === 0) return schema;
  const extras = schemaExtras(schema);
  const wrapped: Schema & SchemaExtras = {
    strict: schema.strict,
    lookup: (name) => schema.lookup(name) ?? added.get(name),
    info: (name) => extras.info?.(name),
    names: [...(extras.names ?? []), ...added.keys()],
  };
  return wrapped;
}
