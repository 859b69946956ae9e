import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAlertBuilder, type AlertDoc } from "../../src/alerts/build.js";
import { ndjsonSink } from "../../src/io/sinks/ndjson.js";
import { bulkSink } from "../../src/io/sinks/bulk.js";
import { tableSink } from "../../src/io/sinks/table.js";
import { WRITE_SLICE } from "../../src/io/sinks/types.js";
import { isSqlitePath, sqliteSink } from "../../src/io/sinks/sqlite.js";
import { EXEC_INDEX, NET_INDEX, NOW, execSource, makeEvent, makeRule, netSource } from "./helpers.js";

function capture() {
  const chunks: string[] = [];
  return { out: { write: (c: string) => chunks.push(c) }, text: () => chunks.join("") };
}

function alerts(): AlertDoc[] {
  const ev0 = makeEvent(execSource(), EXEC_INDEX, "Yk3pQ5ABcD1eF2gH3iJ4");
  const ev1 = makeEvent(netSource(), NET_INDEX, "Zm4qR6BCdE2fG3hI4jK5");
  return createAlertBuilder(makeRule(), { now: NOW }).sequenceAlerts({ joinKeys: [], events: [ev0, ev1] });
}

test("ndjson sink: one _source per line", async () => {
  const c = capture();
  const sink = ndjsonSink(c.out);
  await sink.write(alerts());
  assert.deepEqual(await sink.close(), { written: 3 });
  const lines = c.text().trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, 3);
  assert.equal(lines[0]!["kibana.alert.uuid"], "98270c4f9d98e2d55ffc6c59e31bde1b23e0e61d91414f9520853c91f3533160");
});

test("text sinks wait for drain after a slice in which the writer asked them to", async () => {
  // a writer whose buffer is always full: every write returns false, "drain" comes on a later tick
  const chunks: string[] = [];
  const listeners: (() => void)[] = [];
  let drains = 0;
  const out = {
    write: (c: string) => {
      chunks.push(c);
      setImmediate(() => {
        const pending = listeners.splice(0);
        if (pending.length > 0) drains++;
        for (const l of pending) l();
      });
      return false;
    },
    once: (_event: "drain", listener: () => void) => void listeners.push(listener),
  };
  const one = alerts();
  const many: AlertDoc[] = [];
  for (let i = 0; i < 2 * WRITE_SLICE + 1; i++) many.push(one[i % one.length]!);
  const sink = ndjsonSink(out);
  await sink.write(many);
  assert.equal(chunks.length, many.length, "one write per document");
  assert.equal(drains, 3, "one wait per slice");
  assert.deepEqual(
    chunks.map((c) => (JSON.parse(c) as Record<string, unknown>)["kibana.alert.uuid"]),
    many.map((a) => a._source["kibana.alert.uuid"]),
  );
});

test("bulk sink: create actions with the alert id, then the document", async () => {
  const c = capture();
  const sink = bulkSink(c.out);
  await sink.write(alerts());
  await sink.close();
  const lines = c.text().trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, 6);
  assert.deepEqual(lines[0], { create: { _index: ".alerts-security.alerts-default", _id: "98270c4f9d98e2d55ffc6c59e31bde1b23e0e61d91414f9520853c91f3533160" } });
  assert.equal(lines[1]!["kibana.alert.depth"], 2);
  assert.deepEqual(lines[2], { create: { _index: ".alerts-security.alerts-default", _id: "80e93f4eb800c2169108cda8630acabe03d9eb24aac50b5ebb09d7b38ffc33ac" } });
  assert.ok(c.text().endsWith("\n"));
});

test("table sink: a row per shell with its building blocks indented", async () => {
  const c = capture();
  const sink = tableSink(c.out);
  await sink.write(alerts());
  await sink.close();
  const text = c.text();
  assert.match(text, /^TIME\s+SEVERITY\s+RULE\s+HOST\s+DETAILS\n/);
  assert.match(text, /2025-06-02T14:03:11.482Z  high\s+Suspicious Outbound Network Connection via Unsigned Binary  mbp-jdoe  process=\/Users\/jdoe\/Downloads\/updater user=jdoe/);
  assert.match(text, /\n    \[0\] 2025-06-02T14:03:11.482Z  process\/exec/);
  assert.match(text, /\n    \[1\] 2025-06-02T14:03:12.917Z  network\/connection_attempted  dest=91.92.242.14:4444\n/);
  const empty = capture();
  await tableSink(empty.out).close();
  assert.equal(empty.text(), "No alerts.\n");
});

test("sqlite sink de-duplicates by alert id across runs", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sequent-sqlite-"));
  try {
    const path = join(dir, "alerts.db");
    assert.ok(isSqlitePath(path) && isSqlitePath("x.SQLITE") && !isSqlitePath("x.ndjson"));
    const first = sqliteSink(path);
    await first.write(alerts());
    assert.deepEqual(await first.close(), { written: 3, inserted: 3, duplicates: 0 });
    const second = sqliteSink(path);
    await second.write(alerts());
    assert.deepEqual(await second.close(), { written: 3, inserted: 0, duplicates: 3 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
