// # indexOf(source, substring[, start = 0]) / indexOf~
//
// The UTF-16 offset of the first occurrence at or after `start`, or null when there is none. Null when the
// source or substring is null; a null start means 0. As in Java, a negative start counts as 0 and an empty
// substring is found at min(start, length). `~` searches lower-cased (Locale.ROOT) copies.

import { arg, javaIntValue, lowerRoot, requireNumber, requireString } from "./java.js";
import type { FunctionDef, ScalarValue } from "./types.js";

function evaluate(args: readonly ScalarValue[], caseInsensitive: boolean): ScalarValue {
  const source = requireString(arg(args, 0));
  if (source === null) return null;
  const needle = requireString(arg(args, 1));
  if (needle === null) return null;
  const start = requireNumber(arg(args, 2));
  const from = Math.max(0, start === null ? 0 : javaIntValue(start));
  const found = caseInsensitive ? lowerRoot(source).indexOf(lowerRoot(needle), from) : source.indexOf(needle, from);
  return found < 0 ? null : found;
}

export const indexOf: FunctionDef = {
  name: "indexOf",
  minArgs: 2,
  maxArgs: 3,
  allowsCaseInsensitive: true,
  argKinds: ["string", "string", "numeric"],
  resultType: () => "integer",
  evaluate,
};
