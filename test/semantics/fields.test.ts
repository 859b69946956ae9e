import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { fieldGetter, flattenValues } from "../../src/event/fields.js";

test("fieldGetter: nested, dotted and mixed spellings of one path", () => {
  const get = fieldGetter("process.parent.pid");
  assert.equal(get({ process: { parent: { pid: 1 } } }), 1);
  assert.equal(get({ "process.parent.pid": 2 }), 2);
  assert.equal(get({ process: { "parent.pid": 3 } }), 3);
  assert.equal(get({ "process.parent": { pid: 4 } }), 4);
  assert.equal(get({ process: { parent: {} } }), undefined);
  assert.equal(get({ process: { parent: { pid: null } } }), null);
  assert.equal(get({}), undefined);
});

test("fieldGetter: arrays of objects flatten into a multi-value", () => {
  const get = fieldGetter("a.b");
  assert.deepEqual(get({ a: [{ b: 1 }, { b: 2 }, { c: 3 }] }), [1, 2]);
  assert.deepEqual(get({ a: [{ b: 1 }] }), 1);
  assert.deepEqual(get({ a: { b: [1, 2] } }), [1, 2]);
  const out: unknown[] = [];
  flattenValues([[1, [2]], null, 3], out);
  assert.deepEqual(out, [1, 2, null, 3]);
});

test("fieldGetter: single segment, and keys that merely share a prefix", () => {
  assert.equal(fieldGetter("pid")({ pid: 5, pidx: 6 }), 5);
  assert.equal(fieldGetter("a.b")({ "a.bc": 1 }), undefined);
  assert.equal(fieldGetter("a.b")({ a: 1 }), undefined);
  assert.equal(fieldGetter("toString")({}), undefined);
});

test("fieldGetter: any split of a dotted path into nested/dotted keys reads the same value (property)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom("a", "b", "c", "pid"), { minLength: 1, maxLength: 5 }),
      fc.array(fc.boolean(), { maxLength: 5 }),
      fc.integer(),
      (segments, cuts, value) => {
        // Build a document: join consecutive segments with "." where cut is false.
        const groups: string[][] = [[segments[0]!]];
        for (let i = 1; i < segments.length; i++) {
          if (cuts[i - 1] === true) groups.push([segments[i]!]);
          else groups[groups.length - 1]!.push(segments[i]!);
        }
        let doc: unknown = value;
        for (let g = groups.length - 1; g >= 0; g--) doc = { [groups[g]!.join(".")]: doc };
        return fieldGetter(segments.join("."))(doc as Record<string, unknown>) === value;
      },
    ),
  );
});
