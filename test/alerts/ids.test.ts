import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { sha256Hex } from "../../src/alerts/sha256.js";
import { ancestorsAlertId, buildingBlockIds, derivedRuleUuid, singleEventAlertId } from "../../src/alerts/ids.js";

const RULE = "3c1f7e2a-8d4b-4e0f-9a61-2b5d7c9e4f10";
const EV0 = { id: "Yk3pQ5ABcD1eF2gH3iJ4", index: ".ds-logs-endpoint.events.process-default-2025.06.02-000001" };
const EV1 = { id: "Zm4qR6BCdE2fG3hI4jK5", index: ".ds-logs-endpoint.events.network-default-2025.06.02-000001" };
const BB0 = "80e93f4eb800c2169108cda8630acabe03d9eb24aac50b5ebb09d7b38ffc33ac";
const BB1 = "eb38acf4b7e9dee2dcd5d90fd3404247742fa407af7f3c99f158bf858f0afd7f";
const SHELL = "98270c4f9d98e2d55ffc6c59e31bde1b23e0e61d91414f9520853c91f3533160";
const SINGLE = "9a977a6ff53caaa4ea4986ddebdf7878bb36f464ed017b9ba2f09a60041cc940";

test("sha256Hex agrees with node:crypto on short, block-boundary, long and non-ASCII inputs", () => {
  const inputs = ["", "abc", "a".repeat(55), "a".repeat(56), "a".repeat(64), "x".repeat(1000), "é✓😀 alert"];
  for (const text of inputs) assert.equal(sha256Hex(text), createHash("sha256").update(text).digest("hex"), JSON.stringify(text.slice(0, 10)));
});

test("building-block ids reproduce the alert-semantics test vector", () => {
  assert.deepEqual(buildingBlockIds([EV0, EV1], RULE), [BB0, BB1]);
});

test("shell id reproduces the test vector (ancestors ev0, bb0, ev1, bb1)", () => {
  const ancestors = [
    { id: EV0.id, index: EV0.index, type: "event" as const, depth: 0 },
    { id: BB0, index: "", type: "signal" as const, depth: 1, rule: RULE },
    { id: EV1.id, index: EV1.index, type: "event" as const, depth: 0 },
    { id: BB1, index: "", type: "signal" as const, depth: 1, rule: RULE },
  ];
  assert.equal(ancestorsAlertId(ancestors, RULE), SHELL);
});

test("single-event id reproduces the test vector (version text 'undefined', space 'default')", () => {
  assert.equal(singleEventAlertId(EV0, "default", RULE), SINGLE);
  assert.notEqual(singleEventAlertId(EV0, "other", RULE), SINGLE);
  assert.notEqual(singleEventAlertId({ ...EV0, version: 1 }, "default", RULE), SINGLE);
});

test("derived rule uuids are stable and UUID-shaped", () => {
  const a = derivedRuleUuid("e7e0588b-2b55-4f88-afd1-cf98e95e0f58");
  assert.equal(a, derivedRuleUuid("e7e0588b-2b55-4f88-afd1-cf98e95e0f58"));
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, derivedRuleUuid("another"));
});
