// # Exception lists: model and parsing (pure)
//
// Kibana exception-list exports (`POST /api/exception_lists/_export`, or the exception lines of a rules
// export) are NDJSON: list containers (`list_id`, `namespace_type`, `type`, `os_types`, no `entries`), items
// (`item_id`, `list_id`, `namespace_type`, `os_types`, `expire_time`, `entries`) and an export summary.
// This module turns them into typed containers and items; src/rules/exceptions.ts makes predicates of them.

import type { Diagnostic } from "../diag/diagnostic.js";
import { fileDiagnostic, offsetOf } from "./errors.js";
import { isJsonObject } from "./from-api.js";
import type { JsonObject, JsonValue } from "./model.js";
import { classifyExportObject, type ExportLine } from "./parse-json.js";

export type EntryOperator = "included" | "excluded";

/** Entries allowed inside a `nested` entry (Kibana allows match, match_any and exists there). */
export type NestedChildEntry =
  | { readonly type: "match"; readonly field: string; readonly operator: EntryOperator; readonly value: string }
  | { readonly type: "match_any"; readonly field: string; readonly operator: EntryOperator; readonly value: readonly string[] }
  | { readonly type: "exists"; readonly field: string; readonly operator: EntryOperator };

export type ExceptionEntry =
  | NestedChildEntry
  | { readonly type: "wildcard"; readonly field: string; readonly operator: EntryOperator; readonly value: string }
  | {
      readonly type: "list";
      readonly field: string;
      readonly operator: EntryOperator;
      /** Value list id and its type (keyword, ip, ip_range, text, long …). */
      readonly list: { readonly id: string; readonly type: string };
    }
  | { readonly type: "nested"; readonly field: string; readonly entries: readonly NestedChildEntry[] };

export type NamespaceType = "single" | "agnostic";

export interface ExceptionListContainer {
  readonly id: string;
  readonly listId: string;
  readonly name: string;
  readonly namespaceType: NamespaceType;
  /** "detection", "rule_default", "endpoint", "endpoint_events", … */
  readonly type: string;
  readonly osTypes: readonly string[];
}

export interface ExceptionItem {
  readonly id: string;
  readonly itemId: string;
  readonly listId: string;
  readonly name: string;
  readonly namespaceType: NamespaceType;
  /** "windows" | "linux" | "macos": the item then only applies to events of those operating systems. */
  readonly osTypes: readonly string[];
  /** ISO time after which the item no longer applies. */
  readonly expireTime?: string;
  /** AND of these. */
  readonly entries: readonly ExceptionEntry[];
  readonly origin: { readonly file: string; readonly line: number };
}

export interface ExceptionSet {
  readonly lists: readonly ExceptionListContainer[];
  readonly items: readonly ExceptionItem[];
}

export interface ParsedExceptions extends ExceptionSet {
  readonly errors: Diagnostic[];
}

class EntryError extends Error {}

function str(o: JsonObject, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== "string") throw new EntryError(`${where}: "${key}" must be a string`);
  return v;
}

function operatorOf(o: JsonObject, where: string): EntryOperator {
  const v = o["operator"] ?? "included";
  if (v !== "included" && v !== "excluded") throw new EntryError(`${where}: "operator" must be "included" or "excluded"`);
  return v;
}

function stringList(v: JsonValue | undefined, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw new EntryError(`${what} must be a list of strings`);
  return v as string[];
}

function parseChild(o: JsonObject, where: string): NestedChildEntry {
  const type = o["type"];
  const field = str(o, "field", where);
  const operator = operatorOf(o, where);
  switch (type) {
    case "match":
      return { type, field, operator, value: scalarText(o["value"], `${where}: "value"`) };
    case "match_any": {
      const value = o["value"];
      if (!Array.isArray(value) || value.length === 0) throw new EntryError(`${where}: "value" must be a non-empty list`);
      return { type, field, operator, value: value.map((x) => scalarText(x, `${where}: "value"`)) };
    }
    case "exists":
      return { type, field, operator };
    default:
      throw new EntryError(`${where}: entry type ${JSON.stringify(type)} is not allowed here (match, match_any or exists)`);
  }
}

function scalarText(v: JsonValue | undefined, what: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new EntryError(`${what} must be a string`);
}

export function parseEntry(o: JsonValue, where: string): ExceptionEntry {
  if (!isJsonObject(o)) throw new EntryError(`${where} must be an object`);
  const type = o["type"];
  if (type === "match" || type === "match_any" || type === "exists") return parseChild(o, where);
  const field = str(o, "field", where);
  if (type === "wildcard") return { type, field, operator: operatorOf(o, where), value: scalarText(o["value"], `${where}: "value"`) };
  if (type === "list") {
    const list = o["list"];
    if (!isJsonObject(list)) throw new EntryError(`${where}: "list" must be an object with id and type`);
    return { type, field, operator: operatorOf(o, where), list: { id: str(list, "id", `${where}.list`), type: str(list, "type", `${where}.list`) } };
  }
  if (type === "nested") {
    const entries = o["entries"];
    if (!Array.isArray(entries) || entries.length === 0) throw new EntryError(`${where}: nested "entries" must be a non-empty list`);
    return { type, field, entries: entries.map((e, i) => (isJsonObject(e) ? parseChild(e, `${where}.entries[${i}]`) : parseChild({}, `${where}.entries[${i}]`))) };
  }
  throw new EntryError(`${where}: unknown entry type ${JSON.stringify(type)}`);
}

function namespaceOf(o: JsonObject): NamespaceType {
  return o["namespace_type"] === "agnostic" ? "agnostic" : "single";
}

export function parseExceptionItem(o: JsonObject, origin: { file: string; line: number }): ExceptionItem {
  const entriesRaw = o["entries"];
  if (!Array.isArray(entriesRaw) || entriesRaw.length === 0) throw new EntryError(`"entries" must be a non-empty list`);
  const entries = entriesRaw.map((e, i) => parseEntry(e, `entries[${i}]`));
  const expire = o["expire_time"];
  if (expire !== undefined && expire !== null && (typeof expire !== "string" || Number.isNaN(Date.parse(expire)))) {
    throw new EntryError(`"expire_time" must be an ISO date`);
  }
  return {
    id: typeof o["id"] === "string" ? o["id"] : "",
    itemId: typeof o["item_id"] === "string" ? o["item_id"] : "",
    listId: str(o, "list_id", "item"),
    name: typeof o["name"] === "string" ? o["name"] : "",
    namespaceType: namespaceOf(o),
    osTypes: stringList(o["os_types"], '"os_types"'),
    ...(typeof expire === "string" ? { expireTime: expire } : {}),
    entries,
    origin,
  };
}

export function parseExceptionList(o: JsonObject): ExceptionListContainer {
  return {
    id: typeof o["id"] === "string" ? o["id"] : "",
    listId: str(o, "list_id", "list"),
    name: typeof o["name"] === "string" ? o["name"] : "",
    namespaceType: namespaceOf(o),
    type: typeof o["type"] === "string" ? o["type"] : "detection",
    osTypes: stringList(o["os_types"], '"os_types"'),
  };
}

/** Turn classified export lines into lists and items; bad objects become diagnostics. */
export function exceptionsFromLines(lines: readonly ExportLine[], file: string, text?: string): ParsedExceptions {
  const lists: ExceptionListContainer[] = [];
  const items: ExceptionItem[] = [];
  const errors: Diagnostic[] = [];
  for (const { line, value } of lines) {
    try {
      if (classifyExportObject(value) === "exception-item") items.push(parseExceptionItem(value, { file, line }));
      else lists.push(parseExceptionList(value));
    } catch (e) {
      if (!(e instanceof EntryError)) throw e;
      const offset = text !== undefined ? offsetOf(text, line, 1) : undefined;
      errors.push(fileDiagnostic("RULE3010", `invalid exception ${e.message}`, file, text, offset));
    }
  }
  return { lists, items, errors };
}

/** Parse an exception-list NDJSON export (summary and other lines are ignored). Never throws. */
export function parseExceptionExport(text: string, file: string): ParsedExceptions {
  const lines: ExportLine[] = [];
  const errors: Diagnostic[] = [];
  let lineNo = 0;
  let start = 0;
  for (const raw of text.split("\n")) {
    lineNo++;
    const lineText = raw.replace(/\r$/, "");
    if (lineText.trim() !== "") {
      try {
        const v = JSON.parse(lineText) as JsonValue;
        if (isJsonObject(v)) {
          const kind = classifyExportObject(v);
          if (kind === "exception-item" || kind === "exception-list") lines.push({ line: lineNo, value: v });
        } else errors.push(fileDiagnostic("RULE3010", "exception export line is not a JSON object", file, text, start));
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        errors.push(fileDiagnostic("RULE3002", `invalid JSON: ${msg}`, file, text, start));
      }
    }
    start += raw.length + 1;
  }
  const parsed = exceptionsFromLines(lines, file, text);
  return { lists: parsed.lists, items: parsed.items, errors: [...errors, ...parsed.errors] };
}

/** Merge several parsed sets. */
export function mergeExceptionSets(sets: readonly ExceptionSet[]): ExceptionSet {
  return { lists: sets.flatMap((s) => s.lists), items: sets.flatMap((s) => s.items) };
}
