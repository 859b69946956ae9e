// `sequent query` over files in time order matches events as it reads them (no sort), skipping unparsed the
// lines that hold none of the query's literals; input out of order falls back to the sort. Either way the
// results are those of the sorted path (which a cache of parsed inputs always takes), bad lines are reported
// once (the skipped ones are not validated, and the run says how many lines it parsed), and a head limit met
// early is not fooled by a late early event.

import { test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../src/cli/main.js";
import { generate } from "../../bench/generate.js";
import { ioFor, tempFiles } from "./helpers.js";

const QUERIES = [
  'process where host.os.type == "macos"',
  "any where true | head 7",
  "network where destination.port == 443 | tail 5",
  'sequence by process.entity_id with maxspan=1m [process where event.action == "exec"] [network where true]',
  'sequence by host.id [process where event.type == "start"] [file where true] until [process where event.type == "end"]',
  'sequence by process.entity_id with maxspan=30s [process where true] ![network where true]',
  "sample by host.id [process where true] [network where true]",
];

async function query(file: string, q: string, cached: boolean, size = 50): Promise<{ out: string; err: string }> {
  const io = ioFor("", cached ? new Map() : undefined);
  const code = await main(["query", "-f", "ndjson", "--size", String(size), "-d", file, q], io);
  assert.equal(code, 0, io.stderr.text);
  return { out: io.stdout.text, err: io.stderr.text };
}

function events(): string[] {
  const lines: string[] = [];
  generate({ events: 3000, seed: 11, trueEvery: 300, nearMissEvery: 60 }, (line) => lines.push(line));
  return lines;
}

test("query: in-order and out-of-order files give the sorted path's results; bad lines reported once", async () => {
  const lines = events();
  // a bad line early and late; for the second file, an event moved 2,000 lines later (past the reorder window)
  const withBad = [...lines.slice(0, 10), "{oops", ...lines.slice(10, 2900), "[1]", ...lines.slice(2900)];
  const moved = [...withBad];
  const [early] = moved.splice(5, 1);
  moved.splice(2005, 0, early!);
  const files = tempFiles({ "ordered.ndjson": withBad.join("\n") + "\n", "shuffled.ndjson": moved.join("\n") + "\n" });
  const seen = { prefiltered: 0, whole: 0 };
  try {
    // the moved line shifts the first bad line up by one in the second file
    for (const [name, firstBad] of [["ordered.ndjson", 11], ["shuffled.ndjson", 10]] as const) {
      for (const q of QUERIES) {
        const streamed = await query(files.path(name), q, false);
        const sorted = await query(files.path(name), q, true);
        assert.equal(streamed.out, sorted.out, `${name}: ${q}`);
        assert.ok(streamed.out.length > 0, `${name}: ${q} found nothing`);
        // the sorted path parses every line; both bad lines are reported
        assert.match(sorted.err, new RegExp(`${name}:${firstBad}: invalid JSON`));
        assert.match(sorted.err, /:2902: not a JSON object/);
        assert.match(sorted.err, /skipped 2 bad lines\n$/);
        const prefiltered = /lines parsed \(prefilter: \d+ literals?; skipped lines are not validated\)\n$/.test(streamed.err);
        seen[prefiltered ? "prefiltered" : "whole"]++;
        if (!prefiltered) {
          // out of order (the sorted path took over) or nothing to skip: the sorted path's reports exactly.
          // (The moved event is only out of order for queries that parse it: the others skip it unparsed.)
          assert.equal(streamed.err, sorted.err, `${name}: ${q}`);
        } else {
          // "[1]" (line 2902) holds none of the query's literals: skipped unparsed, so not reported; line 11 is
          // among the first 1,000 lines, all parsed to choose the literals
          assert.equal(streamed.err.split("\n")[0], sorted.err.split("\n")[0], `${name}: ${q}`);
          assert.match(streamed.err, /skipped 1 bad line\n/);
          assert.doesNotMatch(streamed.err, /:2902:/);
        }
      }
    }
    // both kinds were exercised: queries with literals to skip lines by, and queries that parse every line
    assert.ok(seen.prefiltered >= 4 && seen.whole >= 2, JSON.stringify(seen));
  } finally {
    files.cleanup();
  }
});

test("query: a head limit met while streaming still yields to an earlier event further down the file", async () => {
  const lines = events();
  const first = JSON.parse(lines[0]!) as Record<string, unknown>;
  const earliest = JSON.stringify({ ...first, "@timestamp": "2020-01-01T00:00:00.000Z", marker: "earliest" });
  const files = tempFiles({ "late.ndjson": [...lines, earliest].join("\n") + "\n" });
  try {
    const streamed = await query(files.path("late.ndjson"), "any where true | head 1", false);
    assert.match(streamed.out, /"marker":"earliest"/);
    assert.equal(streamed.out, (await query(files.path("late.ndjson"), "any where true | head 1", true)).out);
  } finally {
    files.cleanup();
  }
});
