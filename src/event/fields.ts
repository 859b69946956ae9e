// # Field access on `_source`
//
// Elasticsearch treats `{"process": {"pid": 1}}`, `{"process.pid": 1}` and `{"process": {"parent.pid": 1}}`
// alike: the field is `process.pid` / `process.parent.pid`. Arrays of objects contribute each object's
// value, and arrays of values are multi-values. A getter is built once per path; the common case (plain
// nesting, no arrays) is a straight walk with no allocation.

export type FieldGetter = (source: Record<string, unknown>) => unknown;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Build a getter for a dotted path. It returns `undefined` when the path is absent, the value when exactly
 * one is found (which may itself be an array from the document), and an array when several are found.
 */
export function fieldGetter(path: string): FieldGetter {
  let getter = GETTERS.get(path);
  if (getter === undefined) {
    getter = lastSourceMemo(buildGetter(path));
    GETTERS.set(path, getter);
  }
  return getter;
}

/**
 * One getter per path, shared by every rule and stage that reads the field; each remembers the last document
 * it read, so the many rules offered one event read each field of it once. Documents are never mutated once
 * read (the engine's sources are parsed JSON nobody writes to).
 */
const GETTERS = new Map<string, FieldGetter>();

function lastSourceMemo(get: FieldGetter): FieldGetter {
  let lastSource: Record<string, unknown> | null = null;
  let lastValue: unknown = undefined;
  return (source) => {
    if (source === lastSource) return lastValue;
    const value = get(source);
    lastSource = source;
    lastValue = value;
    return value;
  };
}

function buildGetter(path: string): FieldGetter {
  const segments = path.split(".");
  const n = segments.length;
  if (n === 1) {
    const key = path;
    return (source) => (Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined);
  }
  // keys[i][j] = segments i..j-1 joined with "." (every way a document can spell part of the path)
  const keys: string[][] = [];
  for (let i = 0; i < n; i++) {
    const row: string[] = [];
    for (let j = 0; j <= n; j++) row.push(j > i ? segments.slice(i, j).join(".") : "");
    keys.push(row);
  }
  const collect = (node: Record<string, unknown>, i: number, out: unknown[]): void => {
    for (let j = i + 1; j <= n; j++) {
      const key = keys[i]![j]!;
      if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
      const v = node[key];
      if (j === n) {
        out.push(v);
      } else if (isObject(v)) {
        collect(v, j, out);
      } else if (Array.isArray(v)) {
        for (const el of v) if (isObject(el)) collect(el, j, out);
      }
    }
  };
  return (source) => {
    // Fast path: plain nesting, every intermediate a single object.
    let node: unknown = source;
    let i = 0;
    for (; i < n; i++) {
      if (!isObject(node)) break;
      const next: unknown = node[segments[i]!];
      if (next === undefined) break;
      if (i < n - 1 && !isObject(next)) break;
      node = next;
    }
    if (i === n) return node; // (a document spelling the same field twice, nested and dotted, reads the nested one)
    const out: unknown[] = [];
    collect(source, 0, out);
    if (out.length === 0) return undefined;
    if (out.length === 1) return out[0];
    return out;
  };
}

/**
 * Flatten a getter result into leaf values: nested arrays are flattened, `undefined` yields nothing.
 * `null` entries are kept (callers decide what a null means for their field).
 */
export function flattenValues(value: unknown, out: unknown[]): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    for (const v of value) flattenValues(v, out);
    return;
  }
  out.push(value);
}
