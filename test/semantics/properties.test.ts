// Property checks (fast-check): field queries and scripts agree with a direct model of Elasticsearch's
// semantics on random single- and multi-valued documents.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compile, mappingWith, records, schemaFor } from "./helpers.js";
import type { CompiledQuery } from "../../src/exec/compiled.js";

const mapping = mappingWith({ n: { type: "long" }, s: { type: "keyword" } });
const schema = schemaFor(mapping);
const OPS = ["==", "!=", "<", "<=", ">", ">="] as const;
type Op = (typeof OPS)[number];

function cmp(op: Op, a: number, b: number): boolean {
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

const nValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer({ min: -5, max: 5 }),
  fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(null)), { maxLength: 3 }),
);

function valuesOf(v: unknown): number[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.filter((x): x is number => typeof x === "number");
  return [v as number];
}

const cache = new Map<string, CompiledQuery>();
function run(text: string, doc: Record<string, unknown>): boolean {
  let q = cache.get(text);
  if (q === undefined) {
    q = compile(text, schema);
    cache.set(text, q);
  }
  if (q.kind !== "event") throw new Error("event query expected");
  return q.filter.test(records([doc], schema)[0]!);
}

test("field comparisons are Lucene queries: any value; != is must_not", () => {
  fc.assert(
    fc.property(nValue, fc.constantFrom(...OPS), fc.integer({ min: -5, max: 5 }), (n, op, c) => {
      const doc = n === undefined ? {} : { n };
      const vs = valuesOf(n);
      const expected = op === "!=" ? !vs.some((v) => v === c) : vs.some((v) => cmp(op, v, c));
      assert.equal(run(`any where n ${op} ${c}`, doc), expected);
      // constants on the left mirror the operator
      const mirrored = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" }[op];
      assert.equal(run(`any where ${c} ${mirrored} n`, doc), expected);
    }),
  );
});

test("scripts: some value combination is true; missing contributes null; not negates the whole", () => {
  fc.assert(
    fc.property(nValue, fc.constantFrom(...OPS), fc.integer({ min: -5, max: 5 }), (n, op, c) => {
      const doc = n === undefined ? {} : { n };
      const vs = valuesOf(n);
      const expected = vs.some((v) => cmp(op, v % 1000, c));
      assert.equal(run(`any where n % 1000 ${op} ${c}`, doc), expected);
      assert.equal(run(`any where not (n % 1000 ${op} ${c})`, doc), !expected);
      assert.equal(run(`any where (n % 1000 ${op} ${c}) == null`, doc), vs.length === 0);
    }),
  );
});

test("`in` and `not in` on a field", () => {
  fc.assert(
    fc.property(nValue, fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 4 }), (n, list) => {
      const doc = n === undefined ? {} : { n };
      const vs = valuesOf(n);
      const hit = vs.some((v) => list.includes(v));
      assert.equal(run(`any where n in (${list.join(", ")})`, doc), hit);
      assert.equal(run(`any where n not in (${list.join(", ")})`, doc), !hit);
    }),
  );
});

test(": is case-insensitive (ASCII) equality on any value", () => {
  const word = fc.stringMatching(/^[aAbB]{0,3}$/);
  fc.assert(
    fc.property(fc.oneof(fc.constant(undefined), word, fc.array(word, { maxLength: 3 })), word, (s, p) => {
      const doc = s === undefined ? {} : { s };
      const vs = s === undefined ? [] : Array.isArray(s) ? s : [s];
      assert.equal(run(`any where s : "${p}"`, doc), vs.some((v) => v.toLowerCase() === p.toLowerCase()));
      assert.equal(run(`any where s == "${p}"`, doc), vs.includes(p));
      assert.equal(run(`any where s in~ ("${p}")`, doc), vs.some((v) => v.toLowerCase() === p.toLowerCase()));
    }),
  );
});
