// # Rough rule costs, to balance the rule blocks of `sequent run --workers`
//
// A rule's matching work grows with the events that reach it, and prebuilt rules are mostly for one OS
// ("OS: Windows" tags, host.os.type in the data). So a rule weighs a constant (compiling, per-event checks)
// plus the share of the input's events on its OS(es), estimated from the first MiB of the first input file
// (a rule without OS tags counts as seeing every event). Only the balance depends on this guess: which
// worker runs a rule never changes its alerts.

import { closeSync, openSync, readSync } from "node:fs";
import type { RuleSpec } from "../../rules/model.js";
import { STDIN_PATH } from "../../io/inputs.js";

const SAMPLE_BYTES = 1 << 20;
const BASE_WEIGHT = 0.25;
const OSES = ["windows", "linux", "macos"] as const;
type Os = (typeof OSES)[number];

/** Share of sampled lines per host.os.type, or undefined when nothing could be sampled. */
export function sampleOsShares(inputs: readonly string[]): Map<Os, number> | undefined {
  const file = inputs[0];
  if (file === undefined || file === STDIN_PATH || /\.gz$/i.test(file)) return undefined;
  let text: string;
  try {
    const fd = openSync(file, "r");
    try {
      const buf = Buffer.alloc(SAMPLE_BYTES);
      const n = readSync(fd, buf, 0, SAMPLE_BYTES, 0);
      text = buf.toString("utf8", 0, n);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined; // a directory or unreadable input: the run itself reports it
  }
  const counts = new Map<Os, number>();
  let lines = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    lines++;
    const m = /"os":\{"type":"(windows|linux|macos)"/.exec(line);
    if (m !== null) counts.set(m[1] as Os, (counts.get(m[1] as Os) ?? 0) + 1);
  }
  if (lines === 0) return undefined;
  return new Map(OSES.map((os) => [os, (counts.get(os) ?? 0) / lines]));
}

/** The weight function for planBlocks: constant + share of events on the rule's OS tags. */
export function ruleWeight(shares: Map<Os, number> | undefined): (rule: RuleSpec) => number {
  if (shares === undefined) return () => 1;
  return (rule) => {
    let share = 0;
    let tagged = false;
    for (const tag of rule.tags) {
      const m = /^OS:\s*(windows|linux|macos)$/i.exec(tag);
      if (m === null) continue;
      tagged = true;
      share += shares.get(m[1]!.toLowerCase() as Os) ?? 0;
    }
    return BASE_WEIGHT + (tagged ? share : 1);
  };
}
