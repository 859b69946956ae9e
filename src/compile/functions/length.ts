// # length(source)
//
// The number of UTF-16 code units (Java String.length(): a character outside the BMP counts 2).

import { arg, requireString } from "./java.js";
import type { FunctionDef, ScalarValue } from "./types.js";

function evaluate(args: readonly ScalarValue[]): ScalarValue {
  const source = requireString(arg(args, 0));
  return source === null ? null : source.length;
}

export const length: FunctionDef = {
  name: "length",
  minArgs: 1,
  maxArgs: 1,
  allowsCaseInsensitive: false,
  argKinds: ["string"],
  resultType: () => "integer",
  evaluate,
};
