// # Java behaviours the functions reproduce
//
// Elasticsearch's function processors are Java: lower-casing is `toLowerCase(Locale.ROOT)`, numbers render
// with `Long.toString` / `Double.toString`, and indexes go through `Number.intValue()`. JS strings are UTF-16
// like Java's, so lengths and indexes agree unit for unit (a surrogate pair counts 2).

import type { DataType } from "../../eql/types.js";
import { canonicalIp } from "../cidr.js";
import { formatJavaDateTime, parseTimestamp } from "../dates.js";
import { EvalError, wrongType } from "./eval-error.js";
import type { ScalarValue } from "./types.js";

/**
 * `String.toLowerCase(Locale.ROOT)`. JS `toLowerCase` applies the same locale-independent Unicode full mapping
 * (including the final-sigma rule and `İ` → `i̇`), so it is used as is.
 */
export function lowerRoot(s: string): string {
  return s.toLowerCase();
}

/**
 * Whether a number is an integer (Java Integer/Long) rather than a float (Double), decided by the static
 * type when it says so, otherwise by the value: `integer` → integral, `float` → floating, anything else
 * (`unknown`, a function result typed at run time) → `Number.isInteger(value)`.
 */
export function isIntegral(value: number, type: DataType | undefined): boolean {
  if (type === "integer") return true;
  if (type === "float") return false;
  return Number.isInteger(value);
}

/** `Double.toString(d)`: plain notation in [1e-3, 1e7), else `d.dddE±n`; always a fraction digit. */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (d === Infinity) return "Infinity";
  if (d === -Infinity) return "-Infinity";
  if (d === 0) return Object.is(d, -0) ? "-0.0" : "0.0";
  const sign = d < 0 ? "-" : "";
  const abs = Math.abs(d);
  // Shortest round-tripping digits (what current JDKs print, like JS) and the decimal exponent.
  const [mant, expText] = abs.toExponential().split("e") as [string, string];
  const digits = mant.replace(".", "");
  const exp = Number(expText);
  if (abs >= 1e-3 && abs < 1e7) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
      const frac = digits.slice(exp + 1);
      return `${sign}${intPart}.${frac === "" ? "0" : frac}`;
    }
    return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  }
  const frac = digits.slice(1);
  return `${sign}${digits[0]}.${frac === "" ? "0" : frac}E${exp}`;
}

/** `Long.toString` of an integral JS number (exact digits of the double, never exponent notation). */
export function javaLongToString(n: number): string {
  if (Object.is(n, -0)) return "0";
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

/**
 * `Object.toString()` of a scalar as Elasticsearch's processors see it; null stays null. Typed values print
 * as their doc values do: an `ip` in canonical form ("::FFFF:10.0.0.1" → "10.0.0.1"), a `date` or
 * `date_nanos` (epoch millis, or a date string in the default formats) as Java's ZonedDateTime
 * ("2017-08-30T20:47:33Z").
 */
export function javaToString(value: ScalarValue, type?: DataType): string | null {
  if (value === null) return null;
  if (type === "date" || type === "date_nanos") {
    const t = typeof value === "boolean" ? null : parseTimestamp(value);
    if (t !== null) return formatJavaDateTime(type === "date" ? { ms: t.ms, ns: 0 } : t);
  }
  if (typeof value === "string") return type === "ip" ? canonicalIp(value) ?? value : value;
  if (typeof value === "boolean") return value ? "true" : "false";
  return isIntegral(value, type) && Number.isFinite(value) ? javaLongToString(value) : javaDoubleToString(value);
}

/** `Number.intValue()`: Long wraps to its low 32 bits, Double truncates and saturates (NaN → 0). */
export function javaIntValue(n: number): number {
  if (Number.isNaN(n)) return 0;
  if (Number.isInteger(n)) {
    return Number.isSafeInteger(n) ? n | 0 : Number(BigInt.asIntN(32, BigInt(n)));
  }
  if (n >= 2147483647) return 2147483647;
  if (n <= -2147483648) return -2147483648;
  return Math.trunc(n);
}

/** A string argument (Elasticsearch accepts String or Character); null passes through. */
export function requireString(value: ScalarValue): string | null {
  if (value === null) return null;
  if (typeof value !== "string") throw wrongType("string/char", value);
  return value;
}

/** A numeric argument; null passes through. */
export function requireNumber(value: ScalarValue): number | null {
  if (value === null) return null;
  if (typeof value !== "number") throw wrongType("number", value);
  return value;
}

/** Argument `i`, or null when absent (optional arguments default to null as in Elasticsearch). */
export function arg(args: readonly ScalarValue[], i: number): ScalarValue {
  return i < args.length ? (args[i] as ScalarValue) : null;
}

export { EvalError };
