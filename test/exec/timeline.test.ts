// Runs every case of specs/*.timeline through runQuery, the brute-force reference, and the live stream
// (in chunks of 1, 7 and 1000 events).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runQuery } from "../../src/exec/run-query.js";
import { createStream } from "../../src/exec/stream.js";
import type { SequenceMatch } from "../../src/exec/results.js";
import { parseTimelineSpecs, render } from "./timeline-spec.js";
import { referenceSequences } from "./reference.js";
import { REPO_ROOT } from "../repo-paths.js";

const dir = join(REPO_ROOT, "test", "exec", "specs");

function seqs(r: ReturnType<typeof runQuery>): SequenceMatch[] {
  return r.kind === "sequences" ? r.sequences : [];
}

for (const file of readdirSync(dir).filter((f) => f.endsWith(".timeline"))) {
  for (const c of parseTimelineSpecs(readFileSync(join(dir, file), "utf8"))) {
    test(`${file}: ${c.name}`, () => {
      const got = seqs(runQuery(c.query, c.events, { size: 1000 })).map(render);
      assert.deepEqual(got, c.expect, `runQuery (${file}:${c.line})`);
      assert.deepEqual(referenceSequences(c.query, c.events).map(render), c.expect, `reference (${file}:${c.line})`);
      for (const chunk of [1, 7, 1000]) {
        const live: string[] = [];
        const stream = createStream(c.query, { size: 1000, onResult: (m) => live.push(render(m as SequenceMatch)) });
        for (let i = 0; i < c.events.length; i += chunk) stream.pushAll(c.events.slice(i, i + chunk));
        assert.deepEqual(seqs(stream.flush()).map(render), c.expect, `stream chunk ${chunk}`);
        assert.deepEqual([...live].sort(), [...c.expect].sort(), `live results chunk ${chunk}`);
      }
    });
  }
}
