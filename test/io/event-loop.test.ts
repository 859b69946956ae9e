import { test } from "node:test";
import assert from "node:assert/strict";
import { turnCounter } from "../../src/io/event-loop.js";

test("turnCounter: due on every n-th call only", () => {
  const due = turnCounter(3);
  assert.deepEqual(Array.from({ length: 7 }, () => due()), [false, false, true, false, false, true, false]);
  const each = turnCounter(1);
  assert.deepEqual([each(), each()], [true, true]);
});
