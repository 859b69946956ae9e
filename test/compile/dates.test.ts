// Timestamps: Elasticsearch date formats in, ISO out, nanosecond ordering.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  compareTime,
  compileDateFormats,
  DateFormatError,
  formatIsoMillis,
  formatJavaDateTime,
  formatIsoNanos,
  parseTimestamp,
} from "../../src/compile/dates.js";

test("epoch millis: numbers and numeric strings", () => {
  assert.deepEqual(parseTimestamp(1516116808349), { ms: 1516116808349, ns: 0 });
  assert.deepEqual(parseTimestamp("1"), { ms: 1, ns: 0 });
  assert.deepEqual(parseTimestamp("-5"), { ms: -5, ns: 0 });
  assert.deepEqual(parseTimestamp("131509374294.365140"), { ms: 131509374294, ns: 365140 });
  assert.deepEqual(parseTimestamp("131509374294.3"), { ms: 131509374294, ns: 300000 });
  assert.deepEqual(parseTimestamp("-1.5"), { ms: -2, ns: 500000 });
  assert.deepEqual(parseTimestamp(1.25), { ms: 1, ns: 250000 });
  assert.equal(parseTimestamp("1.1234567"), null, "at most 6 fraction digits");
  assert.equal(parseTimestamp("12a"), null);
  assert.equal(parseTimestamp(""), null);
  assert.equal(parseTimestamp(NaN), null);
});

test("ISO-8601 (strict_date_optional_time)", () => {
  assert.deepEqual(parseTimestamp("2017-08-30T20:47:33Z"), { ms: Date.UTC(2017, 7, 30, 20, 47, 33), ns: 0 });
  assert.deepEqual(parseTimestamp("2017-08-30"), { ms: Date.UTC(2017, 7, 30), ns: 0 });
  assert.deepEqual(parseTimestamp("2017-08"), { ms: Date.UTC(2017, 7, 1), ns: 0 });
  assert.deepEqual(parseTimestamp("2017"), { ms: Date.UTC(2017, 0, 1), ns: 0 });
  assert.deepEqual(parseTimestamp("2017-08-30T20:47"), { ms: Date.UTC(2017, 7, 30, 20, 47), ns: 0 });
  assert.deepEqual(parseTimestamp("2017-08-30T20"), { ms: Date.UTC(2017, 7, 30, 20), ns: 0 });
  assert.deepEqual(parseTimestamp("2017-08-30T20:47:33.123Z"), { ms: Date.UTC(2017, 7, 30, 20, 47, 33, 123), ns: 0 });
  assert.deepEqual(parseTimestamp("1974-03-03T02:22:54.294365140Z"), { ms: 131509374294, ns: 365140 });
  assert.deepEqual(parseTimestamp("2017-08-30T22:47:33+02:00"), { ms: Date.UTC(2017, 7, 30, 20, 47, 33), ns: 0 });
  assert.deepEqual(parseTimestamp("2017-08-30T18:47:33-0200"), { ms: Date.UTC(2017, 7, 30, 20, 47, 33), ns: 0 });
  assert.deepEqual(parseTimestamp("2017-08-30T20:47:33"), { ms: Date.UTC(2017, 7, 30, 20, 47, 33), ns: 0 }, "no zone = UTC");
  assert.deepEqual(parseTimestamp("0001-01-01T00:00:00Z"), { ms: Date.UTC(2000, 0, 1) - 63082281600000 + 0, ns: 0 });
  for (const bad of ["2017-02-30", "2017-13-01", "2017-08-30T24:00:00Z", "2017-8-30", "2017-08-30T20:47:33.Z", "2017-08-30 20:47", "2017-08-30T20:47:33+2"]) {
    assert.equal(parseTimestamp(bad), null, bad);
  }
});

test("custom Java formats with || alternatives", () => {
  const sample1 = compileDateFormats(["dd-MM-yyyy"]);
  assert.deepEqual(sample1("12-12-2022"), { ms: Date.UTC(2022, 11, 12), ns: 0 });
  assert.equal(sample1("2022-12-12"), null);
  const sample2 = compileDateFormats(["yyyy-MM-dd"]);
  assert.deepEqual(sample2("2022-12-12"), { ms: Date.UTC(2022, 11, 12), ns: 0 });
  const both = compileDateFormats(["dd-MM-yyyy||yyyy-MM-dd||epoch_millis"]);
  assert.deepEqual(both("2022-12-12"), { ms: Date.UTC(2022, 11, 12), ns: 0 });
  assert.deepEqual(both("12-12-2022"), { ms: Date.UTC(2022, 11, 12), ns: 0 });
  assert.deepEqual(both("1671235200000"), { ms: 1671235200000, ns: 0 });
  const full = compileDateFormats(["yyyy-MM-dd HH:mm:ss.SSS"]);
  assert.deepEqual(full("2022-12-12 01:02:03.456"), { ms: Date.UTC(2022, 11, 12, 1, 2, 3, 456), ns: 0 });
  assert.equal(full("2022-12-12 01:02:03.45"), null, "SSS takes exactly three digits");
  const quoted = compileDateFormats(["yyyyMMdd'T'HHmmss"]);
  assert.deepEqual(quoted("20221212T010203"), { ms: Date.UTC(2022, 11, 12, 1, 2, 3), ns: 0 });
  const optional = compileDateFormats(["yyyy-MM-dd[ HH:mm[:ss]]"]);
  assert.deepEqual(optional("2022-12-12"), { ms: Date.UTC(2022, 11, 12), ns: 0 });
  assert.deepEqual(optional("2022-12-12 01:02"), { ms: Date.UTC(2022, 11, 12, 1, 2), ns: 0 });
  assert.deepEqual(optional("2022-12-12 01:02:03"), { ms: Date.UTC(2022, 11, 12, 1, 2, 3), ns: 0 });
  const zoned = compileDateFormats(["yyyy-MM-dd'T'HH:mm:ssXXX"]);
  assert.deepEqual(zoned("2022-12-12T01:02:03+01:00"), { ms: Date.UTC(2022, 11, 12, 0, 2, 3), ns: 0 });
  const seconds = compileDateFormats(["epoch_second"]);
  assert.deepEqual(seconds("1.5"), { ms: 1500, ns: 0 });
  assert.deepEqual(compileDateFormats(["strict_date"])("2020-01-02"), { ms: Date.UTC(2020, 0, 2), ns: 0 });
  assert.throws(() => compileDateFormats(["week_date_time_frobnicated"]), DateFormatError);
  assert.throws(() => compileDateFormats(["yyyy-MM-dd EEE"]), DateFormatError);
  assert.throws(() => compileDateFormats(["yyyy-MM-dd[HH"]), DateFormatError);
});

test("printing ISO millis and nanos", () => {
  assert.equal(formatIsoMillis(0), "1970-01-01T00:00:00.000Z");
  assert.equal(formatIsoMillis(1516116808349), "2018-01-16T15:33:28.349Z");
  assert.equal(formatIsoMillis(-1), "1969-12-31T23:59:59.999Z");
  assert.equal(formatIsoNanos({ ms: 131509374294, ns: 365140 }), "1974-03-03T02:22:54.29436514Z");
  assert.equal(formatIsoNanos({ ms: 131509374294, ns: 0 }), "1974-03-03T02:22:54.294Z");
  assert.equal(formatIsoNanos({ ms: 0, ns: 1 }), "1970-01-01T00:00:00.000000001Z");
  assert.equal(formatIsoNanos({ ms: 0, ns: 0 }), "1970-01-01T00:00:00.000Z");
});

test("compareTime orders by millis then nanos", () => {
  assert.equal(compareTime({ ms: 1, ns: 0 }, { ms: 1, ns: 0 }), 0);
  assert.equal(compareTime({ ms: 1, ns: 5 }, { ms: 1, ns: 6 }), -1);
  assert.equal(compareTime({ ms: 2, ns: 0 }, { ms: 1, ns: 999999 }), 1);
});

test("property: ISO nanos printing round-trips through parsing", () => {
  fc.assert(
    fc.property(fc.integer({ min: -62135596800000, max: 253402300799999 }), fc.integer({ min: 0, max: 999999 }), (ms, ns) => {
      const t = { ms, ns };
      assert.deepEqual(parseTimestamp(formatIsoNanos(t)), t);
      assert.deepEqual(parseTimestamp(formatIsoMillis(ms)), { ms, ns: 0 });
    }),
    { numRuns: 1000, seed: 9 },
  );
});

test("Java ZonedDateTime rendering (string() of a date)", () => {
  assert.equal(formatJavaDateTime({ ms: Date.UTC(2017, 7, 30, 20, 47, 33), ns: 0 }), "2017-08-30T20:47:33Z");
  assert.equal(formatJavaDateTime({ ms: Date.UTC(2017, 7, 30, 20, 47), ns: 0 }), "2017-08-30T20:47Z");
  assert.equal(formatJavaDateTime({ ms: Date.UTC(2017, 7, 30, 20, 47, 33, 120), ns: 0 }), "2017-08-30T20:47:33.120Z");
  assert.equal(formatJavaDateTime({ ms: Date.UTC(2017, 7, 30, 20, 47, 0, 0), ns: 1000 }), "2017-08-30T20:47:00.000001Z");
  assert.equal(formatJavaDateTime({ ms: 131509374294, ns: 365140 }), "1974-03-03T02:22:54.294365140Z");
});
