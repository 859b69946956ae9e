// # The event part of an alert document
//
// Before an event becomes an alert, Kibana cleans its `_source` (traverse_and_mutate_doc.ts): top-level
// `kibana`, `signal` and `threshold_result` go (also as dotted keys), empty arrays and emptied objects go, and
// every `event.*` / `data_stream.*` value is copied, flattened, to `kibana.alert.original_event.*` /
// `kibana.alert.original_data_stream.*`. Then any `event.kind` is removed, because the alert says
// `"event.kind": "signal"`. ECS nesting is kept as the event had it.
//
// A stored `_source` never holds Elasticsearch's metadata fields (`_index`, `_id` … are refused inside a
// document), but a plain input line may carry them as routing hints (`{"_index": "logs-x", …}`): they are not
// event data and are left out of the alert, which could not be indexed with them.
//
// Not reproduced: Kibana also drops values that conflict with the ECS mapping type (a string in a `long`
// field, an object where ECS has a keyword). That needs the ECS field map; Sequent keeps such values.

import { cloneJson, flattenWithPrefix, isPlainObject, type Doc } from "./paths.js";

const BANNED_TOP_LEVEL = new Set(["kibana", "signal", "threshold_result"]);
/** Elasticsearch's metadata fields, which a document's `_source` cannot contain. */
const METADATA_FIELDS = new Set(["_id", "_index", "_source", "_routing", "_ignored", "_field_names", "_doc_count", "_tier", "_version", "_seq_no", "_primary_term", "_data_stream_timestamp"]);
const COPY_ROOTS: Readonly<Record<string, string>> = {
  event: "kibana.alert.original_event",
  data_stream: "kibana.alert.original_data_stream",
};

/** A cleaned deep copy of an event `_source`, ready to be merged with the `kibana.alert.*` fields. */
export function alertSourceFromEvent(source: Doc): Doc {
  const doc = cloneJson(source);
  const copies: Doc = {};
  for (const key of Object.keys(doc)) {
    const root = key.split(".")[0]!;
    if (BANNED_TOP_LEVEL.has(root) || METADATA_FIELDS.has(key)) {
      delete doc[key];
      continue;
    }
    if (!keepValue(doc, key)) continue;
    const copyRoot = COPY_ROOTS[root];
    if (copyRoot !== undefined) flattenWithPrefix(copyRoot + key.slice(root.length), doc[key], copies);
  }
  Object.assign(doc, copies);
  removeEventKind(doc);
  return doc;
}

/** Prunes `container[key]` in place (empty arrays, emptied objects); false when the key was removed. */
function keepValue(container: Doc, key: string): boolean {
  const value = container[key];
  if (Array.isArray(value)) {
    const pruned = pruneArray(value);
    if (pruned.length === 0) {
      delete container[key];
      return false;
    }
    container[key] = pruned;
    return true;
  }
  if (isPlainObject(value)) {
    for (const inner of Object.keys(value)) keepValue(value, inner);
    if (Object.keys(value).length === 0) {
      delete container[key];
      return false;
    }
  }
  return true;
}

function pruneArray(array: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of array) {
    if (Array.isArray(item)) {
      const inner = pruneArray(item);
      if (inner.length > 0) out.push(inner);
    } else if (isPlainObject(item)) {
      for (const inner of Object.keys(item)) keepValue(item, inner);
      if (Object.keys(item).length > 0) out.push(item);
    } else {
      out.push(item);
    }
  }
  return out;
}

function removeEventKind(doc: Doc): void {
  delete doc["event.kind"];
  const event = doc["event"];
  if (isPlainObject(event)) delete event["kind"];
}
