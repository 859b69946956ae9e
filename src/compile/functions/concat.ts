// # concat(value, …)
//
// The text of every argument joined; null as soon as any argument is null. Numbers and booleans render as
// Java does (`1` for an integer, `1.0` for a float, `true`).

import type { DataType } from "../../eql/types.js";
import { javaToString } from "./java.js";
import type { FunctionDef, ScalarValue } from "./types.js";

function join(args: readonly ScalarValue[], types: readonly (DataType | undefined)[]): ScalarValue {
  let out = "";
  for (let i = 0; i < args.length; i++) {
    const text = javaToString(args[i] as ScalarValue, types[i]);
    if (text === null) return null;
    out += text;
  }
  return out;
}

export const concat: FunctionDef = {
  name: "concat",
  minArgs: 1,
  maxArgs: Infinity,
  allowsCaseInsensitive: false,
  argKinds: ["any"],
  resultType: () => "string",
  evaluate: (args) => join(args, []),
  specialize: (argTypes) => (args) => join(args, argTypes),
};
