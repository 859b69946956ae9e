// # substring(source, start[, end])
//
// Python-style slice over UTF-16 units: negative offsets count from the end, out-of-range offsets clamp, and
// start >= end gives "". A null start returns the source unchanged; a null end means the end of the string.

import { arg, javaIntValue, requireNumber, requireString } from "./java.js";
import type { FunctionDef, ScalarValue } from "./types.js";

/** The slice rule of Elasticsearch's substringSlice. */
export function pythonSlice(s: string, start: number, end: number): string {
  if (s === "") return s;
  const n = s.length;
  let from = start < 0 ? start + n : start;
  if (from < 0) from = 0;
  let to = end < 0 ? end + n : end;
  if (to < 0) to = 0;
  else if (to > n) to = n;
  return from >= to ? "" : s.slice(from, to);
}

function evaluate(args: readonly ScalarValue[]): ScalarValue {
  const source = requireString(arg(args, 0));
  if (source === null) return null;
  const start = requireNumber(arg(args, 1));
  if (start === null) return source;
  const end = requireNumber(arg(args, 2));
  return pythonSlice(source, javaIntValue(start), end === null ? source.length : javaIntValue(end));
}

export const substring: FunctionDef = {
  name: "substring",
  minArgs: 2,
  maxArgs: 3,
  allowsCaseInsensitive: false,
  argKinds: ["string", "numeric", "numeric"],
  resultType: () => "string",
  evaluate,
};
