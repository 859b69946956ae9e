// # Function contracts
//
// The shapes every EQL function module implements. The registry (registry.ts) gathers the modules into one
// table; the analyzer reads arity, argument kinds and result types, the compiler calls `evaluate` (or the
// optional `specialize`) once per event with scalar arguments. Multi-valued fields never reach a function:
// callers expand arrays before calling.

import type { DataType } from "../../eql/types.js";

/** A single value an EQL expression can produce. Integers and floats are both JS numbers (see numeric.ts). */
export type ScalarValue = string | number | boolean | null;

/**
 * What an argument position accepts.
 * - `string`, `numeric`, `ip`: any expression of that type (field, literal, call);
 * - `any`: anything with an exact value;
 * - `literal-*`: a constant of that type (Elasticsearch requires these to be foldable).
 */
export type ArgKind = "string" | "numeric" | "ip" | "any" | "literal-string" | "literal-numeric" | "literal-boolean";

/** An evaluator bound to one call site. */
export type Evaluator = (args: readonly ScalarValue[]) => ScalarValue;

export interface FunctionDef {
  /** Canonical camelCase name, e.g. "startsWith". */
  readonly name: string;
  readonly minArgs: number;
  /** `Infinity` for variadic functions. */
  readonly maxArgs: number;
  /** Whether a `~` (case-insensitive) form exists. */
  readonly allowsCaseInsensitive: boolean;
  /** Accepted kind per position; for variadic functions the last entry repeats. */
  readonly argKinds: readonly ArgKind[];
  /** The static type of a call's result, given its argument types. */
  resultType(args: readonly DataType[]): DataType;
  /**
   * Evaluate on scalar arguments. Throws `EvalError` where Elasticsearch raises a runtime error (wrong value
   * type, division by zero, number() of a non-number…). Where a number's integer-ness matters (string(),
   * concat(), arithmetic) it is guessed from the value (`Number.isInteger`); prefer `specialize`.
   */
  evaluate(args: readonly ScalarValue[], caseInsensitive: boolean): ScalarValue;
  /**
   * Optional (added to the agreed contract): bind a call site whose argument types are known, so integers
   * and floats are told apart as Elasticsearch does (`string(1.0)` is "1.0", `divide(7, 2.0)` is 3.5).
   * Use `bindFunction` (registry.ts), which falls back to `evaluate`.
   */
  specialize?(argTypes: readonly DataType[], caseInsensitive: boolean): Evaluator;
}
