// # Schema from ECS / Elastic Defend field lists
//
// Loads the field→type files detection-rules uses (no schema data is shipped with Sequent):
//  - ECS flat types: `{ "process.pid": { "type": "long" }, … }`
//  - integration schemas: `{ dataset: { "process.pid": "long", … }, … }`
//  - non-ECS schemas: `{ indexPattern: { nested objects or dotted names → type } }`
// Several files merge (first wins). Such lists describe fields, not an index, so the schema is not strict
// by default: fields it does not list are typed from their JSON values.

import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { ResolvedField, Schema } from "../eql/types.js";
import { asFieldType } from "./field-types.js";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Collect `name → type` from any of the supported layouts. */
export function collectFieldTypes(doc: unknown, prefix = "", out = new Map<string, string>()): Map<string, string> {
  if (!isRecord(doc)) return out;
  for (const [key, value] of Object.entries(doc)) {
    const name = prefix === "" ? key : `${prefix}.${key}`;
    if (typeof value === "string") {
      if (!out.has(name)) out.set(name, value);
    } else if (isRecord(value) && typeof value["type"] === "string" && !isRecord(value["type"])) {
      if (!out.has(name)) out.set(name, value["type"]);
    } else if (isRecord(value)) {
      collectFieldTypes(value, name, out);
    }
  }
  return out;
}

/** Top-level keys that are dataset / index-pattern names rather than field names. */
function stripGrouping(doc: unknown): unknown[] {
  if (!isRecord(doc)) return [];
  const values = Object.values(doc);
  const grouped = values.length > 0 && values.every((v) => isRecord(v) && typeof v["type"] !== "string");
  const looksFlat = Object.keys(doc).some((k) => k.includes(".") || k === "@timestamp");
  return grouped && !looksFlat ? values : [doc];
}

export function readSchemaFile(path: string): unknown {
  const raw = readFileSync(path);
  const text = path.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
  return JSON.parse(text) as unknown;
}

export interface EcsSchemaOptions {
  /** Unknown fields are errors (default false: they are typed from the data). */
  readonly strict?: boolean;
}

/** Build a schema from already-parsed field-list documents. */
export function fieldListSchema(docs: readonly unknown[], options: EcsSchemaOptions = {}): Schema {
  const types = new Map<string, string>();
  for (const doc of docs) for (const part of stripGrouping(doc)) collectFieldTypes(part, "", types);
  const fields = new Map<string, ResolvedField>();
  for (const [name, type] of types) {
    const ft = asFieldType(type);
    if (ft === null) continue; // alias and other types without a target here: typed from data
    const exact = ft === "text" || ft === "match_only_text" ? (types.has(`${name}.keyword`) ? `${name}.keyword` : undefined) : undefined;
    fields.set(name, { name, path: name, type: ft, exactSubfield: exact, missing: false });
  }
  const strict = options.strict ?? false;
  const unknown = new Map<string, ResolvedField>();
  return {
    strict,
    lookup(name) {
      const f = fields.get(name);
      if (f !== undefined || strict) return f;
      let u = unknown.get(name);
      if (u === undefined) {
        u = { name, path: name, type: "unknown", missing: false };
        unknown.set(name, u);
      }
      return u;
    },
  };
}

/** Load ECS / integration / non-ECS field lists from files (`.json` or `.json.gz`). */
export function ecsSchema(paths: readonly string[], options: EcsSchemaOptions = {}): Schema {
  return fieldListSchema(paths.map(readSchemaFile), options);
}
