// Case and pattern rules: ==/!=/</in are case-sensitive and literal, `:` and `in~` fold case,
// like/regex are case-sensitive and their `~` forms are not; string order is code point order in queries
// and UTF-16 order in scripts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mappingWith, select } from "./helpers.js";
import { compareCodePoints, compareUtf16, foldCase } from "../../src/compile/strings.js";

const mapping = mappingWith({ name: { type: "keyword" }, path: { type: "keyword" } });
const docs = [
  { id: 1, event_type: "x", name: "System", path: "C:\\Windows\\cmd.exe" },
  { id: 2, event_type: "x", name: "system", path: "c:\\windows\\CMD.EXE" },
  { id: 3, event_type: "x", name: "System Idle Process", path: "a*b" },
  { id: 4, event_type: "x", name: "Ünïcödé", path: "\u{1F600}x" },
  { id: 5, event_type: "x", name: "\uFF21", path: "ab" },
];

test("== / != / in are case-sensitive and literal", () => {
  assert.deepEqual(select("any where name == \"System\"", docs, mapping), [1]);
  assert.deepEqual(select("any where name != \"System\"", docs, mapping), [2, 3, 4, 5]);
  assert.deepEqual(select("any where name in (\"system\", \"nope\")", docs, mapping), [2]);
  assert.deepEqual(select("any where path == \"a*b\"", docs, mapping), [3]);
  assert.deepEqual(select("any where path in (\"a*\")", docs, mapping), []);
});

test(": folds case, with * and ? wildcards; backslashes are literal", () => {
  assert.deepEqual(select("any where name : \"SYSTEM\"", docs, mapping), [1, 2]);
  assert.deepEqual(select("any where name : \"sys*\"", docs, mapping), [1, 2, 3]);
  assert.deepEqual(select("any where name : \"syste?\"", docs, mapping), [1, 2]);
  assert.deepEqual(select("any where path : \"C:\\\\windows\\\\*.exe\"", docs, mapping), [1, 2]);
  assert.deepEqual(select("any where path : \"?x\"", docs, mapping), [4]);
  // field queries fold ASCII letters only (Lucene case-insensitive automata) ...
  assert.deepEqual(select("any where name : \"üNÏCÖDÉ\"", docs, mapping), []);
  assert.deepEqual(select("any where name : \"Ünïcödé\"", docs, mapping), [4]);
  // ... while equality on computed values uses Java's equalsIgnoreCase
  assert.deepEqual(select("any where substring(name, 0) : \"üNÏCÖDÉ\"", docs, mapping), [4]);
  assert.deepEqual(select("any where name : (\"nope\", \"system idle*\")", docs, mapping), [3]);
});

test("in~ folds case but stays literal", () => {
  assert.deepEqual(select("any where name in~ (\"SYSTEM\")", docs, mapping), [1, 2]);
  assert.deepEqual(select("any where name in~ (\"sys*\")", docs, mapping), []);
  assert.deepEqual(select("any where name not in~ (\"SYSTEM\", \"ab\")", docs, mapping), [3, 4, 5]);
});

test("like / regex are case-sensitive; like~ / regex~ are not", () => {
  assert.deepEqual(select("any where name like \"Sys*\"", docs, mapping), [1, 3]);
  assert.deepEqual(select("any where name like~ \"SYS*\"", docs, mapping), [1, 2, 3]);
  assert.deepEqual(select("any where name like \"system\"", docs, mapping), [2]);
  assert.deepEqual(select("any where name like~ \"SYSTEM\"", docs, mapping), [1, 2]);
  assert.deepEqual(select("any where name regex \"S.*s\"", docs, mapping), [3]);
  assert.deepEqual(select("any where name regex~ \"s[a-z]+\"", docs, mapping), [1, 2]);
  assert.deepEqual(select("any where name regex \"Sys\"", docs, mapping), []);
});

test("range comparisons on strings: code point order in queries", () => {
  assert.deepEqual(select("any where name >= \"System\" and name <= \"System Idle Process\"", docs, mapping), [1, 3]);
  assert.deepEqual(select("any where name > \"System\" and name <= \"System Idle Process\"", docs, mapping), [3]);
  assert.deepEqual(select("any where name > \"s\"", docs, mapping), [2, 4, 5]);
  // U+1F600 (a surrogate pair) sorts after U+FF21 by code point
  assert.deepEqual(select("any where path > \"\uFF21\"", docs, mapping), [4]);
});

test("functions: plain forms case-sensitive, ~ forms insensitive", () => {
  assert.deepEqual(select("any where startsWith(name, \"sys\")", docs, mapping), [2]);
  assert.deepEqual(select("any where startsWith~(name, \"SYS\")", docs, mapping), [1, 2, 3]);
  assert.deepEqual(select("any where endsWith(path, \".exe\")", docs, mapping), [1]);
  assert.deepEqual(select("any where endsWith~(path, \".exe\")", docs, mapping), [1, 2]);
  assert.deepEqual(select("any where stringContains(name, \"Idle\")", docs, mapping), [3]);
  assert.deepEqual(select("any where stringContains~(name, \"idle\")", docs, mapping), [3]);
  assert.deepEqual(select("any where indexOf~(name, \"SYS\") == 0", docs, mapping), [1, 2, 3]);
});

test("string order helpers", () => {
  assert.ok(compareUtf16("\u{1F600}", "\uFF21") < 0);
  assert.ok(compareCodePoints("\u{1F600}", "\uFF21") > 0);
  assert.ok(compareCodePoints("a", "ab") < 0);
  assert.equal(compareCodePoints("abc", "abc"), 0);
  assert.equal(foldCase("ÄBC"), "äbc");
  assert.equal(foldCase("İ").length, 1);
});
