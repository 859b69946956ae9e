// # Messages between `sequent run --workers N` (event-parallel mode) and its screening workers
//
// The parent cuts the input into blocks of whole lines and deals them round-robin to the workers; each
// worker answers every block, in the order it received them, with the lines some rule can use (their text and,
// per event ordering, the positions of those rules). See scatter.ts for the design.

import type { NdjsonBadLine } from "../../io/ndjson.js";
import type { ExceptionSet } from "../../rules/exception-model.js";
import type { RuleSpec } from "../../rules/model.js";
import type { PortableEngineOptions, PortableError } from "./protocol.js";
import type { CompiledRuleSet } from "./lazy-rules.js";
import type { RawLiteral } from "../../compile/necessary.js";
import type { PrefilterInfo } from "../feed.js";

export interface ScreenInit {
  readonly type: "init";
  readonly rules: readonly RuleSpec[];
  readonly engine: PortableEngineOptions;
  readonly exceptions: ExceptionSet | undefined;
  /**
   * The rules' raw-byte prefilter: "sample" — build it from the first `sampleLines` lines this worker reads and
   * report it (one worker does); "wait" — parse every line until that report is relayed; "off".
   */
  readonly prefilter: "sample" | "wait" | "off";
  readonly sampleLines: number;
}

/** The prefilter one worker built, relayed to the others: its literals, or null when it passes every line. */
export interface ScreenPrefilter {
  readonly type: "prefilter";
  readonly literals: readonly RawLiteral[] | null;
  readonly info: PrefilterInfo;
}

/** Whole lines of one input, starting at line `firstLine` of it. */
export interface ScreenBlock {
  readonly type: "block";
  /** The input's path and how bad lines name it. */
  readonly path: string;
  readonly label: string;
  readonly firstLine: number;
  /** The block starts the file (a byte order mark may be skipped). */
  readonly atFileStart: boolean;
  readonly bytes: Uint8Array;
}

/** Forget the events screened so far (counts), as before the first block: the parent starts its pass over. */
export interface ScreenReset {
  readonly type: "reset";
}

/** No more blocks: send the per-rule counts. */
export interface ScreenEnd {
  readonly type: "end";
}

export type ToScreenWorker = ScreenInit | ScreenBlock | ScreenReset | ScreenEnd | ScreenPrefilter;

/**
 * A line some rule can use: its text and, per ordering of the engine, the positions of those rules with the
 * verdicts of their filters (src/engine/verdicts.ts; SCREEN_FAILED when screening threw).
 */
export interface ScreenHit {
  readonly line: number;
  readonly text: string;
  /**
   * The event's own `_id` (a search hit), or null for a plain line: its id is the content hash of `text`, which
   * the matching thread computes only if it reads the id (src/event/content-id.ts).
   */
  readonly id: string | null;
  readonly rules: readonly (readonly number[])[];
  readonly verdicts: readonly (readonly number[])[];
  /** Per ordering: the event's timestamp (ms, ns; ms NaN without one) and tiebreaker in that ordering. */
  readonly order: readonly (readonly [number, number, number | string | null])[];
  /** The event's route and alert index (src/engine/route.ts). */
  readonly route: string;
  readonly alert: string;
}

export interface ScreenedBlock {
  /** Non-blank lines read, lines parsed (the others were rejected unparsed by the prefilter), events. */
  readonly lines: number;
  readonly parsed: number;
  readonly events: number;
  readonly bad: readonly NdjsonBadLine[];
  readonly hits: readonly ScreenHit[];
  /** The worker's prefilter once built. */
  readonly prefilter: PrefilterInfo | null;
}

export type FromScreenWorker =
  | { readonly type: "ready"; readonly ms: number; readonly compiled: CompiledRuleSet }
  | { readonly type: "screened"; readonly block: ScreenedBlock }
  | ScreenPrefilter
  | { readonly type: "counts"; readonly seen: readonly number[]; readonly excepted: readonly number[] }
  | { readonly type: "error"; readonly error: PortableError };
