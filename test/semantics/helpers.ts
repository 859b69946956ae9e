// Shared helpers for the semantics tests: run an event query over inline documents.

import { parseQuery } from "../../src/eql/parser.js";
import { analyzeQuery, type Analysis } from "../../src/eql/analyze.js";
import { compileQuery } from "../../src/compile/query.js";
import { mappingSchema } from "../../src/schema/mapping.js";
import { dynamicSchema, withDynamicFields } from "../../src/schema/dynamic.js";
import { createRecordFactory } from "../../src/event/record.js";
import type { Schema } from "../../src/eql/types.js";
import type { CompiledQuery } from "../../src/exec/compiled.js";
import type { EventRecord } from "../../src/exec/event.js";
import { QueryError } from "../../src/diag/diagnostic.js";

export type Doc = Record<string, unknown>;

export function schemaFor(mapping: unknown | null, docs: readonly Doc[] = []): Schema {
  if (mapping === null) return dynamicSchema();
  return withDynamicFields(mappingSchema([mapping]), docs);
}

export function analyze(text: string, schema: Schema): Analysis {
  return analyzeQuery(parseQuery(text), schema, { source: text });
}

export function compile(text: string, schema: Schema): CompiledQuery {
  return compileQuery(analyze(text, schema));
}

export function records(docs: readonly Doc[], schema: Schema): EventRecord[] {
  const make = createRecordFactory({ schema });
  return docs.map((d, i) => make(d, "test", String(i), i));
}

/** Ids (`id` field, else position) of the documents an event query selects. */
export function select(text: string, docs: readonly Doc[], mapping: unknown | null = null): unknown[] {
  const schema = schemaFor(mapping, docs);
  const q = compile(text, schema);
  if (q.kind !== "event") throw new Error("event query expected");
  return records(docs, schema)
    .filter((r) => q.filter.test(r))
    .map((r) => r.source["id"] ?? Number(r.id));
}

/** Codes of the diagnostics analysis reports for a query (empty when it is accepted). */
export function errorCodes(text: string, schema: Schema): string[] {
  try {
    analyze(text, schema);
    return [];
  } catch (err) {
    if (err instanceof QueryError) return err.diagnostics.map((d) => d.code);
    throw err;
  }
}

/** A mapping with `event.category` as an alias of `event_type`, plus the given properties. */
export function mappingWith(properties: Record<string, unknown>): unknown {
  return {
    properties: {
      event_type: { type: "keyword" },
      event: { properties: { category: { type: "alias", path: "event_type" } } },
      id: { type: "long" },
      ...properties,
    },
  };
}
