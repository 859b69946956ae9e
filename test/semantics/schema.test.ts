// Schemas: Elasticsearch mappings (aliases, multi-fields, null_value, formats, merging), dynamic mapping,
// ECS field lists; timestamps and records.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mappingSchema } from "../../src/schema/mapping.js";
import { dynamicSchema, withDynamicFields } from "../../src/schema/dynamic.js";
import { ecsSchema, fieldListSchema } from "../../src/schema/ecs.js";
import { createRecordFactory } from "../../src/event/record.js";
import { dateParser, parseIsoDate, renderIsoDate } from "../../src/event/timestamp.js";
import { sharedPath } from "../repo-paths.js";

test("mappingSchema: nested properties, aliases, sub-fields, null_value, formats", () => {
  const s = mappingSchema([
    {
      mappings: {
        properties: {
          event_type: { type: "keyword" },
          event: { properties: { category: { type: "alias", path: "event_type" } } },
          host: { type: "text", fields: { keyword: { type: "keyword" }, raw: { type: "wildcard" } } },
          opt: { type: "keyword", null_value: "NULL" },
          day: { type: "date", format: "dd-MM-yyyy||epoch_millis" },
        },
      },
    },
  ]);
  assert.equal(s.strict, true);
  assert.deepEqual(s.lookup("event.category"), { name: "event.category", path: "event_type", type: "keyword", exactSubfield: undefined, ignoreAbove: undefined, nullValue: undefined, dateFormats: undefined, missing: false });
  assert.equal(s.lookup("host")?.exactSubfield, "host.keyword");
  assert.equal(s.lookup("host.keyword")?.path, "host");
  assert.equal(s.lookup("host.raw")?.type, "wildcard");
  assert.equal(s.lookup("opt")?.nullValue, "NULL");
  assert.deepEqual(s.lookup("day")?.dateFormats, ["dd-MM-yyyy", "epoch_millis"]);
  assert.equal(s.lookup("event")?.type, "object");
  assert.equal(s.lookup("nope"), undefined);
});

test("mappingSchema: several indices merge; formats accumulate; conflicting types are flagged", () => {
  const s = mappingSchema([
    { properties: { a: { type: "keyword" }, d: { type: "date", format: "dd-MM-yyyy" }, n: { type: "long" } } },
    { properties: { a: { type: "wildcard" }, d: { type: "date", format: "yyyy-MM-dd" }, n: { type: "keyword" }, b: { type: "ip" } } },
  ]);
  assert.equal(s.lookup("a")?.type, "keyword");
  assert.equal(s.info("a")?.conflict, undefined);
  assert.deepEqual(s.lookup("d")?.dateFormats, ["dd-MM-yyyy", "yyyy-MM-dd"]);
  assert.ok(s.info("n")?.conflict !== undefined);
  assert.equal(s.lookup("b")?.type, "ip");
});

test("withDynamicFields: ES dynamic mapping for unmapped fields", () => {
  const base = mappingSchema([{ properties: { known: { type: "keyword" } } }]);
  const s = withDynamicFields(base, [
    { known: 1, str: "x", int: 3, flt: 1.5, bool: true, obj: { inner: "y" }, "dot.ted": 2, when: "2020-01-02T03:04:05Z", arr: [null, 7] },
  ]);
  assert.equal(s.lookup("known")?.type, "keyword");
  assert.equal(s.lookup("str")?.type, "text");
  assert.equal(s.lookup("str")?.exactSubfield, "str.keyword");
  assert.equal(s.lookup("str.keyword")?.type, "keyword");
  assert.equal(s.lookup("int")?.type, "long");
  assert.equal(s.lookup("flt")?.type, "float");
  assert.equal(s.lookup("bool")?.type, "boolean");
  assert.equal(s.lookup("obj.inner")?.type, "text");
  assert.equal(s.lookup("obj")?.type, "object");
  assert.equal(s.lookup("dot.ted")?.type, "long");
  assert.equal(s.lookup("when")?.type, "date");
  assert.equal(s.lookup("arr")?.type, "long");
  assert.equal(s.lookup("absent"), undefined);
  assert.equal(s.strict, true);
});

test("dynamicSchema: everything known, typed from values", () => {
  const s = dynamicSchema();
  assert.equal(s.strict, false);
  assert.deepEqual(s.lookup("a.b"), { name: "a.b", path: "a.b", type: "unknown", missing: false });
});

test("field lists: ECS flat types, integration datasets, non-ECS nested", () => {
  const s = fieldListSchema([
    { "process.pid": { type: "long" }, "process.name": { type: "keyword" }, message: { type: "match_only_text" } },
    { process: { "process.args_count": "long", "file.path": "keyword" } },
    { "logs-*": { winlog: { event_data: { Foo: "keyword" } } } },
  ]);
  assert.equal(s.lookup("process.pid")?.type, "long");
  assert.equal(s.lookup("process.args_count")?.type, "long");
  assert.equal(s.lookup("winlog.event_data.Foo")?.type, "keyword");
  assert.equal(s.lookup("whatever")?.type, "unknown");
  assert.equal(fieldListSchema([{ "a.b": { type: "long" } }], { strict: true }).lookup("x"), undefined);
  const dir = mkdtempSync(join(tmpdir(), "sem-ecs-"));
  const file = join(dir, "types.json");
  writeFileSync(file, JSON.stringify({ "@timestamp": { type: "date" }, "host.ip": { type: "ip" } }));
  assert.equal(ecsSchema([file]).lookup("host.ip")?.type, "ip");
});

const ecsFile = sharedPath("corpus/schemas/ecs_flat-9.5.0.types.json");
test("ECS 9.5 types file loads", { skip: existsSync(ecsFile) ? false : "../shared not found" }, () => {
  const s = ecsSchema([ecsFile]);
  assert.equal(s.lookup("process.pid")?.type, "long");
  assert.equal(s.lookup("source.ip")?.type, "ip");
  assert.equal(s.lookup("@timestamp")?.type, "date");
});

test("timestamps: ISO, epoch millis numbers and strings with nanoseconds, custom formats", () => {
  assert.deepEqual(parseIsoDate("1970-01-01T00:00:01.5Z"), { ms: 1500, ns: 0 });
  assert.deepEqual(parseIsoDate("1974-03-03T02:22:54.294365140Z"), { ms: 131509374294, ns: 365140 });
  assert.deepEqual(parseIsoDate("2020-01-01T01:00:00+01:00"), { ms: 1577836800000, ns: 0 });
  assert.equal(parseIsoDate("2020-13-01"), null);
  const p = dateParser();
  assert.deepEqual(p("131509374294.365140"), { ms: 131509374294, ns: 365140 });
  assert.deepEqual(p(1504126051000), { ms: 1504126051000, ns: 0 });
  assert.deepEqual(p("1"), { ms: 1, ns: 0 });
  assert.deepEqual(dateParser(["dd-MM-yyyy"])("31-12-2022"), { ms: Date.UTC(2022, 11, 31), ns: 0 });
  assert.equal(renderIsoDate({ ms: 0, ns: 0 }), "1970-01-01T00:00:00.000Z");
  assert.equal(renderIsoDate({ ms: 131509374294, ns: 365140 }, true), "1974-03-03T02:22:54.29436514Z");
});

test("record factory: timestamp by schema, tiebreaker, ids", () => {
  const schema = mappingSchema([{ properties: { "@timestamp": { type: "date_nanos" }, seq: { type: "long" } } }]);
  const make = createRecordFactory({ schema, tiebreakerField: "seq" });
  const r = make({ "@timestamp": "131509374294.365140", seq: 3 }, "idx", "id1", 0);
  assert.equal(r.tsMs, 131509374294);
  assert.equal(r.tsNs, 365140);
  assert.equal(r.tiebreaker, 3);
  assert.equal(r.index, "idx");
  const none = make({}, "idx", "id2", 1);
  const kw = createRecordFactory({ schema: mappingSchema([{ properties: { t: { type: "keyword" } } }]), tiebreakerField: "t" });
  assert.equal(kw({ t: 10 }, "i", "x", 0).tiebreaker, "10");
  assert.equal(make({ seq: "12" }, "i", "x", 0).tiebreaker, 12);
  const millis = createRecordFactory({ schema: mappingSchema([{ properties: { "@timestamp": { type: "date" } } }]) });
  assert.equal(millis({ "@timestamp": "1970-01-01T00:00:00.001000500Z" }, "i", "x", 0).tsNs, 0);
  assert.ok(Number.isNaN(none.tsMs));
  assert.equal(none.tiebreaker, null);
});
