// # Arithmetic with Elasticsearch semantics
//
// EQL arithmetic follows Elasticsearch's ql `Arithmetics`: when both operands are integers (Java Integer or
// Long) the operation is integral — `7 / 2` is 3 (truncated toward zero), `-7 % 2` is -1 (the sign of the
// dividend), integer division or modulo by zero is an error ("/ by zero"), and overflow past the 64-bit
// range is an error (`Math.addExact` and friends). When either operand is a float the operation is IEEE
// double: `7 / 2.0` is 3.5, `x / 0.0` is Infinity or NaN, `%` is the C fmod (same as JS).
//
// Values are JS numbers; the caller says whether the operation is integral (both operand types integer, see
// `isIntegral` in functions/java.ts). Integral results are computed exactly with BigInt whenever a double
// could round, then returned as numbers (exact up to 2^53; larger longs keep the nearest double). Sequent
// does not tell Java `int` from `long`: an `int` overflow that Elasticsearch reports is a valid long here.

import type { ArithmeticOp } from "../eql/ast.js";
import { EvalError } from "./functions/eval-error.js";

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function toLong(n: number): bigint {
  if (!Number.isInteger(n)) throw new EvalError(`integer operand expected; received [${n}]`);
  return BigInt(n);
}

function checked(result: bigint): number {
  if (result < LONG_MIN || result > LONG_MAX) throw new EvalError("long overflow");
  const n = Number(result);
  return n === 0 ? 0 : n;
}

function integral(op: ArithmeticOp, a: number, b: number): number {
  switch (op) {
    case "+":
      return checked(toLong(a) + toLong(b));
    case "-":
      return checked(toLong(a) - toLong(b));
    case "*":
      return checked(toLong(a) * toLong(b));
    case "/":
      if (b === 0) throw new EvalError("/ by zero");
      // BigInt division truncates toward zero like Java; MIN / -1 wraps to MIN as in Java.
      return checked(BigInt.asIntN(64, toLong(a) / toLong(b)));
    case "%":
      if (b === 0) throw new EvalError("/ by zero");
      return checked(toLong(a) % toLong(b));
  }
}

function floating(op: ArithmeticOp, a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "%":
      return a % b;
  }
}

/**
 * `a op b`; null when either operand is null. `isIntegralOp` is true when both operands are integers.
 * Throws EvalError on integral division/modulo by zero and on 64-bit overflow.
 */
export function arithmetic(op: ArithmeticOp, a: number | null, b: number | null, isIntegralOp: boolean): number | null {
  if (a === null || b === null) return null;
  return isIntegralOp ? integral(op, a, b) : floating(op, a, b);
}

/** Unary minus; null stays null. Negating the smallest long overflows (Math.negateExact). */
export function negate(a: number | null, isIntegralOp: boolean): number | null {
  if (a === null) return null;
  return isIntegralOp ? checked(-toLong(a)) : -a;
}
