// # The function registry
//
// Every EQL function Elasticsearch's EqlFunctionRegistry defines, in one table: the string functions
// (between, cidrMatch, concat, endsWith, indexOf, length, startsWith, string, stringContains, substring)
// and the arithmetic ones (add, divide, modulo, multiply, number, subtract). Five have a `~`
// (case-insensitive) form: between, endsWith, indexOf, startsWith, stringContains. Lookup ignores case, as
// Elasticsearch lower-cases names (`CONCAT`, `cidrmatch`).
//
// Evaluation contract (for the compiler):
// - arguments are scalars; a multi-valued field is expanded by the caller before the call;
// - null propagates as each function's section documents (mostly: null source → null);
// - `EvalError` is thrown where Elasticsearch fails the search at run time (a value of the wrong type,
//   `number("abc")`, a null where a string is required, integer division by zero);
// - integer vs float: bind call sites with `bindFunction(def, argTypes, ci)` so static types decide; an
//   argument typed `unknown` is integral when its value is (`Number.isInteger`).

import type { DataType } from "../../eql/types.js";
import { endsWith, startsWith } from "./affix-functions.js";
import { add, divide, modulo, multiply, subtract } from "./arithmetic-functions.js";
import { between } from "./between.js";
import { cidrMatch } from "./cidr-match.js";
import { concat } from "./concat.js";
import { indexOf } from "./index-of.js";
import { length } from "./length.js";
import { stringContains } from "./string-contains.js";
import { substring } from "./substring.js";
import { toNumber } from "./to-number.js";
import { toString } from "./to-string.js";
import type { Evaluator, FunctionDef } from "./types.js";

export type { ArgKind, Evaluator, FunctionDef, ScalarValue } from "./types.js";
export { EvalError } from "./eval-error.js";
export { PatternError } from "./pattern-error.js";

const DEFINITIONS: readonly FunctionDef[] = [
  add,
  between,
  cidrMatch,
  concat,
  divide,
  endsWith,
  indexOf,
  length,
  modulo,
  multiply,
  toNumber,
  startsWith,
  toString,
  stringContains,
  substring,
  subtract,
];

const BY_LOWER_NAME: ReadonlyMap<string, FunctionDef> = new Map(DEFINITIONS.map((d) => [d.name.toLowerCase(), d]));

/** Canonical names of every function, sorted. */
export const FUNCTION_NAMES: readonly string[] = DEFINITIONS.map((d) => d.name).sort();

/** The function called `name` (any case), or undefined. */
export function lookupFunction(name: string): FunctionDef | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

/** An evaluator for one call site: the function's `specialize` when it has one, else `evaluate`. */
export function bindFunction(def: FunctionDef, argTypes: readonly DataType[], caseInsensitive: boolean): Evaluator {
  if (def.specialize !== undefined) return def.specialize(argTypes, caseInsensitive);
  return (args) => def.evaluate(args, caseInsensitive);
}
