// Arithmetic with Elasticsearch (Java) semantics.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { arithmetic, negate } from "../../src/compile/arith.js";
import { EvalError } from "../../src/compile/functions/eval-error.js";

test("integer arithmetic stays integral", () => {
  assert.equal(arithmetic("/", 7, 2, true), 3);
  assert.equal(arithmetic("/", -7, 2, true), -3, "truncates toward zero");
  assert.equal(arithmetic("/", 82, 2, true), 41);
  assert.equal(arithmetic("/", 83, 2, true), 41);
  assert.equal(arithmetic("%", -7, 2, true), -1, "sign of the dividend");
  assert.equal(arithmetic("%", 7, -2, true), 1);
  assert.equal(arithmetic("+", 1, 2, true), 3);
  assert.equal(arithmetic("-", 1, 2, true), -1);
  assert.equal(arithmetic("*", 6, 5, true), 30);
  assert.equal(Object.is(arithmetic("*", -1, 0, true), -0), false, "no negative zero for integers");
  assert.equal(arithmetic("+", 2147483647, 1, true), 2147483648, "int overflow widens to long here");
});

test("integer division or modulo by zero is an error; long overflow is an error", () => {
  assert.throws(() => arithmetic("/", 1, 0, true), EvalError);
  assert.throws(() => arithmetic("%", 1, 0, true), EvalError);
  assert.throws(() => arithmetic("+", 2 ** 63, 2 ** 63, true), EvalError);
  assert.throws(() => negate(-(2 ** 63), true), EvalError);
});

test("float arithmetic is IEEE", () => {
  assert.equal(arithmetic("/", 7, 2, false), 3.5);
  assert.equal(arithmetic("/", 66, 4, false), 16.5);
  assert.equal(arithmetic("/", 1, 0, false), Infinity);
  assert.ok(Number.isNaN(arithmetic("%", 1, 0, false) as number));
  assert.equal(arithmetic("%", -7.5, 2, false), -1.5);
  assert.equal(negate(1.5, false), -1.5);
});

test("null propagates", () => {
  assert.equal(arithmetic("+", null, 1, true), null);
  assert.equal(arithmetic("/", 1, null, false), null);
  assert.equal(negate(null, true), null);
  assert.equal(negate(5, true), -5);
});

test("property: integral division matches Java's truncated quotient", () => {
  fc.assert(
    fc.property(fc.integer(), fc.integer().filter((n) => n !== 0), (a, b) => {
      assert.equal(arithmetic("/", a, b, true), Math.trunc(a / b) + 0);
      assert.equal(arithmetic("%", a, b, true), a % b === 0 ? 0 : a % b);
      assert.equal((arithmetic("/", a, b, true) as number) * b + (arithmetic("%", a, b, true) as number), a);
    }),
    { numRuns: 2000, seed: 1 },
  );
});
