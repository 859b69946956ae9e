// Multi-valued fields: queries match when ANY value matches; must_not when none does; scripts pass when
// some combination of values makes them true.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mappingWith, select } from "./helpers.js";

const mapping = mappingWith({ tags: { type: "keyword" }, n: { type: "long" }, ips: { type: "ip" } });
const docs = [
  { id: 1, event_type: "x", tags: ["a", "B"], n: [1, 10], ips: ["10.0.0.1", "192.168.1.1"] },
  { id: 2, event_type: "x", tags: "a", n: 5, ips: "::ffff:10.0.0.2" },
  { id: 3, event_type: "x", tags: ["c", null], n: [] },
  { id: 4, event_type: "x", tags: [["b"], ["a"]] },
];

test("== / in / : / like / regex match any value", () => {
  assert.deepEqual(select("any where tags == \"B\"", docs, mapping), [1]);
  assert.deepEqual(select("any where tags == \"a\"", docs, mapping), [1, 2, 4]);
  assert.deepEqual(select("any where tags in (\"c\", \"z\")", docs, mapping), [3]);
  assert.deepEqual(select("any where tags : \"b\"", docs, mapping), [1, 4]);
  assert.deepEqual(select("any where tags like \"B*\"", docs, mapping), [1]);
  assert.deepEqual(select("any where tags regex \"[bc]\"", docs, mapping), [3, 4]);
  assert.deepEqual(select("any where n > 7", docs, mapping), [1]);
  assert.deepEqual(select("any where n < 2 and n > 7", docs, mapping), [1]);
});

test("!= / not in / not are true only when no value matches (missing passes)", () => {
  assert.deepEqual(select("any where tags != \"a\"", docs, mapping), [3]);
  assert.deepEqual(select("any where tags not in (\"a\", \"c\")", docs, mapping), []);
  assert.deepEqual(select("any where not tags : \"b\"", docs, mapping), [2, 3]);
  assert.deepEqual(select("any where n != 5", docs, mapping), [1, 3, 4]);
});

test("functions on multi-valued fields: some value makes the script true", () => {
  assert.deepEqual(select("any where length(tags) == 1 and startsWith(tags, \"B\")", docs, mapping), [1]);
  assert.deepEqual(select("any where n * 2 == 20", docs, mapping), [1]);
  assert.deepEqual(select("any where n % 7 != 1", docs, mapping), [1, 2]);
  assert.deepEqual(select("any where concat(tags, tags) == \"aB\"", docs, mapping), [1]);
  assert.deepEqual(select("any where string(n) : \"1?\"", docs, mapping), [1]);
});

test("ip fields: canonical equality, IPv4-mapped IPv6, cidrMatch over any value", () => {
  assert.deepEqual(select("any where ips == \"10.0.0.2\"", docs, mapping), [2]);
  assert.deepEqual(select("any where ips == \"::ffff:192.168.1.1\"", docs, mapping), [1]);
  assert.deepEqual(select("any where cidrMatch(ips, \"192.168.0.0/16\")", docs, mapping), [1]);
  assert.deepEqual(select("any where cidrMatch(ips, \"10.0.0.0/8\")", docs, mapping), [1, 2]);
  assert.deepEqual(select("any where cidrMatch(ips, \"10.0.0.0/8\") == false", docs, mapping), [3, 4]);
  // values an ip field refuses are not indexed: leading zeros (not octal), zone ids
  const odd = [
    { id: 1, event_type: "x", ips: "010.0.0.1" },
    { id: 2, event_type: "x", ips: "fe80::1%eth0" },
    { id: 3, event_type: "x", ips: "8.0.0.1" },
  ];
  assert.deepEqual(select("any where ips == \"8.0.0.1\"", odd, mapping), [3]);
  assert.deepEqual(select("any where ips != null", odd, mapping), [3]);
  assert.deepEqual(select("any where ips >= \"0.0.0.0\"", odd, mapping), [3]);
});

test("arithmetic on a field with integer literals becomes a field query (SimplifyComparisonsArithmetics)", () => {
  // n + 0 != 1 is the must_not term n == 1: doc 1 (has 1) fails, missing n passes.
  assert.deepEqual(select("any where n + 0 != 1", docs, mapping), [2, 3, 4]);
  assert.deepEqual(select("any where n - 1 == 9", docs, mapping), [1]);
  assert.deepEqual(select("any where n * -2 < -15", docs, mapping), [1]);
  assert.deepEqual(select("any where -n == -5", docs, mapping), [2]);
  assert.deepEqual(select("any where -n + 100 != 95", docs, mapping), [1, 3, 4]);
  // Not simplified: integer division, modulo, a float literal, an inexact multiplication.
  assert.deepEqual(select("any where n / 2 != 2", docs, mapping), [1]);
  assert.deepEqual(select("any where n * 2.0 != 10", docs, mapping), [1]);
  assert.deepEqual(select("any where n * 3 != 10", docs, mapping), [1, 2]);
});
