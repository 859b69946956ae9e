// # number(text[, base])
//
// Parses text into a number the way Elasticsearch's ToNumber does. Without a base, text starting with "0x" is
// read in base 16 (prefix dropped), anything else in base 10. Base 10 tries a Java long first
// (`Long.valueOf`: optional sign, digits as `Character.digit` reads them — any Unicode decimal digit —, must
// fit 64 bits) and then a Java double (`Double.valueOf`: ASCII only; surrounding whitespace, "NaN",
// "Infinity", exponents, an `f`/`d` suffix, hex floats "0x1p3"). Other bases (2..36) read a long with
// `Long.parseLong`. Text that does not parse is an error, as in Elasticsearch.
// The result type is decided at run time (long or double), so the static result type is `unknown`.

import { EvalError } from "./eval-error.js";
import { arg, requireNumber, requireString } from "./java.js";
import type { FunctionDef, ScalarValue } from "./types.js";

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

const DECIMAL_DIGIT = /\p{Nd}/u;

function isDecimalDigit(code: number): boolean {
  return DECIMAL_DIGIT.test(String.fromCharCode(code));
}

/**
 * Java's `Character.digit(char, 36)`: ASCII and fullwidth Latin letters are 10..35, and any Unicode decimal
 * digit (category Nd: "١", "०", "０") its value; 99 for anything else. Nd digits come in runs of ten, 0 to 9,
 * so a digit's value is its distance from the start of its run, modulo 10.
 */
function digitValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  if (code >= 0xff41 && code <= 0xff5a) return code - 0xff41 + 10;
  if (code >= 0xff21 && code <= 0xff3a) return code - 0xff21 + 10;
  if (code < 0x80 || !isDecimalDigit(code)) return 99;
  let start = code;
  while (isDecimalDigit(start - 1)) start--;
  return (code - start) % 10;
}

/** `Long.parseLong(text, radix)`; null when Java would throw NumberFormatException. */
export function parseJavaLong(text: string, radix: number): number | null {
  if (radix < 2 || radix > 36 || text === "") return null;
  let i = 0;
  let negative = false;
  if (text[0] === "+" || text[0] === "-") {
    negative = text[0] === "-";
    i = 1;
    if (text.length === 1) return null;
  }
  let value = 0n;
  const big = BigInt(radix);
  for (; i < text.length; i++) {
    const d = digitValue(text.charCodeAt(i));
    if (d >= radix) return null;
    value = value * big + BigInt(d);
    if (value > LONG_MAX + 1n) return null;
  }
  if (negative) value = -value;
  if (value < LONG_MIN || value > LONG_MAX) return null;
  return Number(value);
}

// Java's floating-point literal grammar (FloatingDecimal.readJavaFormatString), without the surrounding
// whitespace that Double.valueOf trims. Fixed, unambiguous internal patterns (no user input).
const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?$/;
const SPECIAL = /^[+-]?(?:NaN|Infinity)$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)[fFdD]?$/;

/** `Double.valueOf(text)`; null when Java would throw NumberFormatException. */
export function parseJavaDouble(text: string): number | null {
  const trimmed = trimJava(text);
  if (SPECIAL.test(trimmed)) {
    if (trimmed.endsWith("NaN")) return NaN;
    return trimmed.startsWith("-") ? -Infinity : Infinity;
  }
  if (DECIMAL.test(trimmed)) {
    return Number(trimmed.replace(/[fFdD]$/, ""));
  }
  const hex = HEX_FLOAT.exec(trimmed);
  if (hex !== null) {
    const [, sign, intDigits = "", fracDigits = "", expText = "0"] = hex;
    if (intDigits === "" && fracDigits === "") return null;
    const mantissa = BigInt("0x" + (intDigits + fracDigits || "0"));
    const exponent = Number(expText) - 4 * fracDigits.length;
    const magnitude = Number(mantissa) * Math.pow(2, exponent);
    return sign === "-" ? -magnitude : magnitude;
  }
  return null;
}

/** `String.trim()`: drop leading and trailing characters <= U+0020. */
function trimJava(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  return s.slice(start, end);
}

function evaluate(args: readonly ScalarValue[]): ScalarValue {
  const text = requireString(arg(args, 0));
  if (text === null) return null;
  const hexPrefix = text.startsWith("0x");
  const baseArg = arg(args, 1);
  let radix: number;
  if (baseArg === null) {
    radix = hexPrefix ? 16 : 10;
  } else {
    const base = requireNumber(baseArg);
    if (base === null || !Number.isInteger(base)) throw new EvalError(`An integer base is required; received [${String(baseArg)}]`);
    radix = base;
  }
  const digits = hexPrefix && radix === 16 ? text.slice(2) : text;
  const parsed = radix === 10 ? parseJavaLong(digits, 10) ?? parseJavaDouble(digits) : parseJavaLong(digits, radix);
  if (parsed === null) throw new EvalError(`Unable to convert [${digits}] to number of base [${radix}]`);
  return parsed;
}

export const toNumber: FunctionDef = {
  name: "number",
  minArgs: 1,
  maxArgs: 2,
  allowsCaseInsensitive: false,
  argKinds: ["string", "numeric"],
  resultType: () => "unknown",
  evaluate,
};
