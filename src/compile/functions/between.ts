// # between(source, left, right[, greedy = false])
//
// The text of `source` after the first `left` and before the next `right` (greedy: before the last `right`).
// Empty string when either bound is not found; `source` unchanged when it, `left` or `right` is empty
// (Elasticsearch's port of the Python EQL function). The `~` form searches lower-cased copies but slices the
// original text at the found offsets.

import { EvalError } from "./eval-error.js";
import { arg, lowerRoot, requireString } from "./java.js";
import type { FunctionDef, ScalarValue } from "./types.js";

function betweenText(source: string, left: string, right: string, greedy: boolean, caseInsensitive: boolean): string {
  if (source === "" || left === "" || right === "") return source;
  const hay = caseInsensitive ? lowerRoot(source) : source;
  const l = caseInsensitive ? lowerRoot(left) : left;
  const r = caseInsensitive ? lowerRoot(right) : right;
  const at = hay.indexOf(l);
  if (at < 0) return "";
  const start = at + l.length;
  const end = greedy ? hay.lastIndexOf(r) : hay.indexOf(r, start);
  if (end < 0) return "";
  // Java's substring(start, end) with end < start would throw; Elasticsearch then fails the query.
  if (end < start) throw new EvalError(`begin ${start}, end ${end}, length ${source.length}`);
  return source.slice(start, end);
}

function evaluate(args: readonly ScalarValue[], caseInsensitive: boolean): ScalarValue {
  const source = requireString(arg(args, 0));
  if (source === null) return null;
  const left = requireString(arg(args, 1));
  const right = requireString(arg(args, 2));
  if (left === null) throw new EvalError("A string/char is required; received [null]");
  if (right === null) throw new EvalError("A string/char is required; received [null]");
  const greedyArg = arg(args, 3);
  if (greedyArg !== null && typeof greedyArg !== "boolean") {
    throw new EvalError(`A boolean is required; received [${String(greedyArg)}]`);
  }
  return betweenText(source, left, right, greedyArg === true, caseInsensitive);
}

export const between: FunctionDef = {
  name: "between",
  minArgs: 3,
  maxArgs: 4,
  allowsCaseInsensitive: true,
  argKinds: ["string", "string", "string", "literal-boolean"],
  resultType: () => "string",
  evaluate,
};
