// # startsWith(source, prefix) / endsWith(source, suffix), and their `~` forms
//
// Null when either argument is null; `~` compares lower-cased (Locale.ROOT) copies.

import { arg, lowerRoot, requireString } from "./java.js";
import type { FunctionDef, ScalarValue } from "./types.js";

function affixFunction(name: string, test: (source: string, affix: string) => boolean): FunctionDef {
  const evaluate = (args: readonly ScalarValue[], caseInsensitive: boolean): ScalarValue => {
    const source = requireString(arg(args, 0));
    if (source === null) return null;
    const affix = requireString(arg(args, 1));
    if (affix === null) return null;
    return caseInsensitive ? test(lowerRoot(source), lowerRoot(affix)) : test(source, affix);
  };
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    allowsCaseInsensitive: true,
    argKinds: ["string", "string"],
    resultType: () => "boolean",
    evaluate,
  };
}

export const startsWith = affixFunction("startsWith", (s, prefix) => s.startsWith(prefix));
export const endsWith = affixFunction("endsWith", (s, suffix) => s.endsWith(suffix));
