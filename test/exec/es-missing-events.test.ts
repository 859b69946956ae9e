// Elasticsearch's own missing-event (`![…]`) cases, run through hand-built compiled queries.
// The queries of that file only use `<category> where tag == "…"` (optionally `and sequence > N`),
// `by` keys, `with maxspan`, `with runs` and head/tail, so a tiny translator stands in for the
// parser and compiler here. Reads ../shared (skips when absent).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runQuery } from "../../src/exec/run-query.js";
import type { EventRecord } from "../../src/exec/event.js";
import { compareEvents } from "../../src/exec/event.js";
import type { CompiledPipe, CompiledSequence, CompiledSequenceStage } from "../../src/exec/compiled.js";
import { keyBy, noKeys, ids } from "./helpers.js";
import { sharedPath } from "../repo-paths.js";

const root = sharedPath("conformance/es-eql");
const casesFile = join(root, "cases-test_missing_events.json");
const dataFile = join(root, "data", "missing-events.ndjson");

interface Case {
  name: string;
  query: string;
  expected_event_ids: number[];
  join_keys?: (string | null)[];
}

function loadEvents(): EventRecord[] {
  const lines = readFileSync(dataFile, "utf8").split("\n").filter((l) => l.trim() !== "");
  const events = lines.map((line, i): EventRecord => {
    const source = JSON.parse(line) as Record<string, unknown>;
    const raw = String(source["@timestamp"]);
    const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
    return { source, index: "missing-events", id: String(i), tsMs: ms, tsNs: 0, tiebreaker: source["sequence"] as number, seq: i };
  });
  return events.sort(compareEvents);
}

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function translate(text: string): CompiledSequence {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const header = lines[0] as string;
  const seqBy = /by (\w+)/.exec(header)?.[1];
  const span = /maxspan=(\d+)(ms|s|m|h|d)/.exec(header);
  const stages: CompiledSequenceStage[] = [];
  const pipes: CompiledPipe[] = [];
  for (const line of lines.slice(1)) {
    const pipe = /^\|\s*(head|tail)\s+(\d+)/.exec(line);
    if (pipe) {
      pipes.push({ kind: pipe[1] as "head" | "tail", count: Number(pipe[2]) });
      continue;
    }
    const m = /^(!?)\[\s*(\w+) where tag == "(\w+)"(?: and `sequence` > (\d+))?\s*\](?:\s*by (\w+))?(?:\s*with runs=(\d+))?$/.exec(line);
    if (!m) throw new Error(`cannot translate: ${line}`);
    const [, bang, category, tag, minSeq, stageBy, runs] = m;
    const fields = [seqBy, stageBy].filter((f): f is string => f !== undefined);
    const stage: CompiledSequenceStage = {
      filter: {
        test: (e) =>
          e.source["event_type"] === category && e.source["tag"] === tag && (minSeq === undefined || (e.source["sequence"] as number) > Number(minSeq)),
      },
      keys: fields.length === 0 ? noKeys : keyBy(fields),
      missing: bang === "!",
    };
    for (let i = 0; i < Number(runs ?? 1); i++) stages.push(stage);
  }
  return {
    kind: "sequence",
    stages,
    until: null,
    maxspanMs: span ? Number(span[1]) * (units[span[2] as string] as number) : null,
    keyCount: 0,
    pipes,
  };
}

const available = existsSync(casesFile) && existsSync(dataFile);

test("Elasticsearch missing-event cases", { skip: available ? false : "../shared/conformance/es-eql not present" }, () => {
  const cases = JSON.parse(readFileSync(casesFile, "utf8")) as Case[];
  const events = loadEvents();
  const failures: string[] = [];
  for (const c of cases) {
    const r = runQuery(translate(c.query), events, { size: 50 });
    assert.equal(r.kind, "sequences");
    if (r.kind !== "sequences") continue;
    const got = ids(r.sequences, "sequence");
    if (JSON.stringify(got) !== JSON.stringify(c.expected_event_ids)) {
      failures.push(`${c.name}: expected ${JSON.stringify(c.expected_event_ids)} got ${JSON.stringify(got)}`);
    }
    if (c.join_keys && c.join_keys.length > 0) {
      const keys = r.sequences.flatMap((s) => s.joinKeys.map((v) => (v === null ? "null" : String(v))));
      if (JSON.stringify(keys) !== JSON.stringify(c.join_keys)) failures.push(`${c.name}: join keys ${JSON.stringify(keys)}`);
    }
  }
  assert.deepEqual(failures, []);
});
