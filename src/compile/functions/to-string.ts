// # string(value)
//
// The value's text as Java's toString renders it: "1" for an integer, "1.0" / "1.0E10" for a float, "true";
// null stays null. Registered as `string`.

import type { DataType } from "../../eql/types.js";
import { arg, javaToString } from "./java.js";
import type { FunctionDef, ScalarValue } from "./types.js";

function render(args: readonly ScalarValue[], type: DataType | undefined): ScalarValue {
  return javaToString(arg(args, 0), type);
}

export const toString: FunctionDef = {
  name: "string",
  minArgs: 1,
  maxArgs: 1,
  allowsCaseInsensitive: false,
  argKinds: ["any"],
  resultType: () => "string",
  evaluate: (args) => render(args, undefined),
  specialize: (argTypes) => (args) => render(args, argTypes[0]),
};
