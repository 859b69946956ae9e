// # Join keys
//
// Key values of an event for a sequence or sample stage, rendered as Elasticsearch renders `join_keys`:
// strings, numbers and booleans as they are, ip canonical text, version text, dates as ISO-8601 strings
// for sequences but epoch milliseconds for samples. Multi-valued keys expand into one JoinKey per value
// combination (duplicates collapse). A non-optional key without a value means the event cannot join (no
// keys); an optional `?key` without a value joins on null.

import type { JoinKey, KeyExtractor, KeyValue } from "../exec/compiled.js";
import type { ResolvedField } from "../eql/types.js";
import { renderIsoDate } from "../event/timestamp.js";
import { docValuesReader, type DocValue } from "./doc-values.js";

export type DateRendering = "iso" | "millis";

export interface KeySpec {
  readonly field: ResolvedField;
  readonly optional: boolean;
}

/** The shortest decimal that reads back as the same 32-bit float (Java's Float.toString digits). */
function shortestFloat(v: number): number {
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(v.toPrecision(p));
    if (Math.fround(candidate) === v) return candidate;
  }
  return v;
}

function renderer(field: ResolvedField, dates: DateRendering): (v: DocValue) => KeyValue {
  const nanos = field.type === "date_nanos";
  if (field.type === "float" || field.type === "half_float") {
    return (v) => (typeof v === "number" && Number.isFinite(v) ? shortestFloat(v) : typeof v === "object" ? v.ms : v);
  }
  return (v) => {
    if (typeof v !== "object") return v;
    return dates === "millis" ? v.ms : renderIsoDate(v, nanos);
  };
}

function hashOf(values: readonly KeyValue[]): string {
  return JSON.stringify(values);
}

const NO_KEYS: readonly JoinKey[] = [];
const EMPTY_KEY: readonly JoinKey[] = [{ values: [], hash: "[]" }];

export function keyExtractor(specs: readonly KeySpec[], dates: DateRendering): KeyExtractor {
  if (specs.length === 0) return () => EMPTY_KEY;
  const readers = specs.map((s) => docValuesReader(s.field));
  const render = specs.map((s) => renderer(s.field, dates));
  const optional = specs.map((s) => s.optional);
  const n = specs.length;
  const raws: (readonly DocValue[])[] = new Array<readonly DocValue[]>(n).fill([]);
  return (event) => {
    let single = true;
    for (let k = 0; k < n; k++) {
      const raw = readers[k]!(event.source);
      if (raw.length === 0 && !optional[k]) return NO_KEYS;
      if (raw.length > 1) single = false;
      raws[k] = raw;
    }
    if (single) {
      // Fast path: every key has at most one value.
      const values: KeyValue[] = new Array<KeyValue>(n);
      for (let k = 0; k < n; k++) {
        const raw = raws[k]!;
        values[k] = raw.length === 0 ? null : render[k]!(raw[0]!);
      }
      return [{ values, hash: hashOf(values) }];
    }
    let combos: KeyValue[][] = [[]];
    for (let k = 0; k < n; k++) {
      const vals = distinctRendered(raws[k]!, render[k]!);
      const next: KeyValue[][] = [];
      for (const c of combos) for (const v of vals) next.push([...c, v]);
      combos = next;
    }
    return combos.map((values) => ({ values, hash: hashOf(values) }));
  };
}

/** Rendered values without duplicates, in document order; a missing (optional) key is one null. */
function distinctRendered(raw: readonly DocValue[], render: (v: DocValue) => KeyValue): KeyValue[] {
  if (raw.length === 0) return [null];
  const seen = new Set<string>();
  const vals: KeyValue[] = [];
  for (const d of raw) {
    const v = render(d);
    const h = typeof v + ":" + String(v);
    if (seen.has(h)) continue;
    seen.add(h);
    vals.push(v);
  }
  return vals;
}
