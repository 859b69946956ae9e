// `version` field ordering as Elasticsearch's VersionEncoder defines it.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compareVersions, encodeVersion, isLegalVersion } from "../../src/compile/version.js";

test("semantic ordering of legal versions", () => {
  const ascending = [
    "0.9.9",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
    "1.2.4-SNAPSHOT",
    "1.2.4",
    "1.5.0",
    "1.11.3",
    "2",
    "2.0",
    "10.0.0",
  ];
  for (let i = 0; i + 1 < ascending.length; i++) {
    assert.equal(compareVersions(ascending[i] as string, ascending[i + 1] as string), -1, `${ascending[i]} < ${ascending[i + 1]}`);
    assert.equal(compareVersions(ascending[i + 1] as string, ascending[i] as string), 1);
  }
});

test("equality, build suffixes and QA-suite examples", () => {
  assert.equal(compareVersions("1.2.3", "1.2.3"), 0);
  assert.equal(compareVersions("1.11.3", "1.5.0"), 1);
  assert.equal(compareVersions("1.2.4-SNAPSHOT", "1.5.0"), -1);
  assert.equal(compareVersions("1.0.0+build.1", "1.0.0+build.2"), -1, "build suffix compares as text");
  assert.equal(compareVersions("1.0.0", "1.0.0+build"), -1);
});

test("illegal strings sort after every legal version, by their bytes", () => {
  for (const bad of ["bad", "1.02", "1..2", "v1.0", "1.0-", "-1.0", "1.0.0-01", "1.0.0+", "1.0.0-a_b", "１.０"]) {
    assert.equal(isLegalVersion(bad), false, bad);
    assert.equal(compareVersions("99999.0.0", bad), -1, `${bad} sorts last`);
    assert.equal(compareVersions(bad, "0.0.1"), 1);
  }
  assert.equal(compareVersions("bad", "bad"), 0);
  assert.equal(compareVersions("abc", "abd"), -1);
  assert.equal(compareVersions("", "1.0"), 1, "empty string is illegal too");
  assert.equal(compareVersions("", "bad"), -1, "the empty string encodes as 0x03");
});

test("legality rules", () => {
  for (const ok of ["0", "1", "1.2", "1.2.3.4.5", "1.0.0-0", "1.0.0-x-y.z", "1.0.0-0a", "1.0.0+001", "1.0.0-1+x-y"]) {
    assert.equal(isLegalVersion(ok), true, ok);
  }
});

test("encoding: numbers become marker, length, digits", () => {
  assert.deepEqual([...encodeVersion("1.10")], [1, 0x81, 0x31, 0x2e, 1, 0x82, 0x31, 0x30, 3]);
  assert.deepEqual([...encodeVersion("1-a")], [1, 0x81, 0x31, 2, 0x2d, 0x61]);
});

test("property: numeric main versions order like tuples of numbers", () => {
  const part = fc.nat(100000);
  fc.assert(
    fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), fc.array(part, { minLength: 1, maxLength: 4 }), (a, b) => {
      let expected = 0;
      for (let i = 0; i < Math.min(a.length, b.length) && expected === 0; i++) {
        expected = Math.sign((a[i] as number) - (b[i] as number));
      }
      if (expected === 0) expected = Math.sign(a.length - b.length);
      assert.equal(compareVersions(a.join("."), b.join(".")), expected);
    }),
    { numRuns: 1000, seed: 5 },
  );
});
