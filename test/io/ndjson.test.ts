import test from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readNdjson, formatBadLine, contentId, type NdjsonItem } from "../../src/io/ndjson.js";
import { indexNameOf, expandInputs } from "../../src/io/inputs.js";
import { InputError } from "../../src/diag/diagnostic.js";
import { tempFiles } from "./temp.js";

async function collect(path: string, options = {}): Promise<NdjsonItem[]> {
  const out: NdjsonItem[] = [];
  for await (const item of readNdjson(path, options)) out.push(item);
  return out;
}

const LINES = ['{"a":1}', "not json", "[1,2]", "", '{"_index":"logs-1","_id":"abc","_source":{"b":2}}', '{"c":"é"}'].join("\n");

test("ndjson: events, bad lines with file:line and reasons, hits unwrapped, content ids", async () => {
  const t = tempFiles({ "events.ndjson": LINES });
  try {
    const items = await collect(t.path("events.ndjson"));
    assert.equal(items.length, 5);
    const [a, bad1, bad2, hit, c] = items;
    assert.deepEqual(a, {
      kind: "event",
      value: { a: 1 },
      file: t.path("events.ndjson"),
      line: 1,
      index: "events",
      id: contentId('{"a":1}'),
      sourceText: '{"a":1}',
    });
    assert.equal(a?.kind === "event" && a.id.length, 40);
    assert.equal(bad1?.kind, "bad");
    assert.match(formatBadLine(bad1 as never), new RegExp(`^${escape(t.path("events.ndjson"))}:2: invalid JSON`));
    assert.equal(bad2?.kind === "bad" && bad2.line, 3);
    assert.equal(bad2?.kind === "bad" && bad2.reason, "not a JSON object (got an array)");
    assert.deepEqual(hit, { kind: "event", value: { b: 2 }, file: t.path("events.ndjson"), line: 5, index: "logs-1", id: "abc" });
    assert.equal(c?.kind === "event" && c.line, 6);
  } finally {
    t.cleanup();
  }
});

test("ndjson: the same line has the same id wherever it is", async () => {
  const t = tempFiles({ "x.ndjson": '{"a":1}\n', "y.json": '\n\n{"a":1}\n' });
  try {
    const [x] = await collect(t.path("x.ndjson"));
    const [y] = await collect(t.path("y.json"));
    assert.ok(x?.kind === "event" && y?.kind === "event");
    assert.equal(x.id, y.id);
    assert.equal(y.index, "y");
    assert.equal(y.line, 3);
  } finally {
    t.cleanup();
  }
});

test("ndjson: gzip files are decompressed and named without .gz", async () => {
  const t = tempFiles({ "events.ndjson.gz": gzipSync(Buffer.from('{"a":1}\r\n{"a":2}')) });
  try {
    const items = await collect(t.path("events.ndjson.gz"));
    assert.deepEqual(items.map((i) => i.kind === "event" && [i.value, i.index, i.line]), [
      [{ a: 1 }, "events", 1],
      [{ a: 2 }, "events", 2],
    ]);
  } finally {
    t.cleanup();
  }
});

test("ndjson: corrupt gzip is an InputError naming the file", async () => {
  const t = tempFiles({ "bad.ndjson.gz": Buffer.from("this is not gzip") });
  try {
    await assert.rejects(collect(t.path("bad.ndjson.gz")), (e: unknown) => e instanceof InputError && /bad\.ndjson\.gz/.test(e.render()));
  } finally {
    t.cleanup();
  }
});

test("ndjson: stdin is read for '-' and named stdin", async () => {
  const stdin = Readable.from([Buffer.from('{"a":'), Buffer.from('1}\n{"a":2}')]);
  const items = await collect("-", { stdin });
  assert.deepEqual(items.map((i) => i.kind === "event" && [i.value, i.index, i.file, i.line]), [
    [{ a: 1 }, "stdin", "<stdin>", 1],
    [{ a: 2 }, "stdin", "<stdin>", 2],
  ]);
});

test("ndjson: small read chunks give the same result", async () => {
  const t = tempFiles({ "e.ndjson": '{"s":"日本語テキスト"}\n{"s":"😀😀"}\n' });
  try {
    const items = await collect(t.path("e.ndjson"), { chunkSize: 3 });
    assert.deepEqual(items.map((i) => i.kind === "event" && i.value), [{ s: "日本語テキスト" }, { s: "😀😀" }]);
  } finally {
    t.cleanup();
  }
});

test("ndjson: a directory means its event files, sorted by name", async () => {
  const t = tempFiles({});
  try {
    mkdirSync(join(t.dir, "d"));
    writeFileSync(join(t.dir, "d", "b.ndjson"), '{"n":2}\n');
    writeFileSync(join(t.dir, "d", "a.json"), '{"n":1}\n');
    writeFileSync(join(t.dir, "d", "c.ndjson.gz"), gzipSync('{"n":3}\n'));
    writeFileSync(join(t.dir, "d", "notes.txt"), "ignored");
    assert.deepEqual(expandInputs([join(t.dir, "d")]).map((p) => p.slice(t.dir.length + 3)), ["a.json", "b.ndjson", "c.ndjson.gz"]);
    const items = await collect(join(t.dir, "d"));
    assert.deepEqual(items.map((i) => i.kind === "event" && [i.value, i.index]), [
      [{ n: 1 }, "a"],
      [{ n: 2 }, "b"],
      [{ n: 3 }, "c"],
    ]);
  } finally {
    t.cleanup();
  }
});

test("ndjson: a missing file is an InputError", async () => {
  await assert.rejects(collect("/nonexistent/sequent/events.ndjson"), (e: unknown) => e instanceof InputError && /no such file/.test(e.message));
});

test("inputs: index names", () => {
  assert.equal(indexNameOf("data/endgame-140.ndjson"), "endgame-140");
  assert.equal(indexNameOf("/x/logs.json.gz"), "logs");
  assert.equal(indexNameOf("events.jsonl"), "events");
  assert.equal(indexNameOf("-"), "stdin");
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

test(".json documents: a pretty-printed event or an array of events is read whole; NDJSON saved as .json stays line by line", async () => {
  const event = { "@timestamp": "2026-03-12T10:00:00Z", process: { name: "x.exe", args: ["a", "b"] } };
  const t = tempFiles({
    "one.json": "\ufeff" + JSON.stringify(event, null, 4) + "\n",
    "many.json": JSON.stringify([event, 5, { _index: "logs-9", _id: "h1", _source: { c: 1 } }], null, 2),
    "lines.json": '{"a":1}\n{"b":2}\n',
    "broken.json": "{\n  \"a\": 1,\n",
    "empty-array.json": "[]",
  });
  try {
    const one = await collect(t.path("one.json"));
    assert.deepEqual(one, [{ kind: "event", value: event, file: t.path("one.json"), line: 1, index: "one", id: contentId(JSON.stringify(event)), sourceText: JSON.stringify(event) }]);
    const many = await collect(t.path("many.json"));
    assert.equal(many.length, 3);
    assert.equal(many[0]?.kind === "event" && many[0].id, contentId(JSON.stringify(event)), "the same id as the event on one NDJSON line");
    assert.equal(many[1]?.kind === "bad" && many[1].reason, "element 2 of the array: not a JSON object (got a number)");
    assert.deepEqual(many[2], { kind: "event", value: { c: 1 }, file: t.path("many.json"), line: 3, index: "logs-9", id: "h1" });
    const lines = await collect(t.path("lines.json"));
    assert.deepEqual(lines.map((i) => (i.kind === "event" ? i.value : i.reason)), [{ a: 1 }, { b: 2 }]);
    const broken = await collect(t.path("broken.json"));
    assert.equal(broken.length, 1);
    assert.match(broken[0]?.kind === "bad" ? formatBadLine(broken[0]) : "", /broken\.json:1: invalid JSON document: /);
    assert.deepEqual(await collect(t.path("empty-array.json")), []);
  } finally {
    t.cleanup();
  }
});

test("ndjson: reading a file gives the event loop a turn between chunks (signals and timers are not held until the end)", async () => {
  const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ n: i, pad: "x".repeat(40) })).join("\n");
  const t = tempFiles({ "many.ndjson": lines });
  try {
    let items = 0;
    let seenByTimer = -1;
    setImmediate(() => (seenByTimer = items));
    // the loop below never waits for anything but the reader: without the reader's turns the callback would run
    // only after the last item
    for await (const item of readNdjson(t.path("many.ndjson"), { chunkSize: 256 })) {
      assert.equal(item.kind, "event");
      items++;
    }
    assert.equal(items, 200);
    assert.ok(seenByTimer >= 0 && seenByTimer < 200, `the callback ran after ${seenByTimer} of 200 items`);
  } finally {
    t.cleanup();
  }
});
