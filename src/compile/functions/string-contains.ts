// # stringContains(source, substring) / stringContains~
//
// Null when the source is null. False when either string is empty (Elasticsearch's port of the Python
// function: `stringContains("abc", "")` is false). A null substring is an error in Elasticsearch.

import { EvalError } from "./eval-error.js";
import { arg, lowerRoot, requireString } from "./java.js";
import type { FunctionDef, ScalarValue } from "./types.js";

function evaluate(args: readonly ScalarValue[], caseInsensitive: boolean): ScalarValue {
  const source = requireString(arg(args, 0));
  if (source === null) return null;
  const needle = requireString(arg(args, 1));
  if (needle === null) throw new EvalError("A string/char is required; received [null]");
  if (source === "" || needle === "") return false;
  return caseInsensitive ? lowerRoot(source).includes(lowerRoot(needle)) : source.includes(needle);
}

export const stringContains: FunctionDef = {
  name: "stringContains",
  minArgs: 2,
  maxArgs: 2,
  allowsCaseInsensitive: true,
  argKinds: ["string", "string"],
  resultType: () => "boolean",
  evaluate,
};
