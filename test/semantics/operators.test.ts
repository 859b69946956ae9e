// Every operator and every function, one table: each row runs a query through parseQuery → analyzeQuery
// (dynamic schema: no mapping, values typed from JSON) → compileQuery against one tiny event, and says
// whether the event matches (or which analysis error the query gets). Each operator and function has rows
// for a missing field / null, a multi-valued field, letter case and non-ASCII text (arithmetic shows string
// operands instead: a string constant is an analysis error; an untyped field holding a string makes the
// script null, so no match). A completeness test keeps it that way.

import { test } from "node:test";
import assert from "node:assert/strict";
import { QueryError } from "../../src/diag/diagnostic.js";
import { FUNCTION_NAMES } from "../../src/compile/functions/registry.js";
import { select, type Doc } from "./helpers.js";

/** The event every row runs against (`x` is a field it does not have). */
const EVENT: Doc = {
  s: "AbC",
  u: "Émile😀",
  z: "😀",
  p: "\uE000",
  empty: "",
  nul: null,
  n: 3,
  m: -7,
  f: 1.5,
  b: true,
  a: ["xy", "Ab"],
  na: [1, 4],
  kv: ["k=1;", "j=2;"],
  ip: "10.1.2.3",
  ips: ["192.168.0.1", "10.9.9.9"],
  ip6: "FE80::1",
  digits: "١٢",
};

type Aspect = "basic" | "null" | "array" | "case" | "unicode" | "strings";
/** true/false: the event matches or not; "EQLnnnn": analysis rejects the query with that code. */
type Expected = boolean | `EQL${number}`;
type Row = readonly [Aspect, string, Expected];

const TYPE_MISMATCH = "EQL2006";

const OPERATORS: Record<string, readonly Row[]> = {
  "==": [
    ["basic", 's == "AbC"', true],
    ["null", 'x == "a"', false],
    ["null", 'nul == "a"', false],
    ["null", "x == null", true],
    ["null", "s == null", false],
    ["array", 'a == "Ab"', true],
    ["array", 'a == "zz"', false],
    ["case", 's == "abc"', false],
    ["unicode", 'u == "Émile😀"', true],
    ["unicode", 'u == "émile😀"', false],
  ],
  "!=": [
    ["basic", 's != "q"', true],
    ["null", 'x != "a"', true],
    ["null", "s != null", true],
    ["null", "x != null", false],
    ["array", 'a != "Ab"', false],
    ["array", 'a != "zz"', true],
    ["case", 's != "abc"', true],
    ["unicode", 'u != "émile😀"', true],
  ],
  "<": [
    ["basic", "n < 4", true],
    ["basic", "n < 3", false],
    ["null", "x < 4", false],
    ["array", "na < 2", true],
    ["array", "na < 1", false],
    ["case", 's < "a"', true],
    // code point order (U+E000 < U+1F600), not UTF-16 order (0xE000 > 0xD83D)
    ["unicode", 'p < "😀"', true],
  ],
  "<=": [
    ["basic", "n <= 3", true],
    ["null", "x <= 3", false],
    ["array", "na <= 1", true],
    ["case", 's <= "AbC"', true],
    ["case", 's <= "ABC"', false],
    ["unicode", 'u <= "f"', false],
    ["unicode", 'u <= "Émile😀"', true],
  ],
  ">": [
    ["basic", "n > 2", true],
    ["null", "x > 0", false],
    ["array", "na > 3", true],
    ["array", "na > 4", false],
    ["case", 's > "ABC"', true],
    ["unicode", 'z > "\uE000"', true],
  ],
  ">=": [
    ["basic", "n >= 3", true],
    ["null", "x >= 0", false],
    ["array", "na >= 4", true],
    ["array", "na >= 5", false],
    ["case", 's >= "a"', false],
    ["unicode", 'u >= "É"', true],
  ],
  ":": [
    ["basic", 's : "abc"', true],
    ["basic", 's : "a*"', true],
    ["null", 'x : "a"', false],
    ["null", 'x : "*"', false],
    ["array", 'a : "AB"', true],
    ["array", 'a : "z*"', false],
    ["case", 's : "ABC"', true],
    ["unicode", 'u : "ÉMILE*"', true],
    ["unicode", 'u : "Émile?"', true],
    ["unicode", 'u : "émile😀"', false],
  ],
  like: [
    ["basic", 's like "A*"', true],
    ["null", 'x like "*"', false],
    ["array", 'a like "x?"', true],
    ["case", 's like "a*"', false],
    ["unicode", 'u like "Émile?"', true],
  ],
  "like~": [
    ["basic", 's like~ "a*"', true],
    ["null", 'x like~ "*"', false],
    ["array", 'a like~ "AB"', true],
    ["case", 's like~ "ABC"', true],
    ["unicode", 'u like~ "émile*"', false],
  ],
  regex: [
    ["basic", 's regex "A.C"', true],
    ["basic", 's regex "b"', false],
    ["null", 'x regex ".*"', false],
    ["array", 'a regex "x."', true],
    ["case", 's regex "abc"', false],
    ["unicode", 'z regex "."', true],
    ["unicode", 'u regex "Émile."', true],
  ],
  "regex~": [
    ["basic", 's regex~ "a.c"', true],
    ["null", 'x regex~ ".*"', false],
    ["array", 'a regex~ "AB"', true],
    ["case", 's regex~ "ABC"', true],
    ["unicode", 'u regex~ "émile.*"', false],
  ],
  in: [
    ["basic", 's in ("x", "AbC")', true],
    ["null", 'x in ("a")', false],
    ["array", 'a in ("zz", "xy")', true],
    ["case", 's in ("abc")', false],
    ["unicode", 'u in ("Émile😀")', true],
    ["unicode", 'u in ("émile😀")', false],
  ],
  "in~": [
    ["basic", 's in~ ("abc")', true],
    ["null", 'x in~ ("a")', false],
    ["array", 'a in~ ("XY")', true],
    ["case", 's in~ ("q", "ABC")', true],
    ["case", 's in~ ("A*")', false],
    ["unicode", 'u in~ ("émile😀")', false],
  ],
  "not in": [
    ["basic", 's not in ("x")', true],
    ["basic", 's not in ("AbC")', false],
    ["null", 'x not in ("a")', true],
    ["array", 'a not in ("xy")', false],
    ["array", 'a not in ("q")', true],
    ["case", 's not in ("abc")', true],
    ["unicode", 'u not in ("émile😀")', true],
  ],
  and: [
    ["basic", 's == "AbC" and n == 3', true],
    ["null", 'x == "a" and n == 3', false],
    ["null", "x == null and n == 3", true],
    ["array", 'a == "xy" and a == "Ab"', true],
    ["case", 's : "abc" and s == "AbC"', true],
    ["unicode", 'u : "Émile*" and z == "😀"', true],
  ],
  or: [
    ["basic", 's == "q" or n == 3', true],
    ["null", 'x == "a" or x == "b"', false],
    ["null", 'x == "a" or n == 3', true],
    ["array", 'a == "q" or a == "Ab"', true],
    ["case", 's == "abc" or s == "ABC"', false],
    ["unicode", 'u == "émile😀" or z == "😀"', true],
  ],
  not: [
    ["basic", 'not s == "q"', true],
    ["null", 'not x == "a"', true],
    ["array", 'not a == "xy"', false],
    ["case", 'not s == "abc"', true],
    ["unicode", 'not u : "émile😀"', true],
  ],
  "+": [
    ["basic", "n + 1 == 4", true],
    ["basic", "f + 1 == 2.5", true],
    ["null", "x + 1 == 4", false],
    ["null", "n + x == 3", false],
    ["array", "na + 1 == 5", true],
    ["strings", "s + 1 == 2", false],
    ["strings", 'n + "a" == 1', TYPE_MISMATCH],
  ],
  "-": [
    ["basic", "n - 1 == 2", true],
    ["null", "x - 1 == 2", false],
    ["array", "na - 1 == 0", true],
    ["strings", "s - 1 == 2", false],
    ["strings", 'n - "a" == 1', TYPE_MISMATCH],
  ],
  "*": [
    ["basic", "n * 2 == 6", true],
    ["basic", "f * 2 == 3.0", true],
    ["null", "x * 2 == 6", false],
    ["array", "na * 2 == 8", true],
    ["strings", "s * 2 == 2", false],
    ["strings", 'n * "a" == 1', TYPE_MISMATCH],
  ],
  "/": [
    ["basic", "n / 2 == 1", true],
    ["basic", "f / 2 == 0.75", true],
    ["null", "x / 2 == 1", false],
    ["array", "na / 2 == 0", true],
    ["array", "na / 2 == 2", true],
    ["strings", "s / 2 == 1", false],
    ["strings", 'n / "a" == 1', TYPE_MISMATCH],
  ],
  "%": [
    ["basic", "n % 2 == 1", true],
    ["basic", "m % 3 == -1", true],
    ["null", "x % 2 == 1", false],
    ["array", "na % 3 == 1", true],
    ["strings", "s % 2 == 1", false],
    ["strings", 'n % "a" == 1', TYPE_MISMATCH],
  ],
  "unary -": [
    ["basic", "-n == -3", true],
    ["basic", "-n < -2", true],
    ["null", "-x == -3", false],
    ["array", "-na == -4", true],
    ["strings", "-s == 1", false],
    ["strings", '-"a" == 1', TYPE_MISMATCH],
  ],
};

const FUNCTIONS: Record<string, readonly Row[]> = {
  add: [
    ["basic", "add(n, 1) == 4", true],
    ["null", "add(x, 1) == 4", false],
    ["array", "add(na, 1) == 5", true],
    ["strings", "add(s, 1) == 1", false],
    ["strings", 'add(n, "a") == 1', TYPE_MISMATCH],
  ],
  subtract: [
    ["basic", "subtract(n, 1) == 2", true],
    ["null", "subtract(x, 1) == 2", false],
    ["array", "subtract(na, 1) == 3", true],
    ["strings", "subtract(s, 1) == 1", false],
    ["strings", 'subtract(n, "a") == 1', TYPE_MISMATCH],
  ],
  multiply: [
    ["basic", "multiply(n, 2) == 6", true],
    ["null", "multiply(x, 2) == 6", false],
    ["array", "multiply(na, 2) == 8", true],
    ["strings", "multiply(s, 2) == 1", false],
    ["strings", 'multiply(n, "a") == 1', TYPE_MISMATCH],
  ],
  divide: [
    ["basic", "divide(n, 2) == 1", true],
    ["basic", "divide(f, 2) == 0.75", true],
    ["null", "divide(x, 2) == 1", false],
    ["array", "divide(na, 4) == 1", true],
    ["strings", "divide(s, 2) == 1", false],
    ["strings", 'divide(n, "a") == 1', TYPE_MISMATCH],
  ],
  modulo: [
    ["basic", "modulo(n, 2) == 1", true],
    ["basic", "modulo(m, 3) == -1", true],
    ["null", "modulo(x, 2) == 1", false],
    ["array", "modulo(na, 3) == 1", true],
    ["strings", "modulo(s, 2) == 1", false],
    ["strings", 'modulo(n, "a") == 1', TYPE_MISMATCH],
  ],
  between: [
    ["basic", 'between(s, "A", "C") == "b"', true],
    ["null", 'between(x, "a", "c") == "b"', false],
    ["null", 'between(x, "a", "c") == null', true],
    ["array", 'between(kv, "j=", ";") == "2"', true],
    ["case", 'between(s, "a", "c") == "b"', false],
    ["case", 'between~(s, "a", "c") == "b"', true],
    ["unicode", 'between(u, "É", "😀") == "mile"', true],
  ],
  cidrMatch: [
    ["basic", 'cidrMatch(ip, "10.0.0.0/8")', true],
    ["basic", 'cidrMatch(ip, "192.168.0.0/16", "11.0.0.0/8")', false],
    ["null", 'cidrMatch(x, "10.0.0.0/8")', false],
    ["array", 'cidrMatch(ips, "10.0.0.0/8")', true],
    ["case", 'cidrMatch(ip6, "fe80::/10")', true],
    ["unicode", 'cidrMatch(digits, "0.0.0.0/0")', false],
  ],
  concat: [
    ["basic", 'concat(s, "x", 1) == "AbCx1"', true],
    ["null", 'concat(s, x) == "AbC"', false],
    ["null", "concat(s, x) == null", true],
    ["array", 'concat(a, "!") == "xy!"', true],
    ["case", 'concat(s, "d") == "abcd"', false],
    ["case", 'concat(s, "d") : "abcd"', true],
    ["unicode", 'concat(u, "é") == "Émile😀é"', true],
  ],
  endsWith: [
    ["basic", 'endsWith(s, "bC")', true],
    ["null", 'endsWith(x, "a")', false],
    ["array", 'endsWith(a, "b")', true],
    ["case", 'endsWith(s, "BC")', false],
    ["case", 'endsWith~(s, "BC")', true],
    ["unicode", 'endsWith(u, "😀")', true],
    // on a field a case-insensitive wildcard query (ASCII folding); on a computed value Java's toLowerCase
    ["unicode", 'endsWith~(u, "émile😀")', false],
    ["unicode", 'endsWith~(concat(u), "émile😀")', true],
  ],
  indexOf: [
    ["basic", 'indexOf(s, "C") == 2', true],
    ["basic", 'indexOf(s, "z") == null', true],
    ["null", 'indexOf(x, "a") == 0', false],
    ["array", 'indexOf(a, "y") == 1', true],
    ["case", 'indexOf(s, "c") == null', true],
    ["case", 'indexOf~(s, "c") == 2', true],
    ["unicode", 'indexOf(u, "😀") == 5', true],
    ["unicode", 'indexOf(concat(z, "b"), "b") == 2', true],
  ],
  length: [
    ["basic", "length(s) == 3", true],
    ["basic", "length(empty) == 0", true],
    ["null", "length(x) == 0", false],
    ["null", "length(x) == null", true],
    ["array", "length(a) == 2", true],
    ["array", "length(a) == 3", false],
    ["case", 'length("İ") == 1', true],
    ["unicode", "length(z) == 2", true],
  ],
  number: [
    ["basic", 'number("12") == 12', true],
    ["basic", 'number("0x1F") == 31', true],
    ["basic", 'number("1.5e1") == 15.0', true],
    ["null", "number(x) == 1", false],
    ["null", "number(x) == null", true],
    ["array", 'number(concat(na, "0")) == 40', true],
    ["case", 'number("fF", 16) == 255', true],
    ["case", 'number("0X1F") == 31', false],
    // Long.parseLong reads any Unicode decimal digit (Character.digit)
    ["unicode", "number(digits) == 12", true],
  ],
  startsWith: [
    ["basic", 'startsWith(s, "Ab")', true],
    ["null", 'startsWith(x, "a")', false],
    ["array", 'startsWith(a, "x")', true],
    ["case", 'startsWith(s, "ab")', false],
    ["case", 'startsWith~(s, "ab")', true],
    ["unicode", 'startsWith(u, "Émi")', true],
    ["unicode", 'startsWith~(u, "émi")', false],
    ["unicode", 'startsWith~(concat(u), "émi")', true],
  ],
  string: [
    ["basic", 'string(n) == "3"', true],
    ["basic", 'string(f) == "1.5"', true],
    ["null", "string(x) == null", true],
    ["array", 'string(na) == "4"', true],
    ["case", 'string(b) == "true"', true],
    ["case", 'string(b) == "True"', false],
    ["unicode", 'string(u) == "Émile😀"', true],
  ],
  stringContains: [
    ["basic", 'stringContains(s, "bC")', true],
    // on a field the wildcard query *…*, so "" matches any value; on a computed value Python's rule: false
    ["basic", 'stringContains(s, "")', true],
    ["basic", 'stringContains(concat(s), "")', false],
    ["null", 'stringContains(x, "a")', false],
    ["array", 'stringContains(a, "b")', true],
    ["case", 'stringContains(s, "BC")', false],
    ["case", 'stringContains~(s, "BC")', true],
    ["unicode", 'stringContains(u, "mile😀")', true],
  ],
  substring: [
    ["basic", 'substring(s, 1) == "bC"', true],
    ["basic", 'substring(s, -2, 3) == "bC"', true],
    ["null", "substring(x, 1) == null", true],
    ["array", 'substring(a, 1) == "b"', true],
    ["case", 'substring(s, 0, 1) == "a"', false],
    ["unicode", 'substring(u, 0, 1) == "É"', true],
    ["unicode", "length(substring(z, 0, 1)) == 1", true],
  ],
};

function outcome(query: string): boolean | string {
  try {
    return select(`any where ${query}`, [EVENT]).length === 1;
  } catch (err) {
    if (err instanceof QueryError) return err.diagnostics.map((d) => d.code).join(",");
    throw err;
  }
}

function runTable(table: Record<string, readonly Row[]>): void {
  const wrong: string[] = [];
  for (const [name, rows] of Object.entries(table)) {
    for (const [aspect, query, expected] of rows) {
      const got = outcome(query);
      if (got !== expected) wrong.push(`${name} [${aspect}] ${query}: expected ${String(expected)}, got ${String(got)}`);
    }
  }
  assert.deepEqual(wrong, []);
}

test("operators: null/missing, arrays, case and Unicode", () => runTable(OPERATORS));

test("functions: null/missing, arrays, case and Unicode", () => runTable(FUNCTIONS));

test("the tables cover every operator and function, each with every edge aspect", () => {
  assert.deepEqual(Object.keys(OPERATORS).sort(), ["!=", "%", "*", "+", "-", "/", ":", "<", "<=", "==", ">", ">=", "and", "in", "in~", "like", "like~", "not", "not in", "or", "regex", "regex~", "unary -"].sort());
  assert.deepEqual(Object.keys(FUNCTIONS).sort(), [...FUNCTION_NAMES].sort());
  const numeric = new Set(["+", "-", "*", "/", "%", "unary -", "add", "subtract", "multiply", "divide", "modulo"]);
  const missing: string[] = [];
  for (const [name, rows] of [...Object.entries(OPERATORS), ...Object.entries(FUNCTIONS)]) {
    const aspects = new Set(rows.map(([aspect]) => aspect));
    const wanted: Aspect[] = numeric.has(name) ? ["basic", "null", "array", "strings"] : ["basic", "null", "array", "case", "unicode"];
    for (const a of wanted) if (!aspects.has(a)) missing.push(`${name}: ${a}`);
  }
  assert.deepEqual(missing, []);
});
