// The alert index's day (src/engine/route.ts): the fast path for plain UTC timestamps gives exactly what the
// date parser gives, for every timestamp shape around it.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { day, slowDay } from "../../src/engine/route.js";

const two = (n: number) => String(n).padStart(2, "0");

test("plain UTC timestamps: fast day = parsed day (random dates, times, fractions)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1000, max: 9999 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 31 }),
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
      fc.integer({ min: 0, max: 59 }),
      fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
      (y, mo, d, h, mi, s, frac) => {
        const ts = `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}${frac !== undefined ? `.${frac}` : ""}Z`;
        assert.equal(day({ "@timestamp": ts }), slowDay(ts), ts);
      },
    ),
    { numRuns: 3000, seed: 11 },
  );
});

test("other shapes take the parser: offsets, epoch numbers, days that may not exist, odd strings", () => {
  const cases: unknown[] = [
    "2026-03-12T23:30:00-05:00",
    "2026-03-12T23:30:00+01:00",
    "2026-02-29T10:00:00Z",
    "2024-02-29T10:00:00Z",
    "2026-04-31T10:00:00Z",
    "2026-03-12T24:00:00Z",
    "2026-03-12",
    "2026-03-12T10:00Z",
    "0999-01-01T00:00:00Z",
    "+12026-01-01T00:00:00Z",
    1773300000000,
    "1773300000000",
    ["2026-03-12T10:00:00Z", "2020-01-01T00:00:00Z"],
    null,
    "not a date",
  ];
  for (const ts of cases) {
    const first = Array.isArray(ts) ? ts[0] : ts;
    assert.equal(day({ "@timestamp": ts }), slowDay(first), String(ts));
  }
  assert.equal(day({ "@timestamp": "2026-03-12T10:00:00.123456789Z" }), "2026.03.12");
  assert.equal(day({ "@timestamp": "2026-03-12T23:30:00-05:00" }), "2026.03.13");
});
