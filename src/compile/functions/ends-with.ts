// # endsWith(source, suffix) / endsWith~
//
// Null when either argument is null; `~` compares lower-cased (Locale.ROOT) copies.

import { arg, lowerRoot, requireString } from "./java.js";
import type { FunctionDef, ScalarValue } from "./types.js";

function evaluate(args: readonly ScalarValue[], caseInsensitive: boolean): ScalarValue {
  const source = requireString(arg(args, 0));
  if (source === null) return null;
  const suffix = requireString(arg(args, 1));
  if (suffix === null) return null;
  return caseInsensitive ? lowerRoot(source).endsWith(lowerRoot(suffix)) : source.endsWith(suffix);
}

export const endsWith: FunctionDef = {
  name: "endsWith",
  minArgs: 2,
  maxArgs: 2,
  allowsCaseInsensitive: true,
  argKinds: ["string", "string"],
  resultType: () => "boolean",
  evaluate,
};
