// # startsWith(source, prefix) / startsWith~
//
// Null when either argument is null; `~` compares lower-cased (Locale.ROOT) copies.

import { arg, lowerRoot, requireString } from "./java.js";
import type { FunctionDef, ScalarValue } from "./types.js";

function evaluate(args: readonly ScalarValue[], caseInsensitive: boolean): ScalarValue {
  const source = requireString(arg(args, 0));
  if (source === null) return null;
  const prefix = requireString(arg(args, 1));
  if (prefix === null) return null;
  return caseInsensitive ? lowerRoot(source).startsWith(lowerRoot(prefix)) : source.startsWith(prefix);
}

export const startsWith: FunctionDef = {
  name: "startsWith",
  minArgs: 2,
  maxArgs: 2,
  allowsCaseInsensitive: true,
  argKinds: ["string", "string"],
  resultType: () => "boolean",
  evaluate,
};
