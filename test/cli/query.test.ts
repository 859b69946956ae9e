import test from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { contentId } from "../../src/io/ndjson.js";
import { ndjson, runCli, tempFiles } from "./helpers.js";

const EVENTS = [
  { "@timestamp": "2024-01-01T00:00:03Z", event: { category: "process" }, process: { name: "c.exe" }, host: { name: "h1" }, n: 3 },
  { "@timestamp": "2024-01-01T00:00:01Z", event: { category: "process" }, process: { name: "a.exe" }, host: { name: "h1" }, n: 1 },
  { "@timestamp": "2024-01-01T00:00:02Z", event: { category: "network" }, destination: { ip: "10.0.0.1" }, host: { name: "h1" }, n: 2 },
  { "@timestamp": "2024-01-01T00:00:04Z", event: { category: "network" }, destination: { ip: "10.0.0.2" }, host: { name: "h2" }, n: 4 },
];
const TEXT = ndjson(EVENTS);
const LINES = TEXT.trimEnd().split("\n");

interface Body {
  is_partial: boolean;
  is_running: boolean;
  took: number;
  timed_out: boolean;
  hits: {
    total: { value: number; relation: string };
    events?: { _index: string; _id: string; _source: { n: number } }[];
    sequences?: { join_keys?: unknown[]; events: { _index: string; _id: string; _source?: { n: number }; missing?: boolean }[] }[];
  };
}

function parse(stdout: string): Body {
  assert.equal(stdout.split("\n").length, 2, "one JSON line");
  return JSON.parse(stdout) as Body;
}

test("query: event query over a file, in timestamp order, with the es response body", async () => {
  const t = tempFiles({ "events.ndjson": TEXT });
  try {
    const r = await runCli(["query", "--data", t.path("events.ndjson"), "process where true"]);
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
    const body = parse(r.stdout);
    assert.deepEqual(Object.keys(body), ["is_partial", "is_running", "took", "timed_out", "hits"]);
    assert.equal(body.is_partial, false);
    assert.equal(body.timed_out, false);
    assert.ok(Number.isInteger(body.took) && body.took >= 0);
    assert.deepEqual(body.hits.total, { value: 2, relation: "eq" });
    assert.deepEqual(body.hits.events?.map((e) => [e._index, e._id, e._source.n]), [
      ["events", contentId(LINES[1]!), 1],
      ["events", contentId(LINES[0]!), 3],
    ]);
  } finally {
    t.cleanup();
  }
});

test("query: stdin when there is no --data (index 'stdin')", async () => {
  const r = await runCli(["query", "network where true"], TEXT);
  assert.equal(r.code, 0, r.stderr);
  const body = parse(r.stdout);
  assert.deepEqual(body.hits.events?.map((e) => [e._index, e._source.n]), [
    ["stdin", 2],
    ["stdin", 4],
  ]);
});

test("query: .gz data and several files as one multi-index search", async () => {
  const t = tempFiles({ "first.ndjson.gz": gzipSync(ndjson(EVENTS.slice(0, 2))), "second.json": ndjson(EVENTS.slice(2)) });
  try {
    const r = await runCli(["query", "-d", t.path("first.ndjson.gz"), "-d", t.path("second.json"), "--size", "3", "any where true"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(parse(r.stdout).hits.events?.map((e) => [e._index, e._source.n]), [
      ["first", 1],
      ["second", 2],
      ["first", 3],
    ]);
  } finally {
    t.cleanup();
  }
});

test("query: bad lines are reported as file:line, counted, and the run continues", async () => {
  const text = [LINES[0], "{oops", "", "42", LINES[1]].join("\n");
  const t = tempFiles({ "mixed.ndjson": text });
  try {
    const r = await runCli(["query", "--data", t.path("mixed.ndjson"), "process where true"]);
    assert.equal(r.code, 0);
    const err = r.stderr.split("\n");
    assert.match(err[0]!, new RegExp(`^${t.path("mixed.ndjson").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2: invalid JSON`));
    assert.match(err[1]!, /mixed\.ndjson:4: not a JSON object \(got a number\)$/);
    assert.equal(err[2], "sequent: skipped 2 bad lines");
    assert.deepEqual(parse(r.stdout).hits.events?.map((e) => e._source.n), [1, 3]);
  } finally {
    t.cleanup();
  }
});

test("query: a bad query is shown with line:col and a caret, exit 2, before reading data", async () => {
  const r = await runCli(["query", "--data", "/nonexistent/never-read.ndjson", "process where process.name == "]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^<query>:1:\d+: .+\n  process where process\.name == \n\s+\^+/);
});

test("query: an unknown field with a mapping is an analysis error with a caret, exit 2", async () => {
  const mapping = JSON.stringify({ properties: { "@timestamp": { type: "date" }, n: { type: "long" }, event: { properties: { category: { type: "keyword" } } } } });
  const t = tempFiles({ "e.ndjson": ndjson([{ "@timestamp": 1, n: 1, event: { category: "process" } }]), "m.json": mapping });
  try {
    const r = await runCli(["query", "-d", t.path("e.ndjson"), "-m", t.path("m.json"), "process where\n  bogus_field == 1"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^<query>:2:3: .*bogus_field.*\n  {3}bogus_field == 1\n {4}\^{11}/);
  } finally {
    t.cleanup();
  }
});

test("query: a missing data file is an input error, exit 1", async () => {
  const r = await runCli(["query", "--data", "/nonexistent/events.ndjson", "any where true"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot read \/nonexistent\/events\.ndjson: no such file or directory/);
});

test("query: sequences with join keys; spilling the sort gives the same answer", async () => {
  const t = tempFiles({ "events.ndjson": TEXT });
  const q = "sequence by host.name [process where true] [network where true]";
  try {
    const r = await runCli(["query", "-d", t.path("events.ndjson"), q]);
    assert.equal(r.code, 0, r.stderr);
    const body = parse(r.stdout);
    assert.deepEqual(body.hits.total, { value: 1, relation: "eq" });
    assert.deepEqual(body.hits.sequences?.map((s) => [s.join_keys, s.events.map((e) => e._source?.n)]), [[["h1"], [1, 2]]]);
    const spilled = await runCli(["query", "-d", t.path("events.ndjson"), "--sort-buffer", "1", q]);
    assert.equal(spilled.code, 0, spilled.stderr);
    assert.deepEqual(parse(spilled.stdout).hits, body.hits);
  } finally {
    t.cleanup();
  }
});

test("query: --size limits the hits; default size is 10", async () => {
  const many = ndjson(Array.from({ length: 15 }, (_, i) => ({ "@timestamp": i, event: { category: "process" }, n: i })));
  const r = await runCli(["query", "any where true"], many);
  assert.equal(parse(r.stdout).hits.events?.length, 10);
  const r2 = await runCli(["query", "--size", "3", "any where true"], many);
  assert.deepEqual(parse(r2.stdout).hits.events?.map((e) => e._source.n), [0, 1, 2]);
});

test("query: search-hit lines keep their _index and _id", async () => {
  const hit = { _index: "logs-endpoint", _id: "evt-1", _source: EVENTS[0] };
  const r = await runCli(["query", "process where true"], JSON.stringify(hit) + "\n");
  assert.deepEqual(parse(r.stdout).hits.events?.map((e) => [e._index, e._id]), [["logs-endpoint", "evt-1"]]);
});

test("query: ndjson and table formats", async () => {
  const nd = await runCli(["query", "-f", "ndjson", "process where true"], TEXT);
  assert.equal(nd.code, 0, nd.stderr);
  assert.deepEqual(nd.stdout.trimEnd().split("\n").map((l) => (JSON.parse(l) as { _source: { n: number } })._source.n), [1, 3]);
  const table = await runCli(["query", "-f", "table", "process where true"], TEXT);
  assert.equal(table.code, 0, table.stderr);
  const lines = table.stdout.trimEnd().split("\n");
  assert.match(lines[0]!, /^TIMESTAMP\s+INDEX\s+ID\s+CATEGORY\s+DETAILS$/);
  assert.match(lines[1]!, /^2024-01-01T00:00:01\.000Z\s+stdin\s+\S+\s+process\s+process\.name=a\.exe host\.name=h1$/);
  assert.equal(lines.at(-1), "(2 events)");
});

test("query: _source is printed as the input text (big integers, number spelling, key order kept)", async () => {
  const line = '{"z":1.0,"@timestamp":"2024-01-01T00:00:00Z","event":{"category":"process"},"big":12345678901234567890,"a":"\\u00e9"}';
  const es = await runCli(["query", "process where true"], line + "\n");
  assert.equal(es.code, 0, es.stderr);
  assert.ok(es.stdout.includes(`"_source":${line}}`), es.stdout);
  const nd = await runCli(["query", "-f", "ndjson", "process where true"], line + "\n");
  assert.equal(nd.stdout, `{"_index":"stdin","_id":"${contentId(line)}","_source":${line}}\n`);
});
