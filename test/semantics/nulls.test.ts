// Null semantics: comparisons on fields are Lucene queries (missing → no match, negations are must_not),
// null checks come from ReplaceNullChecks, computed values follow three-valued logic inside scripts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mappingWith, select } from "./helpers.js";

const mapping = mappingWith({ code: { type: "long" }, name: { type: "keyword" }, opt: { type: "keyword", null_value: "NULL" } });
const docs = [
  { id: 1, event_type: "process", code: 0, name: "a" },
  { id: 2, event_type: "process", name: "b" },
  { id: 3, event_type: "process", code: 5, name: null },
  { id: 4, event_type: "process", code: null, opt: null },
  { id: 5, event_type: "process", code: [], opt: "x" },
];

test("comparisons with a missing field do not match", () => {
  assert.deepEqual(select("any where code > -1", docs, mapping), [1, 3]);
  assert.deepEqual(select("any where code < 100", docs, mapping), [1, 3]);
  assert.deepEqual(select("any where -1 < code", docs, mapping), [1, 3]);
});

test("negations are must_not queries: a missing field passes != and not", () => {
  assert.deepEqual(select("any where code != 0", docs, mapping), [2, 3, 4, 5]);
  assert.deepEqual(select("any where not (code > -1)", docs, mapping), [2, 4, 5]);
  assert.deepEqual(select("any where not code == 5", docs, mapping), [1, 2, 4, 5]);
});

test("== null and != null are existence checks, on either side", () => {
  assert.deepEqual(select("any where code == null", docs, mapping), [2, 4, 5]);
  assert.deepEqual(select("any where null == code", docs, mapping), [2, 4, 5]);
  assert.deepEqual(select("any where code != null", docs, mapping), [1, 3]);
  assert.deepEqual(select("any where null != name", docs, mapping), [1, 2]);
});

test("null == (expr) tests the computed value for null", () => {
  assert.deepEqual(select("any where null == (code > -1)", docs, mapping), [2, 4, 5]);
  assert.deepEqual(select("any where (code + 1) == null", docs, mapping), [2, 4, 5]);
  assert.deepEqual(select("any where (code + 1) != null", docs, mapping), [1, 3]);
});

test("scripts: a null result never matches; not of a script negates the whole script", () => {
  assert.deepEqual(select("any where code + 1 > 0", docs, mapping), [1, 3]);
  assert.deepEqual(select("any where concat(name, \"x\") == \"ax\"", docs, mapping), [1]);
  assert.deepEqual(select("any where not (code + 1 > 0)", docs, mapping), [2, 4, 5]);
});

test("null literals in comparisons and conditions", () => {
  assert.deepEqual(select("any where code < null", docs, mapping), []);
  assert.deepEqual(select("any where null", docs, mapping), []);
  assert.deepEqual(select("any where null == null", docs, mapping), [1, 2, 3, 4, 5]);
  assert.deepEqual(select("any where name in (\"a\", null)", docs, mapping), [1]);
  assert.deepEqual(select("any where name not in (\"a\", null)", docs, mapping), [2, 3, 4, 5]);
});

test("null_value: a JSON null is indexed as the null_value", () => {
  assert.deepEqual(select("any where opt == \"NULL\"", docs, mapping), [4]);
  assert.deepEqual(select("any where opt == null", docs, mapping), [1, 2, 3]);
  assert.deepEqual(select("any where ?opt != null", docs, mapping), [4, 5]);
});

test("optional fields unknown to the mapping are null constants", () => {
  assert.deepEqual(select("any where ?nope == null", docs, mapping), [1, 2, 3, 4, 5]);
  assert.deepEqual(select("any where ?nope != null", docs, mapping), []);
  assert.deepEqual(select("any where ?nope == \"x\"", docs, mapping), []);
  assert.deepEqual(select("any where ?nope == ?other", docs, mapping), [1, 2, 3, 4, 5]);
  assert.deepEqual(select("any where not ?nope == \"x\"", docs, mapping), [1, 2, 3, 4, 5]);
});

test("logical operators over queries", () => {
  assert.deepEqual(select("any where code == 0 or name == \"b\"", docs, mapping), [1, 2]);
  assert.deepEqual(select("any where code == 0 and name == \"b\"", docs, mapping), []);
  assert.deepEqual(select("any where true and not false", docs, mapping), [1, 2, 3, 4, 5]);
});
