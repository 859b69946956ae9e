// Function registry: arity/kinds table and Elasticsearch semantics of each function on scalars.

import { test } from "node:test";
import assert from "node:assert/strict";
import { bindFunction, EvalError, FUNCTION_NAMES, lookupFunction } from "../../src/compile/functions/registry.js";
import type { FunctionDef, ScalarValue } from "../../src/compile/functions/registry.js";
import type { DataType } from "../../src/eql/types.js";

function fn(name: string): FunctionDef {
  const def = lookupFunction(name);
  assert.ok(def, `function ${name} is registered`);
  return def;
}

function call(name: string, args: readonly ScalarValue[], ci = false): ScalarValue {
  return fn(name).evaluate(args, ci);
}

function typed(name: string, types: readonly DataType[], args: readonly ScalarValue[], ci = false): ScalarValue {
  return bindFunction(fn(name), types, ci)(args);
}

test("registry lists exactly Elasticsearch's EQL functions", () => {
  assert.deepEqual(FUNCTION_NAMES, [
    "add", "between", "cidrMatch", "concat", "divide", "endsWith", "indexOf", "length", "modulo", "multiply",
    "number", "startsWith", "string", "stringContains", "substring", "subtract",
  ]);
});

test("lookup ignores case; unknown names are undefined", () => {
  assert.equal(lookupFunction("CONCAT")?.name, "concat");
  assert.equal(lookupFunction("cidrmatch")?.name, "cidrMatch");
  assert.equal(lookupFunction("StartsWith")?.name, "startsWith");
  assert.equal(lookupFunction("frobnicate"), undefined);
  assert.equal(lookupFunction("arrayContains"), undefined);
});

test("case-insensitive forms exist exactly for between, endsWith, indexOf, startsWith, stringContains", () => {
  const ci = FUNCTION_NAMES.filter((n) => fn(n).allowsCaseInsensitive);
  assert.deepEqual(ci, ["between", "endsWith", "indexOf", "startsWith", "stringContains"]);
});

test("arity table", () => {
  const arity = Object.fromEntries(FUNCTION_NAMES.map((n) => [n, [fn(n).minArgs, fn(n).maxArgs]]));
  assert.deepEqual(arity, {
    add: [2, 2], between: [3, 4], cidrMatch: [2, Infinity], concat: [1, Infinity], divide: [2, 2],
    endsWith: [2, 2], indexOf: [2, 3], length: [1, 1], modulo: [2, 2], multiply: [2, 2], number: [1, 2],
    startsWith: [2, 2], string: [1, 1], stringContains: [2, 2], substring: [2, 3], subtract: [2, 2],
  });
  for (const n of FUNCTION_NAMES) {
    const d = fn(n);
    assert.ok(d.argKinds.length >= 1 && d.argKinds.length <= Math.min(d.maxArgs, 4), n);
  }
});

test("result types", () => {
  assert.equal(fn("length").resultType(["string"]), "integer");
  assert.equal(fn("indexOf").resultType(["string", "string"]), "integer");
  assert.equal(fn("add").resultType(["integer", "integer"]), "integer");
  assert.equal(fn("divide").resultType(["integer", "float"]), "float");
  assert.equal(fn("add").resultType(["integer", "unknown"]), "unknown");
  assert.equal(fn("cidrMatch").resultType(["ip", "string"]), "boolean");
  assert.equal(fn("string").resultType(["integer"]), "string");
  assert.equal(fn("number").resultType(["string"]), "unknown");
});

test("between", () => {
  assert.equal(call("between", ["System Idle Process", "S", "e", true]), "ystem Idle Proc");
  assert.equal(call("between", ["System Idle Process", "s", "e", true], true), "ystem Idle Proc");
  assert.equal(call("between", ["System Idle Process", "s", "E"], true), "yst");
  assert.equal(call("between", ["System Idle Process", "s", "E", false], true), "yst");
  assert.equal(call("between", ["System", "s", "e"]), "t", "case-sensitive: the lower-case s");
  assert.equal(call("between", ["System", "x", "e"]), "");
  assert.equal(call("between", ["abc", "x", "c"]), "");
  assert.equal(call("between", ["abc", "a", "x"]), "");
  assert.equal(call("between", ["", "a", "b"]), "");
  assert.equal(call("between", ["abc", "", "b"]), "abc");
  assert.equal(call("between", ["abc", "a", ""]), "abc");
  assert.equal(call("between", [null, "a", "b"]), null);
  assert.equal(call("between", ["a.b.c.d", ".", "."]), "b");
  assert.equal(call("between", ["a.b.c.d", ".", ".", true]), "b.c");
  assert.equal(call("between", ["C:\\dev\\TestLogs\\something.json", "dev", ".json", false]), "\\TestLogs\\something");
  assert.throws(() => call("between", ["abc", null, "b"]), EvalError);
  assert.throws(() => call("between", [5, "a", "b"]), EvalError);
  // Greedy with the last right bound before the left one: Java substring throws.
  assert.throws(() => call("between", ["aXb", "X", "a", true]), EvalError);
});

test("cidrMatch", () => {
  assert.equal(call("cidrMatch", ["10.6.48.157", "10.6.48.157/8"]), true);
  assert.equal(call("cidrMatch", ["10.6.48.157", "192.168.0.0/16"]), false);
  assert.equal(call("cidrMatch", ["10.6.48.157", "192.168.0.0/16", "10.0.0.0/8"]), true);
  assert.equal(call("cidrMatch", ["8.8.8.8", "0.0.0.0/0"]), true);
  assert.equal(call("cidrMatch", ["0.0.0.0", "0.0.0.0"]), true);
  assert.equal(call("cidrMatch", ["::1", "::1"]), true);
  assert.equal(call("cidrMatch", ["fe80::1234", "FE80::/10"]), true);
  assert.equal(call("cidrMatch", ["ff02::1", "FE80::/10"]), false);
  assert.equal(call("cidrMatch", ["ff02::1", "FF00::/8"]), true);
    assert.equal(call("cidrMatch", ["::ffff:10.1.2.3", "10.0.0.0/8"]), true);
  assert.equal(call("cidrMatch", ["10.1.2.3", "::/0"]), true, "IPv4 is inside ::/0 through the mapping");
  assert.equal(call("cidrMatch", ["10.1.2.3", null]), false);
  assert.equal(call("cidrMatch", [null, "10.0.0.0/8"]), null);
  assert.equal(call("cidrMatch", ["not an ip", "10.0.0.0/8"]), null);
  assert.equal(call("cidrMatch", ["010.1.2.3", "10.0.0.0/8"]), null, "leading zeros are refused like Elasticsearch");
  assert.throws(() => call("cidrMatch", ["10.1.2.3", "10.0.0.0/33"]), EvalError);
  assert.throws(() => call("cidrMatch", ["10.1.2.3", "banana"]), EvalError);
});

test("concat renders like Java and is null on any null", () => {
  assert.equal(call("concat", ["a", "b", "c"]), "abc");
  assert.equal(call("concat", [5, "::", "wininit.exe", "::", 3]), "5::wininit.exe::3");
  assert.equal(call("concat", [1]), "1");
  assert.equal(call("concat", [true, false]), "truefalse");
  assert.equal(call("concat", ["a", null]), null);
  assert.equal(call("concat", [null, null]), null);
  assert.equal(typed("concat", ["float", "string"], [1, "x"]), "1.0x");
  assert.equal(typed("concat", ["integer", "string"], [1, "x"]), "1x");
  assert.equal(call("concat", [1.5]), "1.5");
});

test("endsWith / startsWith", () => {
  assert.equal(call("endsWith", ["explorer.exe", ".exe"]), true);
  assert.equal(call("endsWith", ["explorer.exe", ".EXE"]), false);
  assert.equal(call("endsWith", ["explorer.exe", "loREr.exe"], true), true);
  assert.equal(call("endsWith", ["x", null]), null);
  assert.equal(call("endsWith", [null, "x"]), null);
  assert.equal(call("endsWith", ["x", ""]), true);
  assert.equal(call("startsWith", ["explorer.exe", "explorer."]), true);
  assert.equal(call("startsWith", ["Explorer.exe", "explorer."]), false);
  assert.equal(call("startsWith", ["Explorer.exe", "expLORER.ExE"], true), true);
  assert.equal(call("startsWith", ["x", null]), null);
  assert.equal(call("startsWith", [null, null]), null);
  assert.throws(() => call("startsWith", [1, "1"]), EvalError);
});

test("indexOf", () => {
  assert.equal(call("indexOf", ["explorer.exe", "plore"], true), 2);
  assert.equal(call("indexOf", ["explorer.exe", ".pf"], true), null);
  assert.equal(call("indexOf", ["explorer.exe", "plore", 100]), null);
  assert.equal(call("indexOf", ["explorer.exe", "plorer.", 0]), 2);
  assert.equal(call("indexOf", ["explorer.exe", "plorer.", 2]), 2);
  assert.equal(call("indexOf", ["explorer.exe", "plorer.", 4]), null);
  assert.equal(call("indexOf", ["Explorer.exe", "pLOrer.", 2], true), 2);
  assert.equal(call("indexOf", ["Explorer.exe", "pLOrer.", 2]), null);
  assert.equal(call("indexOf", ["abc", "b", -5]), 1);
  assert.equal(call("indexOf", ["abc", "b", null]), 1);
  assert.equal(call("indexOf", ["abc", ""]), 0);
  assert.equal(call("indexOf", ["abc", "", 10]), 3, "Java finds the empty string at the end");
  assert.equal(call("indexOf", [null, "a"]), null);
  assert.equal(call("indexOf", ["a", null]), null);
  assert.equal(call("indexOf", ["😀x", "x"]), 2, "UTF-16 offsets");
});

test("length counts UTF-16 units", () => {
  assert.equal(call("length", ["abc"]), 3);
  assert.equal(call("length", [""]), 0);
  assert.equal(call("length", ["😀"]), 2);
  assert.equal(call("length", ["ǅ"]), 1);
  assert.equal(call("length", [null]), null);
  assert.throws(() => call("length", [12]), EvalError);
});

test("stringContains", () => {
  assert.equal(call("stringContains", ["ABCDEFGHIexplorer.exeJKLMNOP", "explorer.exe"]), true);
  assert.equal(call("stringContains", ["ABCDEFGHIexplorer.exeJKLMNOP", "Explorer.exe"]), false);
  assert.equal(call("stringContains", ["ABCDEFGHIexplorer.exeJKLMNOP", "Explorer.EXE"], true), true);
  assert.equal(call("stringContains", ["abc", ""]), false, "empty substring is false (Python port)");
  assert.equal(call("stringContains", ["", ""]), false);
  assert.equal(call("stringContains", [null, "a"]), null);
  assert.throws(() => call("stringContains", ["a", null]), EvalError);
});

test("substring is a Python slice over UTF-16 units", () => {
  assert.equal(call("substring", ["explorer.exe", 1, 3]), "xp");
  assert.equal(call("substring", ["explorer.exe", -4]), ".exe");
  assert.equal(call("substring", ["explorer.exe", 5]), "rer.exe");
  assert.equal(call("substring", ["hello", -100, 2]), "he");
  assert.equal(call("substring", ["hello", 2, -1]), "ll");
  assert.equal(call("substring", ["hello", 3, 1]), "");
  assert.equal(call("substring", ["hello", 2, 100]), "llo");
  assert.equal(call("substring", ["hello", -2, -100]), "");
  assert.equal(call("substring", ["hello", null]), "hello");
  assert.equal(call("substring", ["hello", 1, null]), "ello");
  assert.equal(call("substring", ["", 1, 2]), "");
  assert.equal(call("substring", [null, 1]), null);
  assert.equal(call("substring", ["a😀b", 1, 2]), "\ud83d", "a lone surrogate, as Java gives");
  assert.equal(call("substring", ["hello", 1.9, 3.2]), "el", "Number.intValue truncates");
});

test("string renders Java toString", () => {
  assert.equal(call("string", [5]), "5");
  assert.equal(call("string", [true]), "true");
  assert.equal(call("string", [false]), "false");
  assert.equal(call("string", ["x"]), "x");
  assert.equal(call("string", [null]), null);
  assert.equal(call("string", [1.5]), "1.5");
  assert.equal(typed("string", ["float"], [1]), "1.0");
  assert.equal(typed("string", ["float"], [1e7]), "1.0E7");
  assert.equal(typed("string", ["float"], [1234567.5]), "1234567.5");
  assert.equal(typed("string", ["float"], [0.001]), "0.001");
  assert.equal(typed("string", ["float"], [0.0001]), "1.0E-4");
  assert.equal(typed("string", ["float"], [-1.25e-10]), "-1.25E-10");
  assert.equal(typed("string", ["float"], [123456789012]), "1.23456789012E11");
  assert.equal(typed("string", ["float"], [NaN]), "NaN");
  assert.equal(typed("string", ["float"], [-Infinity]), "-Infinity");
  assert.equal(typed("string", ["float"], [-0]), "-0.0");
  assert.equal(typed("string", ["integer"], [9007199254740993]), "9007199254740992");
  assert.equal(typed("string", ["integer"], [1e20]), "100000000000000000000");
});

test("number", () => {
  assert.equal(call("number", ["5"]), 5);
  assert.equal(call("number", ["0x32", 16]), 50);
  assert.equal(call("number", ["0x32"]), 50);
  assert.equal(call("number", ["32", 16]), 50);
  assert.equal(call("number", ["17", null]), 17);
  assert.equal(call("number", ["17", 10]), 17);
  assert.equal(call("number", ["11", 16]), 17);
  assert.equal(call("number", ["-12"]), -12);
  assert.equal(call("number", ["+12"]), 12);
  assert.equal(call("number", ["1.5"]), 1.5);
  assert.equal(call("number", ["  2.5  "]), 2.5, "Double.valueOf trims");
  assert.equal(call("number", ["1e3"]), 1000);
  assert.equal(call("number", ["2.5f"]), 2.5);
  assert.equal(call("number", [".5"]), 0.5);
  assert.ok(Number.isNaN(call("number", ["NaN"]) as number));
  assert.equal(call("number", ["-Infinity"]), -Infinity);
  assert.equal(call("number", ["99999999999999999999"]), 1e20, "too big for a long: read as a double");
  assert.equal(call("number", ["101", 2]), 5);
  assert.equal(call("number", ["zz", 36]), 1295);
  assert.equal(call("number", ["FF", 16]), 255);
  assert.equal(call("number", ["0x1p3", 10]), 8, "Java hex float");
  // Long.parseLong reads digits with Character.digit: any Unicode decimal digit, fullwidth Latin letters
  assert.equal(call("number", ["١٢"]), 12, "Arabic-Indic digits");
  assert.equal(call("number", ["-०९"]), -9, "Devanagari digits");
  assert.equal(call("number", ["１０"]), 10, "fullwidth digits");
  assert.equal(call("number", ["ｆＦ", 16]), 255, "fullwidth letters");
  assert.throws(() => call("number", ["𝟏"]), EvalError, "a digit outside the BMP is two chars to Java");
  assert.equal(call("number", [null]), null);
  assert.throws(() => call("number", ["abc"]), EvalError);
  assert.throws(() => call("number", ["0x32", 10]), EvalError);
  assert.throws(() => call("number", ["12", 1]), EvalError);
  assert.throws(() => call("number", ["1.5", 16]), EvalError);
  assert.throws(() => call("number", [""]), EvalError);
  assert.throws(() => call("number", ["5", 2.5]), EvalError);
  assert.throws(() => call("number", [5]), EvalError);
});

test("arithmetic functions keep integers integral", () => {
  assert.equal(call("add", [1, 2]), 3);
  assert.equal(call("subtract", [1, -5]), 6);
  assert.equal(call("multiply", [6, 5]), 30);
  assert.equal(call("divide", [30, 4]), 7);
  assert.equal(typed("divide", ["integer", "float"], [30, 4]), 7.5);
  assert.equal(call("divide", [30, 4.5]), 30 / 4.5);
  assert.equal(call("modulo", [7, 3]), 1);
  assert.equal(call("modulo", [-7, 3]), -1);
  assert.equal(call("add", [null, 2]), null);
  assert.throws(() => call("divide", [1, 0]), EvalError);
  assert.equal(typed("divide", ["float", "integer"], [1, 0]), Infinity);
  assert.throws(() => call("add", ["1", 2]), EvalError);
});

test("string() and concat() show ip values in Elasticsearch's canonical form", () => {
  assert.equal(typed("string", ["ip"], ["::FFFF:10.0.0.1"]), "10.0.0.1");
  assert.equal(typed("string", ["ip"], ["FE80:0:0:0:0:0:0:1"]), "fe80::1");
  assert.equal(typed("string", ["ip"], ["10.6.48.157"]), "10.6.48.157");
  assert.equal(typed("concat", ["ip", "string"], ["2001:DB8:0:0:1:0:0:1", "!"]), "2001:db8::1:0:0:1!");
  assert.equal(typed("string", ["string"], ["FE80::1"]), "FE80::1", "strings are left alone");
});

test("string() of dates prints Java's ZonedDateTime", () => {
  assert.equal(typed("string", ["date"], [1516116808349]), "2018-01-16T15:33:28.349Z");
  assert.equal(typed("string", ["date"], ["2017-08-30T20:47:00Z"]), "2017-08-30T20:47Z");
  assert.equal(typed("string", ["date_nanos"], ["1974-03-03T02:22:54.294365140Z"]), "1974-03-03T02:22:54.294365140Z");
  assert.equal(typed("string", ["date"], ["not a date"]), "not a date");
});
