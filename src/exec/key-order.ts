// # Ordering of join keys (samples come back sorted by key, like a composite aggregation)
//
// Per position: null first; numbers numerically; booleans false before true; strings by UTF-8 byte
// order; values of different kinds by kind (null < boolean < number < string).

import type { KeyValue } from "./compiled.js";

function rank(v: KeyValue): number {
  if (v === null) return 0;
  switch (typeof v) {
    case "boolean":
      return 1;
    case "number":
      return 2;
    case "string":
      return 3;
    default: {
      const never: never = v;
      throw new Error(`unexpected key value ${String(never)}`);
    }
  }
}

/** Compare strings by their UTF-8 bytes (differs from UTF-16 order only around surrogate pairs). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // surrogates encode code points above U+FFFF, whose UTF-8 bytes sort after every BMP character
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export function compareKeyValue(a: KeyValue, b: KeyValue): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (a === b || a === null || b === null) return 0;
  if (typeof a === "string" && typeof b === "string") return compareUtf8(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareKeys(a: readonly KeyValue[], b: readonly KeyValue[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareKeyValue(a[i] as KeyValue, b[i] as KeyValue);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
