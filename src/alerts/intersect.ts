// # The common part of a sequence's building blocks
//
// A sequence shell alert carries only what all its building blocks agree on (Kibana's
// objectArrayIntersection in build_alert_group_from_sequence.ts): keys present in every document with equal
// values; objects intersected recursively; arrays (or an array and a scalar) reduced to their common
// elements, which may leave `[]`; a key whose values disagree is left out. Keys are compared as written, so a
// field spelled dotted in one event and nested in another is not common.

import { isPlainObject, type Doc } from "./paths.js";

export function intersectDocs(docs: readonly Doc[]): Doc | undefined {
  if (docs.length === 0) return undefined;
  let acc: Doc | undefined = docs[0];
  for (let i = 1; i < docs.length; i++) acc = intersectPair(acc, docs[i]);
  return acc;
}

function intersectPair(a: Doc | undefined, b: Doc | undefined): Doc | undefined {
  if (a === undefined || b === undefined) return undefined;
  const out: Doc = {};
  let defined = 0;
  for (const key of Object.keys(a)) {
    if (!(key in b)) continue;
    const aVal = a[key];
    const bVal = b[key];
    let value: unknown;
    if (isObjectNotArray(aVal) && isObjectNotArray(bVal)) value = intersectPair(aVal, bVal);
    else if (aVal === bVal) value = aVal;
    else if (Array.isArray(aVal) && Array.isArray(bVal)) value = arrayIntersection(aVal, bVal);
    else if (Array.isArray(aVal)) value = arrayIntersection(aVal, [bVal]);
    else if (Array.isArray(bVal)) value = arrayIntersection([aVal], bVal);
    else continue;
    if (value !== undefined) {
      out[key] = value;
      defined++;
    }
  }
  return defined === 0 ? undefined : out;
}

function isObjectNotArray(value: unknown): value is Doc {
  return typeof value === "object" && value !== null && !Array.isArray(value) && isPlainObject(value);
}

/**
 * lodash `intersection`: the distinct elements of `a` (in order) that occur in `b`, compared with SameValueZero,
 * so objects inside arrays match only when they are the same object, as in Kibana.
 */
function arrayIntersection(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of a) {
    if (out.some((seen) => sameValueZero(seen, item))) continue;
    if (b.some((other) => sameValueZero(other, item))) out.push(item);
  }
  return out;
}

function sameValueZero(x: unknown, y: unknown): boolean {
  return x === y || (x !== x && y !== y);
}
