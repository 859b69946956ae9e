// Content ids: the sha1 of a plain line's text, computed when an event's id is first read.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { contentId, LazyContentId } from "../../src/event/content-id.js";
import { createRecordFactory } from "../../src/event/record.js";
import { dynamicSchema } from "../../src/schema/dynamic.js";
import { itemId, lazyItemId, readNdjson, type NdjsonEvent, type NdjsonItem } from "../../src/io/ndjson.js";
import { tempFiles } from "../io/temp.js";

const LINE = '{"@timestamp":"2026-03-01T00:00:00Z","a":"é"}';

test("content id: sha1 of the text, hex; the lazy one gives the same id on every read", () => {
  const sha1 = createHash("sha1").update(LINE, "utf8").digest("hex");
  assert.equal(contentId(LINE), sha1);
  const lazy = new LazyContentId(LINE);
  assert.equal(lazy.id, sha1);
  assert.equal(lazy.id, sha1);
});

test("a record made with a lazy id reads as one made with the id itself", () => {
  const factory = createRecordFactory({ schema: dynamicSchema() });
  const source = JSON.parse(LINE) as Record<string, unknown>;
  const eager = factory(source, "logs", contentId(LINE), 7);
  const lazy = factory(source, "logs", new LazyContentId(LINE), 7);
  for (const key of ["source", "index", "id", "tsMs", "tsNs", "tiebreaker", "seq"] as const) assert.equal(lazy[key], eager[key], key);
});

test("reading without content ids: plain lines get id \"\" and their text, search hits keep their _id; itemId and lazyItemId give the ids", async () => {
  const hit = JSON.stringify({ _index: "logs-x", _id: "hit-1", _source: { a: 1 } });
  const files = tempFiles({ "e.ndjson": `${LINE}\n${hit}\n` });
  try {
    const read = async (contentIds: boolean) => {
      const out: NdjsonItem[] = [];
      for await (const item of readNdjson(files.path("e.ndjson"), { contentIds })) out.push(item);
      return out as NdjsonEvent[];
    };
    const [plain, search] = await read(false);
    assert.equal(plain!.id, "");
    assert.equal(plain!.sourceText, LINE);
    assert.equal(search!.id, "hit-1");
    assert.equal(itemId(plain!), contentId(LINE));
    assert.equal(itemId(search!), "hit-1");
    const lazy = lazyItemId(plain!);
    assert.ok(lazy instanceof LazyContentId);
    assert.equal(lazy.id, contentId(LINE));
    assert.equal(lazyItemId(search!), "hit-1");
    const eager = await read(true);
    assert.equal(eager[0]!.id, contentId(LINE));
    assert.equal(itemId(eager[0]!), contentId(LINE));
  } finally {
    files.cleanup();
  }
});
