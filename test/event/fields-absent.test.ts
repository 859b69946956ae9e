// Absent fields are answered from the fast path when no object on the walked chain has a dotted key; the
// per-document memo of that answer must follow the document, never leak from one document to the next.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { fieldGetter } from "../../src/event/fields.js";

test("absent field: a dotted spelling is still found in the next document after one without dots", () => {
  const get = fieldGetter("user.domain.name");
  assert.equal(get({ user: { id: 1 } }), undefined);
  assert.equal(get({ user: { "domain.name": "a" } }), "a");
  assert.equal(get({ user: { id: 2 } }), undefined);
  assert.equal(get({ "user.domain": { name: "b" } }), "b");
  assert.equal(get({ user: { domain: {} } }), undefined);
  assert.equal(get({ user: { domain: { "name.x": 1 } } }), undefined);
  assert.deepEqual(get({ user: { domain: { name: "c" }, "domain.name": "d" } }), "c");
  assert.deepEqual(get({ user: { "domain.name": "d", domain: {} } }), "d");
});

test("absent field: several getters over one document with a dotted key deep in the chain", () => {
  const doc = { a: { b: { "c.d": 1, e: 2 } }, x: 3 };
  assert.equal(fieldGetter("a.b.c.d")(doc), 1);
  assert.equal(fieldGetter("a.b.e")(doc), 2);
  assert.equal(fieldGetter("a.b.f")(doc), undefined);
  assert.equal(fieldGetter("a.q.r")(doc), undefined);
  assert.equal(fieldGetter("x.y")(doc), undefined);
});

test("absent field: arrays on the chain still go through every element", () => {
  const get = fieldGetter("a.b.c");
  assert.deepEqual(get({ a: [{ b: { c: 1 } }, { "b.c": 2 }, { b: [{ c: 3 }] }] }), [1, 2, 3]);
  assert.equal(get({ a: [{ b: {} }] }), undefined);
  assert.equal(get({ a: { b: 5 } }), undefined);
  assert.equal(get({ a: { b: [5] } }), undefined);
});

/** The slow path alone: every spelling of the path, as the getter's definition says (test oracle). */
function reference(node: unknown, segments: readonly string[], out: unknown[]): void {
  if (segments.length === 0) {
    out.push(node);
    return;
  }
  if (Array.isArray(node)) {
    for (const el of node) if (typeof el === "object" && el !== null && !Array.isArray(el)) reference(el, segments, out);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const obj = node as Record<string, unknown>;
  for (let j = 1; j <= segments.length; j++) {
    const key = segments.slice(0, j).join(".");
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    const v = obj[key];
    if (j === segments.length) out.push(v);
    else if (typeof v === "object" && v !== null) reference(v, segments.slice(j), out);
  }
}

test("fieldGetter agrees with the spelling-by-spelling oracle whenever the plain nesting is absent (property)", () => {
  const key = fc.constantFrom("a", "b", "c", "a.b", "b.c", "a.b.c");
  const leaf = fc.oneof(fc.integer(), fc.constant(null), fc.string({ maxLength: 2 }));
  const doc = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, leaf, fc.dictionary(key, tie("node"), { maxKeys: 3 }), fc.array(tie("node"), { maxLength: 2 })),
  })).node;
  fc.assert(
    fc.property(fc.dictionary(key, doc, { maxKeys: 4 }), fc.constantFrom("a.b.c", "a.b", "b.c", "c.a.b"), (source, path) => {
      const segments = path.split(".");
      let node: unknown = source;
      for (const s of segments) node = typeof node === "object" && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>)[s] : undefined;
      if (node !== undefined) return; // the fast path's answer (nested spelling first) is not the oracle's
      const out: unknown[] = [];
      reference(source, segments, out);
      const expected = out.length === 0 ? undefined : out.length === 1 ? out[0] : out;
      assert.deepEqual(fieldGetter(path)(source), expected);
    }),
    { numRuns: 2000 },
  );
});
