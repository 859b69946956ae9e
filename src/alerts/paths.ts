// # Reading and flattening source documents the way Kibana's alert code does
//
// Kibana reads event fields three ways when it builds an alert: lodash `get` (a top-level dotted key first,
// else a nested path), Elasticsearch's `fields` block (every leaf value under a dotted name, always an array),
// and `flattenWithPrefix` (nested objects to dotted keys). These helpers reproduce each one.

export type Doc = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Doc {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** lodash `get(doc, path)`: the key `path` itself if the object has it, else the nested path split on dots. */
export function lodashGet(doc: unknown, path: string): unknown {
  if (!isPlainObject(doc)) return undefined;
  if (path in doc) return doc[path];
  let current: unknown = doc;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Doc)[part];
  }
  return current;
}

/**
 * Elasticsearch's `fields` view of one field: every non-null leaf value under `path`, whether the source
 * spells it nested (`{"a":{"b":1}}`), dotted (`{"a.b":1}`) or mixed, with arrays (also of objects) flattened.
 */
export function fieldValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path, out);
  return out;
}

function collect(value: unknown, rest: string, out: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, rest, out);
    return;
  }
  if (rest === "") {
    if (value !== null && value !== undefined && !isPlainObject(value)) out.push(value);
    return;
  }
  if (!isPlainObject(value)) return;
  // Try every split of `rest` into an existing key and a remainder: `a.b.c` may be stored as a → b.c, a.b → c …
  let dot = -1;
  do {
    dot = rest.indexOf(".", dot + 1);
    const key = dot < 0 ? rest : rest.slice(0, dot);
    if (Object.prototype.hasOwnProperty.call(value, key)) collect(value[key], dot < 0 ? "" : rest.slice(dot + 1), out);
  } while (dot >= 0);
}

/** Like `fieldValues`, but returns undefined when the field is absent (ES omits such fields from `fields`). */
export function fieldsEntry(doc: unknown, path: string): unknown[] | undefined {
  const values = fieldValues(doc, path);
  return values.length > 0 ? values : undefined;
}

/** `flattenWithPrefix(prefix, value)`: nested plain objects become `prefix.a.b` keys; anything else stays a value. */
export function flattenWithPrefix(prefix: string, value: unknown, into: Doc = {}): Doc {
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) flattenWithPrefix(`${prefix}.${key}`, value[key], into);
  } else {
    into[prefix] = value;
  }
  return into;
}

/** A deep copy of JSON data (events are parsed JSON, so no cycles, dates or class instances). */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as T;
  if (isPlainObject(value)) {
    const out: Doc = {};
    for (const key of Object.keys(value)) out[key] = cloneJson(value[key]);
    return out as T;
  }
  return value;
}
