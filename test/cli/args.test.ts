import test from "node:test";
import assert from "node:assert/strict";
import { parseQueryArgs, QUERY_DEFAULTS } from "../../src/cli/commands/query.js";
import { UsageError, parseCount, wantsHelp } from "../../src/cli/args.js";

test("query args: defaults", () => {
  const o = parseQueryArgs(["process where true"]);
  assert.deepEqual(o, {
    query: "process where true",
    data: [],
    mappings: [],
    timestampField: "@timestamp",
    tiebreakerField: null,
    eventCategoryField: "event.category",
    size: 10,
    maxSamplesPerKey: 1,
    format: "es",
    sortBuffer: QUERY_DEFAULTS.sortBuffer,
  });
});

test("query args: every option, repeated data and mapping in order", () => {
  const o = parseQueryArgs([
    "--data", "a.ndjson", "-d", "b.ndjson.gz",
    "--mapping", "a.json", "-m", "b.json",
    "--timestamp-field", "ts", "--tiebreaker-field", "event.sequence", "--event-category-field", "event_type",
    "--size", "50", "--max-samples-per-key", "3", "-f", "table", "--sort-buffer", "1000",
    "any where true",
  ]);
  assert.deepEqual(o.data, ["a.ndjson", "b.ndjson.gz"]);
  assert.deepEqual(o.mappings, ["a.json", "b.json"]);
  assert.equal(o.timestampField, "ts");
  assert.equal(o.tiebreakerField, "event.sequence");
  assert.equal(o.eventCategoryField, "event_type");
  assert.equal(o.size, 50);
  assert.equal(o.maxSamplesPerKey, 3);
  assert.equal(o.format, "table");
  assert.equal(o.sortBuffer, 1000);
  assert.equal(o.query, "any where true");
});

test("query args: mistakes are UsageErrors", () => {
  const bad: string[][] = [
    [],
    ["a", "b"],
    ["--size", "ten", "q"],
    ["--size", "-1", "q"],
    ["--max-samples-per-key", "0", "q"],
    ["--format", "xml", "q"],
    ["--frobnicate", "q"],
    ["--data"],
    ["  "],
  ];
  for (const args of bad) assert.throws(() => parseQueryArgs(args), UsageError, JSON.stringify(args));
  assert.throws(() => parseQueryArgs(["--format", "xml", "q"]), /--format must be one of es, ndjson, table/);
});

test("args helpers", () => {
  assert.equal(parseCount(undefined, "--n", 7), 7);
  assert.equal(parseCount("0", "--n", 7), 0);
  assert.equal(wantsHelp(["x", "--help"]), true);
  assert.equal(wantsHelp(["--", "--help"]), false);
});
