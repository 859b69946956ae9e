// Typed comparisons: integer vs float arithmetic, numeric strings, booleans, ip, version, dates and
// date_nanos at nanosecond precision, text fields through their keyword sub-field, dynamic mapping.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mappingWith, select } from "./helpers.js";

const mapping = mappingWith({
  n: { type: "long" },
  f: { type: "float" },
  d: { type: "double" },
  flag: { type: "boolean" },
  ver: { type: "version" },
  ts: { type: "date" },
  tsn: { type: "date_nanos" },
  day: { type: "date", format: "dd-MM-yyyy" },
  title: { type: "text", fields: { keyword: { type: "keyword", ignore_above: 256 } } },
});

test("integer arithmetic stays integral; float literals make it floating point", () => {
  const docs = [82, 83, 84].map((n) => ({ id: n, event_type: "x", n }));
  assert.deepEqual(select("any where n / 2 == 41", docs, mapping), [82, 83]);
  assert.deepEqual(select("any where n / 2.0 == 41", docs, mapping), [82]);
  assert.deepEqual(select("any where n % 40 == 2", docs, mapping), [82]);
  assert.deepEqual(select("any where n < 82.5", docs, mapping), [82]);
  assert.deepEqual(select("any where n == 82.0", docs, mapping), [82]);
  assert.deepEqual(select("any where n == 82.5", docs, mapping), []);
});

test("numeric strings are coerced into numeric fields; fractions truncate in integer fields", () => {
  const docs = [
    { id: 1, event_type: "x", n: "123" },
    { id: 2, event_type: "x", n: 123.9 },
    { id: 3, event_type: "x", n: "abc" },
    { id: 4, event_type: "x", f: 0.1, d: "2.5" },
  ];
  assert.deepEqual(select("any where n == 123", docs, mapping), [1, 2]);
  assert.deepEqual(select("any where n != null", docs, mapping), [1, 2]);
  assert.deepEqual(select("any where f == 0.1", docs, mapping), [4]);
  assert.deepEqual(select("any where d > 2", docs, mapping), [4]);
});

test("booleans: true/false and their strings", () => {
  const docs = [
    { id: 1, event_type: "x", flag: true },
    { id: 2, event_type: "x", flag: "false" },
    { id: 3, event_type: "x", flag: "true" },
    { id: 4, event_type: "x" },
  ];
  assert.deepEqual(select("any where flag", docs, mapping), [1, 3]);
  assert.deepEqual(select("any where flag == false", docs, mapping), [2]);
  assert.deepEqual(select("any where flag != true", docs, mapping), [2, 4]);
  assert.deepEqual(select("any where not flag", docs, mapping), [2, 4]);
});

test("version fields compare semantically; invalid versions sort last", () => {
  const docs = ["1.2.4-SNAPSHOT", "1.5.0", "1.11.3", "bad"].map((v, i) => ({ id: i + 1, event_type: "x", ver: v }));
  assert.deepEqual(select("any where ver > \"1.5.0\"", docs, mapping), [3, 4]);
  assert.deepEqual(select("any where ver < \"1.5.0\"", docs, mapping), [1]);
  assert.deepEqual(select("any where ver == \"1.11.3\"", docs, mapping), [3]);
});

test("dates: ISO strings and epoch millis; date truncates to millis, date_nanos keeps nanoseconds", () => {
  const docs = [
    { id: 1, event_type: "x", ts: "2017-08-30T20:47:33Z", tsn: "2017-08-30T20:47:33.000000001Z" },
    { id: 2, event_type: "x", ts: 1504126053000, tsn: "1504126053000" },
    { id: 3, event_type: "x", ts: "2017-08-30T20:47:33.000000500Z", tsn: "1504126053000.000002" },
    { id: 4, event_type: "x", day: "31-12-2022" },
  ];
  assert.deepEqual(select("any where ts == \"2017-08-30T20:47:33Z\"", docs, mapping), [1, 2, 3]);
  assert.deepEqual(select("any where ts == 1504126053000", docs, mapping), [1, 2, 3]);
  assert.deepEqual(select("any where ts < \"2017-08-30T20:47:33.001Z\"", docs, mapping), [1, 2, 3]);
  // text bounds without a fraction round up for ==, <= and > (the whole second / day is covered)
  assert.deepEqual(select("any where tsn == \"2017-08-30T20:47:33Z\"", docs, mapping), [1, 2, 3]);
  assert.deepEqual(select("any where tsn == \"2017-08-30T20:47:33.000Z\"", docs, mapping), [2]);
  assert.deepEqual(select("any where ts <= \"2017-08-30\"", docs, mapping), [1, 2, 3]);
  assert.deepEqual(select("any where ts > \"2017-08-30\"", docs, mapping), []);
  assert.deepEqual(select("any where ts >= \"2017-08-31\"", docs, mapping), []);
  assert.deepEqual(select("any where ts < \"2017-08-30T20:47:33Z\"", docs, mapping), []);
  assert.deepEqual(select("any where tsn == 1504126053000", docs, mapping), [2]);
  assert.deepEqual(select("any where tsn > \"2017-08-30T20:47:33.000000001Z\"", docs, mapping), [3]);
  assert.deepEqual(select("any where tsn >= 1504126053000", docs, mapping), [1, 2, 3]);
  assert.deepEqual(select("any where day == \"2022-12-31\"", docs, mapping), [4]);
});

test("text fields compare through their keyword sub-field", () => {
  const docs = [
    { id: 1, event_type: "x", title: "Hello World" },
    { id: 2, event_type: "x", title: "hello" },
  ];
  assert.deepEqual(select("any where title == \"Hello World\"", docs, mapping), [1]);
  assert.deepEqual(select("any where title.keyword == \"hello\"", docs, mapping), [2]);
  assert.deepEqual(select("any where title : \"HELLO*\"", docs, mapping), [1, 2]);
  assert.deepEqual(select("any where length(title) == 5", docs, mapping), [2]);
});

test("dynamic mapping for unmapped fields: strings (text + keyword), integers, floats, booleans", () => {
  const docs = [
    { id: 1, event_type: "x", extra: "A", count: 3, ratio: 0.5, ok: true },
    { id: 2, event_type: "x", extra: "b", count: 10, ratio: 1.5, ok: false },
  ];
  assert.deepEqual(select("any where extra == \"A\"", docs, mapping), [1]);
  assert.deepEqual(select("any where extra.keyword : \"B\"", docs, mapping), [2]);
  assert.deepEqual(select("any where count / 3 == 1", docs, mapping), [1]);
  assert.deepEqual(select("any where ratio > 1", docs, mapping), [2]);
  assert.deepEqual(select("any where ok == true", docs, mapping), [1]);
});

test("category: term on the category field (alias), case-sensitive, any value", () => {
  const docs = [
    { id: 1, event_type: "process" },
    { id: 2, event_type: "Process" },
    { id: 3, event_type: ["file", "process"] },
    { id: 4 },
  ];
  assert.deepEqual(select("process where true", docs, mapping), [1, 3]);
  assert.deepEqual(select("any where true", docs, mapping), [1, 2, 3, 4]);
  assert.deepEqual(select("file where true", docs, mapping), [3]);
});

test("no schema: every field typed from its JSON value", () => {
  const docs = [
    { id: 1, event: { category: "process" }, process: { pid: 4, name: "a.exe" } },
    { id: 2, "event.category": ["process"], "process.pid": 5 },
  ];
  assert.deepEqual(select("process where process.pid > 4", docs), [2]);
  assert.deepEqual(select("process where process.name : \"A.EXE\"", docs), [1]);
  // integers stay integers: 5 / 2 is 2, so the division is not moved off the field as if it were a float's
  assert.deepEqual(select("process where process.pid / 2 == 2", docs), [1, 2]);
  assert.deepEqual(select("process where process.pid / 2.0 == 2.5", docs), [2]);
  assert.deepEqual(select("process where ?nothing == null", docs), [1, 2]);
});

test("ignore_above: longer strings are not indexed in the keyword (sub-)field", () => {
  const long = "x".repeat(257);
  const docs = [
    { id: 1, event_type: "x", title: long, dyn: long },
    { id: 2, event_type: "x", title: "x".repeat(256), dyn: "short" },
  ];
  assert.deepEqual(select(`any where title == "${long}"`, docs, mapping), []);
  assert.deepEqual(select("any where title : \"x*\"", docs, mapping), [2]);
  assert.deepEqual(select("any where dyn : \"x*\"", docs, mapping), []);
  assert.deepEqual(select("any where dyn == null", docs, mapping), [1]);
  assert.deepEqual(select("any where length(title) > 0", docs, mapping), [2]);
});

test("no schema: numbers and numeric strings compare across JSON types", () => {
  const docs = [
    { id: 1, event: { category: "process" }, process: { pid: "4" } },
    { id: 2, event: { category: "process" }, process: { pid: 4 } },
    { id: 3, event: { category: "process" }, process: { pid: "x4" } },
  ];
  assert.deepEqual(select("process where process.pid == 4", docs), [1, 2]);
  assert.deepEqual(select("process where process.pid == \"4\"", docs), [1, 2]);
  assert.deepEqual(select("process where process.pid > 3", docs), [1, 2]);
});

test("constants of another type are converted as the field's query converts them", () => {
  const m = mappingWith({ code: { type: "keyword" }, n: { type: "long" } });
  const docs = [
    { id: 1, event_type: "x", code: "5", n: 5 },
    { id: 2, event_type: "x", code: 5, n: "7" },
  ];
  assert.deepEqual(select("any where code == 5", docs, m), [1, 2]);
  assert.deepEqual(select("any where n == \"5\"", docs, m), [1]);
  assert.deepEqual(select("any where n >= \"6\"", docs, m), [2]);
  // in scripts, values of different types do not compare: null, no match either way
  assert.deepEqual(select("any where length(code) == \"1\"", docs, m), []);
  assert.deepEqual(select("any where length(code) != \"1\"", docs, m), []);
});
