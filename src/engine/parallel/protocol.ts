// # Messages between `sequent run --workers N` and its workers
//
// Everything crosses the thread boundary by structured clone: rule specs, exception sets, alert documents,
// summaries and diagnostics are plain data. Errors lose their class in a clone, so a worker sends the
// SequentError subclass name with its diagnostics and the parent rebuilds it (main.ts renders those).

import { InputError, QueryError, RuleError, SequentError, type Diagnostic } from "../../diag/diagnostic.js";
import type { AlertDoc } from "../../alerts/build.js";
import type { NdjsonBadLine } from "../../io/ndjson.js";
import type { ExceptionSet } from "../../rules/exception-model.js";
import type { RuleSpec } from "../../rules/model.js";
import type { EngineOptions, RuleSummary } from "../engine.js";
import type { RuleFailure } from "../prepare.js";

/** Engine options that can cross a thread boundary (a Schema holds functions; exceptions are per block). */
export type PortableEngineOptions = Omit<EngineOptions, "schema" | "exceptions" | "alertSpill">;

export interface WorkerBlock {
  readonly index: number;
  readonly rules: readonly RuleSpec[];
  readonly exceptions: ExceptionSet | undefined;
}

/** The first (and only) message a worker receives. */
export interface WorkerInit {
  readonly blocks: readonly WorkerBlock[];
  readonly engine: PortableEngineOptions;
  readonly inputs: readonly string[];
  readonly sortBuffer: number;
  /** This worker reports the input's bad lines and event count (exactly one worker does). */
  readonly reportsInput: boolean;
}

export interface CompiledBlock {
  readonly index: number;
  readonly ruleCount: number;
  readonly failures: readonly RuleFailure[];
  readonly warnings: readonly Diagnostic[];
}

export interface FinishedBlock {
  readonly index: number;
  readonly alerts: readonly AlertDoc[];
  readonly summaries: readonly RuleSummary[];
}

/** Where a worker's time went (milliseconds), for benchmarks and balance checks. */
export interface WorkerTiming {
  readonly compileMs: number;
  readonly readMs: number;
  readonly matchMs: number;
}

export interface PortableError {
  /** "InputError", "RuleError", "QueryError", "SequentError", or anything else (a plain Error). */
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly diagnostics?: readonly Diagnostic[];
}

export type WorkerMessage =
  | { readonly type: "compiled"; readonly blocks: readonly CompiledBlock[] }
  | { readonly type: "bad"; readonly lines: readonly NdjsonBadLine[] }
  | { readonly type: "done"; readonly events: number; readonly blocks: readonly FinishedBlock[]; readonly timing: WorkerTiming }
  | { readonly type: "error"; readonly error: PortableError };

export function toPortableError(error: unknown): PortableError {
  if (error instanceof SequentError) return { name: error.name, message: error.message, diagnostics: error.diagnostics };
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack !== undefined ? { stack: error.stack } : {}) };
  return { name: "Error", message: String(error) };
}

export function fromPortableError(error: PortableError): Error {
  if (error.diagnostics !== undefined) {
    switch (error.name) {
      case "InputError":
        return new InputError(error.diagnostics);
      case "RuleError":
        return new RuleError(error.diagnostics);
      case "QueryError":
        return new QueryError(error.diagnostics);
      default:
        return new SequentError(error.diagnostics);
    }
  }
  const rebuilt = new Error(error.message);
  if (error.stack !== undefined) rebuilt.stack = error.stack;
  return rebuilt;
}
