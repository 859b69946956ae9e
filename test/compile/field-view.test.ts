// The shared per-event field values (src/compile/field-view.ts): one read per document and mapping view,
// refreshed when the document changes, separate per view of the same path.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { ResolvedField } from "../../src/eql/types.js";
import { fieldValues } from "../../src/compile/doc-values.js";
import { asciiLower } from "../../src/compile/case-fold.js";
import { compileFoldedWildcard, compileWildcard } from "../../src/compile/wildcard.js";
import { comparisonTest, termsTest } from "../../src/compile/field-predicates.js";

function field(path: string, type: ResolvedField["type"], extra: Partial<ResolvedField> = {}): ResolvedField {
  return { name: path, path, type, missing: false, ...extra };
}

test("field view: values follow the document (a new source is read again)", () => {
  const view = fieldValues(field("fv.name", "keyword"));
  const a = { fv: { name: ["x", "Y"] } };
  const b = { fv: { name: "z" } };
  assert.deepEqual(view.read(a), ["x", "Y"]);
  assert.deepEqual(view.read(b), ["z"]);
  assert.equal(view.some(a, (v) => v === "Y"), true);
  assert.equal(view.some(b, (v) => v === "Y"), false);
  assert.equal(view.someFolded(a, (v) => v === "y"), true);
  assert.equal(view.someFolded(b, (v) => v === "y"), false);
  assert.equal(view.someFolded(a, (v) => v === "y"), true);
  assert.equal(view.exists({}), false);
  assert.equal(view.exists(b), true);
  // a read result belongs to its document: reading another one does not change it
  const ra = view.read(a);
  view.read(b);
  assert.deepEqual(ra, ["x", "Y"]);
});

test("field view: one view per mapping view of a path", () => {
  const doc = { fv2: { n: ["7", 8.5, "x", true, null] } };
  assert.deepEqual(fieldValues(field("fv2.n", "keyword")).read(doc), ["7", "8.5", "x", "true"]);
  assert.deepEqual(fieldValues(field("fv2.n", "long")).read(doc), [7, 8]);
  assert.deepEqual(fieldValues(field("fv2.n", "unknown")).read(doc), ["7", 8.5, "x", true]);
  assert.deepEqual(fieldValues(field("fv2.n", "keyword", { nullValue: "NULL" })).read(doc), ["7", "8.5", "x", "true", "NULL"]);
  assert.deepEqual(fieldValues(field("fv2.n", "keyword", { ignoreAbove: 2 })).read(doc), ["7", "x"]);
  assert.deepEqual(fieldValues(field("fv2.n", "keyword")).read(doc), ["7", "8.5", "x", "true"]);
  assert.equal(fieldValues(field("fv2.n", "long")), fieldValues(field("fv2.n", "long")), "views are shared");
  assert.deepEqual(fieldValues({ ...field("fv2.n", "keyword"), missing: true }).read(doc), []);
});

test("folded wildcard on an ASCII-folded value answers as the case-insensitive wildcard (property)", () => {
  const chars = fc.constantFrom("a", "B", "c", "É", "é", "*", "?", "\\", "𝒳", "k", "K", "ſ");
  const text = fc.array(chars, { maxLength: 7 }).map((a) => a.join(""));
  fc.assert(
    fc.property(text, text, fc.boolean(), (pattern, value, escapes) => {
      assert.equal(compileFoldedWildcard(pattern, escapes)(asciiLower(value)), compileWildcard(pattern, true, escapes)(value));
    }),
    { numRuns: 3000 },
  );
});

test("unmapped ==/in of text constants: the same answers as the three-way comparison", () => {
  const f = field("u", "unknown");
  const eq = comparisonTest(f, "==", "10");
  const ge = comparisonTest(f, ">=", "10");
  const le = comparisonTest(f, "<=", "10");
  for (const v of ["10", "010", 10, 10.0, 1e1, 9, "x", true, false]) assert.equal(eq(v), ge(v) && le(v), String(v));
  const t = comparisonTest(f, "==", "true");
  assert.equal(t(true), true);
  assert.equal(t(false), false);
  assert.equal(t("true"), true);
  const n = comparisonTest(f, "==", "abc");
  assert.equal(n(1), false);
  const terms = termsTest(f, ["a", "10", null, "true"]);
  assert.deepEqual(["a", "b", 10, 11, true, false, "10"].map(terms), [true, false, true, false, true, false, true]);
});
