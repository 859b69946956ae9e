// # Schema from Elasticsearch mappings
//
// Reads one or more index mappings (`{"properties": …}` or `{"mappings": {"properties": …}}`) and merges
// them, as a multi-index EQL search sees them: object/nested properties become dotted names, `alias`
// fields resolve to their target path, multi-field `fields` become sub-fields that read the parent's
// `_source` value (a text field's keyword sub-field is its exact form), `null_value` and date `format`
// are kept. A field mapped with incompatible types in different indices is reported when used.

import type { FieldType, ResolvedField, Schema } from "../eql/types.js";
import { asFieldType, isTextFamily, type SchemaFieldInfo } from "./field-types.js";

/** A mapping entry as collected, before aliases are resolved. */
interface RawField {
  readonly name: string;
  /** `_source` path: the field itself, or the parent of a multi-field. */
  readonly path: string;
  readonly type: string;
  readonly aliasPath?: string;
  readonly exactSubfield?: string;
  readonly nullValue?: string | number | boolean;
  readonly dateFormats?: readonly string[];
  readonly ignoreAbove?: number;
  /** Inside a `nested` object (EQL cannot use such fields). */
  readonly underNested: boolean;
}

/** Extra facts a mapping schema knows about a field, beyond ResolvedField. */
export type MappingFieldInfo = SchemaFieldInfo;

export interface MappingSchema extends Schema {
  /** Every field name the mappings define (including sub-fields and aliases). */
  readonly names: readonly string[];
  info(name: string): MappingFieldInfo | undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function propertiesOf(mapping: unknown): Record<string, unknown> {
  if (!isRecord(mapping)) return {};
  if (isRecord(mapping["mappings"])) return propertiesOf(mapping["mappings"]);
  if (isRecord(mapping["properties"])) return mapping["properties"];
  return {};
}

function scalarNullValue(v: unknown): string | number | boolean | undefined {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : undefined;
}

function ignoreAboveOf(v: unknown): number | undefined {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : undefined;
}

function formatsOf(v: unknown): readonly string[] | undefined {
  if (typeof v !== "string" || v.length === 0) return undefined;
  return v.split("||").map((s) => s.trim()).filter((s) => s.length > 0);
}

function collect(props: Record<string, unknown>, prefix: string, underNested: boolean, out: RawField[]): void {
  for (const [key, def] of Object.entries(props)) {
    if (!isRecord(def)) continue;
    const name = prefix === "" ? key : `${prefix}.${key}`;
    const declared = typeof def["type"] === "string" ? def["type"] : isRecord(def["properties"]) ? "object" : "object";
    const nested = declared === "nested";
    if (isRecord(def["properties"])) {
      out.push({ name, path: name, type: declared, underNested });
      collect(def["properties"], name, underNested || nested, out);
      continue;
    }
    let exactSubfield: string | undefined;
    let exactIgnoreAbove: number | undefined;
    const subfields: RawField[] = [];
    if (isRecord(def["fields"])) {
      for (const [sub, subDef] of Object.entries(def["fields"])) {
        if (!isRecord(subDef) || typeof subDef["type"] !== "string") continue;
        const subName = `${name}.${sub}`;
        const subType = subDef["type"];
        // Elasticsearch picks the first keyword sub-field (without a normalizer) as the exact form.
        if (exactSubfield === undefined && subType === "keyword" && subDef["normalizer"] === undefined) {
          exactSubfield = subName;
          exactIgnoreAbove = ignoreAboveOf(subDef["ignore_above"]);
        }
        subfields.push({
          name: subName,
          path: name,
          type: subType,
          ignoreAbove: ignoreAboveOf(subDef["ignore_above"]),
          nullValue: scalarNullValue(subDef["null_value"]),
          dateFormats: formatsOf(subDef["format"]),
          underNested,
        });
      }
    }
    const field: RawField = {
      name,
      path: name,
      type: declared,
      aliasPath: declared === "alias" && typeof def["path"] === "string" ? def["path"] : undefined,
      exactSubfield: isTextFamily(asFieldType(declared) ?? "keyword") ? exactSubfield : undefined,
      ignoreAbove: isTextFamily(asFieldType(declared) ?? "keyword") ? exactIgnoreAbove : ignoreAboveOf(def["ignore_above"]),
      nullValue: scalarNullValue(def["null_value"]),
      dateFormats: formatsOf(def["format"]),
      underNested,
    };
    out.push(field, ...subfields);
  }
}

interface Entry {
  field: ResolvedField;
  info: MappingFieldInfo;
}

function toEntry(raw: RawField, byName: ReadonlyMap<string, RawField>): Entry {
  let target = raw;
  if (raw.type === "alias" && raw.aliasPath !== undefined) {
    const resolved = byName.get(raw.aliasPath);
    if (resolved !== undefined) target = resolved;
  }
  const type = asFieldType(target.type);
  const field: ResolvedField = {
    name: raw.name,
    path: target.path,
    type: type ?? "object",
    exactSubfield: target.exactSubfield,
    ignoreAbove: target.ignoreAbove,
    nullValue: target.nullValue,
    dateFormats: target.dateFormats,
    missing: false,
  };
  const info: MappingFieldInfo = {
    underNested: target.underNested || undefined,
    unsupportedType: type === null ? target.type : undefined,
  };
  return { field, info };
}

function sameType(a: FieldType, b: FieldType): boolean {
  const keywordish = (t: FieldType): boolean => t === "keyword" || t === "constant_keyword" || t === "wildcard";
  return a === b || (keywordish(a) && keywordish(b));
}

/** Build one Schema from several mappings (one per index, in order). Unknown fields are errors (strict). */
export function mappingSchema(mappings: readonly unknown[]): MappingSchema {
  const merged = new Map<string, Entry>();
  mappings.forEach((mapping, position) => {
    const raws: RawField[] = [];
    collect(propertiesOf(mapping), "", false, raws);
    const byName = new Map(raws.map((r) => [r.name, r] as const));
    for (const raw of raws) {
      const entry = toEntry(raw, byName);
      const prior = merged.get(raw.name);
      if (prior === undefined) {
        merged.set(raw.name, entry);
        continue;
      }
      if (!sameType(prior.field.type, entry.field.type)) {
        const conflict = [...(prior.info.conflict ?? [`mapping #1 (${prior.field.type})`]), `mapping #${position + 1} (${entry.field.type})`];
        merged.set(raw.name, { field: prior.field, info: { ...prior.info, conflict } });
        continue;
      }
      // Same type in several indices: keep the first, but accept every index's date formats.
      const formats = [...(prior.field.dateFormats ?? []), ...(entry.field.dateFormats ?? [])];
      merged.set(raw.name, {
        field: {
          ...prior.field,
          exactSubfield: prior.field.exactSubfield ?? entry.field.exactSubfield,
          nullValue: prior.field.nullValue ?? entry.field.nullValue,
          dateFormats: formats.length > 0 ? [...new Set(formats)] : undefined,
        },
        info: prior.info,
      });
    }
  });
  const names = [...merged.keys()];
  return {
    strict: true,
    names,
    lookup: (name) => merged.get(name)?.field,
    info: (name) => merged.get(name)?.info,
  };
}
