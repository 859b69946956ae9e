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
  // The slow path's findings, in document order: the first value, then all of them once there is a second.
  // Most slow-path reads are of absent fields (the fast path stops at the first missing segment), so nothing
  // is allocated until a second value turns up. A getter is never re-entered while it runs.
  let found = 0;
  let first: unknown = undefined;
  let many: unknown[] | null = null;
  const emit = (v: unknown): void => {
    if (found === 0) first = v;
    else if (found === 1) many = [first, v];
    else many!.push(v);
    found++;
  };
  const collect = (node: Record<string, unknown>, i: number): void => {
    for (let j = i + 1; j <= n; j++) {
      const key = keys[i]![j]!;
      if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
      const v = node[key];
      if (j === n) {
        emit(v);
      } else if (isObject(v)) {
        collect(v, j);
      } else if (Array.isArray(v)) {
        for (let k = 0; k < v.length; k++) {
          const el: unknown = v[k];
          if (isObject(el)) collect(el, j);
        }
      }
    }
  };
  return (source) => {
    // Fast path: plain nesting, every intermediate a single object.
    let node: unknown = source;
    let i = 0;
    let next: unknown = undefined;
    for (; i < n; i++) {
      if (!isObject(node)) break;
      next = node[segments[i]!];
      if (next === undefined) break;
      if (i < n - 1 && !isObject(next)) break;
      node = next;
    }
    if (i === n) return node; // (a document spelling the same field twice, nested and dotted, reads the nested one)
    // Stopped at segment i on a plain object chain (no array in the way): the slow path could only find
    // something through a dotted key of an object on that chain; without one the field is absent.
    if (!Array.isArray(next) && isObject(source) && !dottedOnChain(source, segments, i)) return undefined;
    found = 0;
    first = undefined;
    many = null;
    collect(source, 0);
    const result = found === 0 ? undefined : found === 1 ? first : many;
    first = undefined;
    many = null;
    return result;
  };
}

/**
 * Whether one of the objects reached from `source` by plain nesting through `segments[0..last)` (and
 * `source` itself) has an own key containing ".". Those are the objects the fast path walked.
 */
function dottedOnChain(source: Record<string, unknown>, segments: readonly string[], last: number): boolean {
  let node: Record<string, unknown> = source;
  for (let k = 0; ; k++) {
    if (hasDottedKey(source, node)) return true;
    if (k === last) return false;
    node = node[segments[k]!] as Record<string, unknown>;
  }
}

/**
 * Per document, whether an object has a dotted key (`{"process.pid": 1}`): documents rarely do, and knowing
 * it lets an absent field be answered without trying every dotted spelling of its path. The answers are
 * kept for the current document only (the root's answer in two variables, the nested objects' in a map
 * emptied when the document changes). Keys are enumerated with for…in: parsed JSON has only own enumerable
 * keys.
 */
let dottedRoot: Record<string, unknown> | null = null;
let dottedRootAnswer = false;
const dottedNested = new Map<Record<string, unknown>, boolean>();

function hasDottedKey(root: Record<string, unknown>, node: Record<string, unknown>): boolean {
  if (root !== dottedRoot) {
    dottedRoot = root;
    dottedRootAnswer = scanDotted(root);
    dottedNested.clear();
  }
  if (node === root) return dottedRootAnswer;
  let answer = dottedNested.get(node);
  if (answer === undefined) {
    answer = scanDotted(node);
    dottedNested.set(node, answer);
  }
  return answer;
}

function scanDotted(node: Record<string, unknown>): boolean {
  for (const key in node) if (key.includes(".")) return true;
  return false;
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
