// # add, subtract, multiply, divide, modulo
//
// Elasticsearch registers its arithmetic operators as two-argument functions (`add(a, b)` is `a + b`), so
// they share arith.ts. The result is an integer when both arguments are, else a float.

import type { ArithmeticOp } from "../../eql/ast.js";
import type { DataType } from "../../eql/types.js";
import { arithmetic } from "../arith.js";
import { isIntegral, requireNumber, arg } from "./java.js";
import type { FunctionDef, ScalarValue } from "./types.js";

function numericResult(args: readonly DataType[]): DataType {
  const [a, b] = args;
  if (a === "float" || b === "float") return "float";
  if (a === "integer" && b === "integer") return "integer";
  return "unknown";
}

function run(op: ArithmeticOp, args: readonly ScalarValue[], types: readonly (DataType | undefined)[]): ScalarValue {
  const a = requireNumber(arg(args, 0));
  const b = requireNumber(arg(args, 1));
  if (a === null || b === null) return null;
  return arithmetic(op, a, b, isIntegral(a, types[0]) && isIntegral(b, types[1]));
}

function arithmeticFunction(name: string, op: ArithmeticOp): FunctionDef {
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    allowsCaseInsensitive: false,
    argKinds: ["numeric", "numeric"],
    resultType: numericResult,
    evaluate: (args) => run(op, args, []),
    specialize: (argTypes) => (args) => run(op, args, argTypes),
  };
}

export const add = arithmeticFunction("add", "+");
export const subtract = arithmeticFunction("subtract", "-");
export const multiply = arithmeticFunction("multiply", "*");
export const divide = arithmeticFunction("divide", "/");
export const modulo = arithmeticFunction("modulo", "%");
