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
    getter = lastSourceMemo(fieldReader(path));
    GETTERS.set(path, getter);
  }
  return getter;
}

/**
 * `fieldGetter` without the last-document memo, for callers that keep each document's values themselves
 * (the compiled field views, the dispatch index): one call less per read. One reader per path.
 */
export function fieldReader(path: string): FieldGetter {
  let reader = READERS.get(path);
  if (reader === undefined) {
    reader = buildGetter(path);
    READERS.set(path, reader);
  }
  return reader;
}

const READERS = new Map<string, FieldGetter>();

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
  // chains[i]: dotted keys on the chain the fast path walked when it stopped at segment i
  const chains: ChainDots[] = [];
  for (let i = 0; i < n; i++) chains.push(chainDots(segments, i));
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
    if (!Array.isArray(next) && isObject(source) && !chains[i]!.dotted(source)) return undefined;
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
 * For one path prefix (the segments before some depth), whether an object on the plain-nesting chain from a
 * document's root to that prefix has an own key containing "." (`{"process.pid": 1}`). Documents rarely do,
 * and knowing it lets an absent field be answered without trying every dotted spelling of its path. One
 * instance per prefix, shared by every getter below it; the answer is kept for the last document asked
 * about (documents are not mutated once read). Only asked when the whole chain is plain objects. Keys are
 * enumerated with for…in: parsed JSON has only own enumerable keys.
 */
class ChainDots {
  private root: Record<string, unknown> | null = null;
  private answer = false;

  constructor(
    private readonly parent: ChainDots | null,
    private readonly segments: readonly string[],
  ) {}

  dotted(root: Record<string, unknown>): boolean {
    if (root === this.root) return this.answer;
    let node = root;
    for (let k = 0; k < this.segments.length; k++) node = node[this.segments[k]!] as Record<string, unknown>;
    const answer = (this.parent !== null && this.parent.dotted(root)) || scanDotted(node);
    this.root = root;
    this.answer = answer;
    return answer;
  }
}

const CHAINS = new Map<string, ChainDots>();

/** The ChainDots of the first `depth` segments of `segments` (depth 0: the root alone). */
function chainDots(segments: readonly string[], depth: number): ChainDots {
  const prefix = segments.slice(0, depth);
  const key = prefix.join(".");
  let chain = CHAINS.get(key);
  if (chain === undefined) {
    chain = new ChainDots(depth === 0 ? null : chainDots(segments, depth - 1), prefix);
    CHAINS.set(key, chain);
  }
  return chain;
}

function scanDotted(node: Record<string, unknown>): boolean {
  for (const key in node) if (key.includes(".")) return true;
  return false;
}

/** Whether every element is a string (the usual shape of a multi-valued keyword field, used as it is). */
export function allStrings(values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== "string") return false;
  return true;
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
