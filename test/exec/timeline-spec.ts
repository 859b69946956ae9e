// # Timeline spec files: sequences drawn as ASCII timelines
//
// A spec file holds cases separated by lines starting with `===` (the rest of the line names the case).
// Inside a case:
//
//   stages: a b !m c*2      stage labels in order; `!` marks a missing-event stage, `*N` repeats (runs=N)
//   maxspan: 5              optional, milliseconds
//   until: u                optional label of the until filter
//   keys: optional          optional: null keys join (`?field`); default: an event with a null key is skipped
//   time   1 2 2 4          one column per event: its timestamp in ms (fractions give nanoseconds);
//                           equal times are ties, broken by column order
//   a      x . x .          one row per label: `x` = the event of that column matches the label
//   key    1 1 2|3 .        optional: each event's key; `|` separates values of a multi-valued key,
//                           `.` is null. Without a key row every event has the same key.
//   expect 2,3              one line per expected match in result order: event columns (1-based) per
//                           stage, `-` for a missing-event slot; `expect none` for no match
//
// Blank lines and lines starting with `#` are ignored.

import type { EventRecord } from "../../src/exec/event.js";
import type { CompiledSequence, CompiledSequenceStage, JoinKey, KeyExtractor, KeyValue } from "../../src/exec/compiled.js";
import type { SequenceMatch } from "../../src/exec/results.js";

export interface TimelineCase {
  readonly name: string;
  readonly line: number;
  readonly query: CompiledSequence;
  readonly events: EventRecord[];
  /** Expected matches rendered like `render()`. */
  readonly expect: string[];
}

function keyValue(token: string): KeyValue {
  if (token === ".") return null;
  return /^-?\d+$/.test(token) ? Number(token) : token;
}

export function parseTimelineSpecs(text: string): TimelineCase[] {
  const cases: TimelineCase[] = [];
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length) {
    const header = lines[i] as string;
    if (!header.startsWith("===")) {
      i++;
      continue;
    }
    const name = header.replace(/^=+\s*/, "").trim();
    const startLine = i + 1;
    const body: string[] = [];
    i++;
    while (i < lines.length && !(lines[i] as string).startsWith("===")) body.push(lines[i++] as string);
    cases.push(parseCase(name, startLine, body));
  }
  return cases;
}

function parseCase(name: string, line: number, body: string[]): TimelineCase {
  let stageTokens: string[] = [];
  let maxspanMs: number | null = null;
  let untilLabel: string | null = null;
  let optional = false;
  let times: number[] = [];
  const rows = new Map<string, string[]>();
  let keyRow: string[] | null = null;
  const expect: string[] = [];
  const fail = (msg: string): never => {
    throw new Error(`timeline spec "${name}" (line ${line}): ${msg}`);
  };
  for (const raw of body) {
    const text = raw.trim();
    if (text === "" || text.startsWith("#")) continue;
    const directive = /^(stages|maxspan|until|keys):\s*(.*)$/.exec(text);
    if (directive) {
      const value = (directive[2] as string).trim();
      switch (directive[1]) {
        case "stages":
          stageTokens = value.split(/\s+/);
          break;
        case "maxspan":
          maxspanMs = Number(value);
          break;
        case "until":
          untilLabel = value;
          break;
        case "keys":
          optional = value === "optional";
          break;
        default:
          fail(`unknown directive ${String(directive[1])}`);
      }
      continue;
    }
    const [head, ...cells] = text.split(/\s+/);
    if (head === "time") times = cells.map(Number);
    else if (head === "key") keyRow = cells;
    else if (head === "expect") expect.push(cells.join(" ") === "none" ? "" : cells.join(""));
    else if (head !== undefined) rows.set(head, cells);
  }
  if (times.length === 0) fail("missing time row");
  for (const [label, cells] of rows) if (cells.length !== times.length) fail(`row ${label} has ${cells.length} cells, expected ${times.length}`);
  if (keyRow !== null && keyRow.length !== times.length) fail("key row length differs from time row");

  const events: EventRecord[] = times.map((t, col) => {
    const labels = [...rows].filter(([, cells]) => cells[col] === "x").map(([label]) => label);
    const keyCell = keyRow === null ? "k" : (keyRow[col] as string);
    const key = keyCell.includes("|") ? keyCell.split("|").map(keyValue) : keyValue(keyCell);
    const tsMs = Math.floor(t);
    return { source: { col: col + 1, labels, key }, index: "spec", id: String(col + 1), tsMs, tsNs: Math.round((t - tsMs) * 1e6), tiebreaker: null, seq: col };
  });

  const keys: KeyExtractor = (e) => {
    const raw = e.source["key"] as KeyValue | KeyValue[];
    let values = Array.isArray(raw) ? [...new Set(raw.filter((v) => v !== null))] : [raw];
    if (values.length === 0) values = [null];
    if (!optional && values.includes(null)) return [];
    return values.map((v): JoinKey => ({ values: [v], hash: JSON.stringify(v) }));
  };
  const labelled = (label: string) => ({ test: (e: EventRecord) => (e.source["labels"] as string[]).includes(label) });
  const stages: CompiledSequenceStage[] = [];
  for (const token of stageTokens) {
    const m = /^(!?)(\w+)(?:\*(\d+))?$/.exec(token);
    if (!m) fail(`bad stage ${token}`);
    const [, bang, label, runs] = m as RegExpExecArray;
    if (!rows.has(label as string)) fail(`no row for stage ${label}`);
    for (let r = 0; r < Number(runs ?? 1); r++) stages.push({ filter: labelled(label as string), keys, missing: bang === "!" });
  }
  const query: CompiledSequence = {
    kind: "sequence",
    stages,
    until: untilLabel === null ? null : { filter: labelled(untilLabel), keys },
    maxspanMs,
    keyCount: 1,
    pipes: [],
  };
  return { name, line, query, events, expect: expect.filter((x) => x !== "") };
}

/** A match as `2,3` (columns per stage, `-` for missing slots). */
export function render(m: SequenceMatch): string {
  return m.events.map((e) => (e === null ? "-" : String(e.source["col"]))).join(",");
}
