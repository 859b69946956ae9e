// IP parsing and CIDR blocks as Elasticsearch's CIDRUtils / InetAddresses treat them.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { canonicalIp, compileCidrMatcher, parseCidrRange, parseIpAddress } from "../../src/compile/cidr.js";
import { PatternError } from "../../src/compile/functions/pattern-error.js";

test("strict address parsing", () => {
  assert.deepEqual(parseIpAddress("10.0.0.1"), [10, 0, 0, 1]);
  assert.deepEqual(parseIpAddress("::ffff:10.0.0.1"), [10, 0, 0, 1], "IPv4-mapped becomes IPv4");
  assert.equal(parseIpAddress("::1")?.length, 16);
  for (const bad of ["10.1", "010.0.0.1", "0x0a.0.0.1", "256.0.0.1", "1.2.3.4.5", "", "fe80::1%eth0", "::ffff:01.2.3.4", "host"]) {
    assert.equal(parseIpAddress(bad), null, bad);
  }
});

test("blocks", () => {
  const m = compileCidrMatcher(["192.168.0.0/16", "FE80::/10", "127.0.0.1", null]);
  assert.equal(m("192.168.255.255"), true);
  assert.equal(m("192.169.0.0"), false);
  assert.equal(m("fe80::abcd"), true);
  assert.equal(m("febf:ffff::"), true);
  assert.equal(m("fec0::"), false);
  assert.equal(m("127.0.0.1"), true);
  assert.equal(m("127.0.0.2"), false);
  assert.equal(m("::ffff:192.168.1.1"), true);
  assert.equal(m("garbage"), null);
  assert.equal(compileCidrMatcher([])("1.2.3.4"), false, "no blocks: false");
  assert.equal(compileCidrMatcher(["::/0"])("1.2.3.4"), true);
  assert.equal(compileCidrMatcher(["0.0.0.0/0"])("::1"), false, "an IPv6 address is outside every IPv4 block");
  assert.equal(compileCidrMatcher(["10.0.0.0/+8"])("10.1.1.1"), true, "Integer.parseInt accepts a sign");
});

test("malformed blocks are PatternErrors", () => {
  for (const bad of ["10.0.0.0/33", "::/129", "10.0.0.0/x", "10.0.0.0/", "nope/8", "10.0.0.0/-1", "::ffff:0:0/96"]) {
    assert.throws(() => parseCidrRange(bad), PatternError, bad);
  }
});

test("canonical rendering", () => {
  assert.equal(canonicalIp("10.0.0.1"), "10.0.0.1");
  assert.equal(canonicalIp("::FFFF:10.0.0.1"), "10.0.0.1");
  assert.equal(canonicalIp("2001:0DB8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");
  assert.equal(canonicalIp("x"), null);
});

test("property: an IPv4 address is in a block iff its top bits equal the block's", () => {
  const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  fc.assert(
    fc.property(octets, octets, fc.integer({ min: 0, max: 32 }), (a, b, prefix) => {
      const toInt = (o: readonly number[]): number => o.reduce((n, x) => n * 256 + x, 0);
      const expected = Math.floor(toInt(a) / 2 ** (32 - prefix)) === Math.floor(toInt(b) / 2 ** (32 - prefix));
      assert.equal(compileCidrMatcher([`${b.join(".")}/${prefix}`])(a.join(".")), expected);
    }),
    { numRuns: 1000, seed: 13 },
  );
});

test("cidr matcher: the last address parsed is remembered per text, never across texts", () => {
  const private10 = compileCidrMatcher(["10.0.0.0/8"]);
  const v6 = compileCidrMatcher(["2001:db8::/32", "192.168.0.0/16"]);
  const values = ["10.1.1.1", "11.0.0.1", "10.1.1.1", "not an ip", "2001:db8::1", "::ffff:192.168.1.1", "192.168.1.1", "10.1.1.1"];
  const expected10 = [true, false, true, null, false, false, false, true];
  const expected6 = [false, false, false, null, true, true, true, false];
  for (let round = 0; round < 2; round++) {
    values.forEach((v, i) => {
      assert.equal(private10(v), expected10[i], `10/8 ${v}`);
      assert.equal(v6(v), expected6[i], `v6 ${v}`);
    });
  }
});
