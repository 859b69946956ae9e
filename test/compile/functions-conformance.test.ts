// Function semantics checked against Elasticsearch's own QA expectations: for the QA queries that are a
// single function-based condition, evaluate the condition with the registry over the endgame events and
// compare the matching ids. Reads ../shared/conformance/es-eql (skipped when absent).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { bindFunction, lookupFunction, type Evaluator, type ScalarValue } from "../../src/compile/functions/registry.js";
import { compileLuceneRegex } from "../../src/compile/lucene-regex.js";
import { compileEquals, compileWildcard, hasWildcards } from "../../src/compile/wildcard.js";
import type { DataType } from "../../src/eql/types.js";
import { sharedPath } from "../repo-paths.js";

const DATA = sharedPath("conformance/es-eql/data/endgame-140.ndjson");

type Event = Record<string, unknown>;

function fn(name: string, ci = false, types: readonly DataType[] = []): Evaluator {
  const def = lookupFunction(name);
  assert.ok(def);
  return bindFunction(def, types, ci);
}

function field(e: Event, name: string): ScalarValue {
  const v = e[name];
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : null;
}

/** `value : pattern` on a computed value. */
function seq(pattern: string, value: ScalarValue): boolean {
  if (typeof value !== "string") return false;
  return hasWildcards(pattern) ? compileWildcard(pattern, true)(value) : compileEquals(pattern, true, "java")(value);
}

test("function conditions select the events Elasticsearch's QA suite expects", (t) => {
  if (!existsSync(DATA)) {
    t.skip("../shared/conformance/es-eql not found");
    return;
  }
  const events = readFileSync(DATA, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Event);
  const select = (category: string | null, pred: (e: Event) => boolean): number[] =>
    events.filter((e) => (category === null || e["event_type"] === category) && pred(e)).map((e) => e["serial_event_id"] as number);

  const regexes = [".*?net[1]?  localgroup.*?", ".*? myappserver.py .*?"].map((p) => compileLuceneRegex(p, false));
  const cases: [string, number[], number[]][] = [
    ["between~(process_name, \"s\", \"E\") : \"yst\"", select("process", (e) => seq("yst", fn("between", true)([field(e, "process_name"), "s", "E"]))), [1, 2]],
    ["between(process_name, \"S\", \"e\", true) : …", select("process", (e) => seq("ystem Idle Proc", fn("between")([field(e, "process_name"), "S", "e", true]))), [1]],
    ["substring(file_name, 1, 3) == \"xp\"", select("file", (e) => fn("substring")([field(e, "file_name"), 1, 3]) === "xp"), [88, 91]],
    ["substring(file_name, -4) : \".exe\"", select("file", (e) => seq(".exe", fn("substring")([field(e, "file_name"), -4]))), [55, 59, 61, 65, 67, 70, 72, 75, 76, 81, 83, 86, 88, 91]],
    ["startsWith~(file_name, \"expLORER.ExE\")", select("file", (e) => e["opcode"] === 0 && fn("startsWith", true)([field(e, "file_name"), "expLORER.ExE"]) === true), [88, 92]],
    ["startsWith(file_name, \"explorer.\")", select("file", (e) => e["opcode"] === 0 && fn("startsWith")([field(e, "file_name"), "explorer."]) === true), [88]],
    ["endsWith~(file_name, \"loREr.exe\")", select("file", (e) => e["opcode"] === 0 && fn("endsWith", true)([field(e, "file_name"), "loREr.exe"]) === true), [88]],
    ["stringContains(\"ABC…\", file_name)", select("file", (e) => e["opcode"] === 0 && fn("stringContains")(["ABCDEFGHIexplorer.exeJKLMNOP", field(e, "file_name")]) === true), [88]],
    ["indexOf~(file_name, \"plore\") == 2 and … == null", select("file", (e) => e["opcode"] === 0 && fn("indexOf", true)([field(e, "file_name"), "plore"]) === 2 && fn("indexOf", true)([field(e, "file_name"), ".pf"]) === null), [88]],
    ["indexOf~(file_name, \"pLOrer.\", 2) == 2", select("file", (e) => e["opcode"] === 0 && fn("indexOf", true)([field(e, "file_name"), "pLOrer.", 2]) === 2), [88, 92]],
    ["concat(serial_event_id, \"::\", process_name, \"::\", opcode) : …", select("process", (e) => seq("5::wininit.exe::3", fn("concat", false, ["integer", "string", "string", "string", "integer"])([field(e, "serial_event_id"), "::", field(e, "process_name"), "::", field(e, "opcode")]))), [5]],
    ["number(string(serial_event_id), 16) == 17", select(null, (e) => fn("number")([fn("string", false, ["integer"])([field(e, "serial_event_id")]), 16]) === 17), [11]],
    ["number(string(serial_event_id)) == 17", select(null, (e) => fn("number")([fn("string", false, ["integer"])([field(e, "serial_event_id")])]) === 17), [17]],
    ["serial_event_id == number(\"0x32\", 16)", select("process", (e) => e["serial_event_id"] === fn("number")(["0x32", 16])), [50]],
    ["string(serial_event_id) like (\"1?\")", select("process", (e) => compileWildcard("1?", false)(fn("string", false, ["integer"])([field(e, "serial_event_id")]) as string)), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]],
    ["substring(command_line, 5) regex (…)", select("process", (e) => { const s = fn("substring")([field(e, "command_line"), 5]); return typeof s === "string" && regexes.some((m) => m(s)); }), [50, 98]],
    ["subtract(serial_event_id, -5) == 6", select("process", (e) => fn("subtract", false, ["integer", "integer"])([field(e, "serial_event_id"), -5]) === 6), [1]],
    ["multiply(6, serial_event_id) == 30 and divide(30, 4.0) == 7.5", select("process", (e) => fn("multiply", false, ["integer", "integer"])([6, field(e, "serial_event_id")]) === 30 && fn("divide", false, ["integer", "float"])([30, 4.0]) === 7.5), [5]],
  ];
  for (const [query, actual, expected] of cases) assert.deepEqual(actual, expected, query);
});
