// # Command-line plumbing shared by every command
//
// What a command receives (`CliIo`: writable-like output streams, so tests can run the CLI in-process and
// capture what it prints), what it returns (`CommandStatus`; src/cli/main.ts alone turns that into an exit
// code), and argument helpers over node's util.parseArgs that turn its errors into UsageErrors.

import { SequentError } from "../diag/diagnostic.js";
import type { InputCache } from "../io/cached.js";

/** Anything text can be written to: process.stdout, a file stream, or a test's capture object. */
export interface TextSink {
  write(chunk: string): unknown;
}

export type { InputCache } from "../io/cached.js";

export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly stdin: NodeJS.ReadableStream;
  /** Optional cache of parsed data files (tests and library callers that run many queries). */
  readonly cache?: InputCache;
}

/** What a command reports back. main maps it: ok → 0, problems → 1 (e.g. invalid rules found). */
export type CommandStatus = "ok" | "problems";

export interface Command {
  readonly name: string;
  /** One line for `sequent --help`. */
  readonly summary: string;
  /** Full text for `sequent <name> --help`. */
  readonly help: string;
  run(args: readonly string[], io: CliIo): Promise<CommandStatus | void>;
}

/** Wrong command-line usage: main prints it with a pointer to --help and exits with 2. */
export class UsageError extends SequentError {
  constructor(message: string) {
    super([{ code: "CLI0001", severity: "error", message }]);
  }
}

/**
 * Run an argument parser (usually node's util.parseArgs) and turn its errors (unknown option, missing value)
 * into UsageErrors: `const { values, positionals } = withUsageErrors(() => parseArgs({ … }))`.
 */
export function withUsageErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TypeError && typeof (error as NodeJS.ErrnoException).code === "string") {
      throw new UsageError(error.message.replace(/\. To specify a positional argument.*$/s, ""));
    }
    throw error;
  }
}

/** A whole number ≥ min, or a UsageError naming the option. */
export function parseCount(value: string | undefined, option: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${option} expects a whole number, got '${value}'`);
  const n = Number(value.trim());
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${option} must be at least ${min}, got '${value}'`);
  return n;
}

/** One of the allowed values, or a UsageError listing them. */
export function parseChoice<C extends string>(value: string | undefined, option: string, choices: readonly C[], fallback: C): C {
  if (value === undefined) return fallback;
  const found = choices.find((c) => c === value);
  if (found === undefined) throw new UsageError(`${option} must be one of ${choices.join(", ")}; got '${value}'`);
  return found;
}

/** True when the arguments ask for help (before any `--`). */
export function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === "--") return false;
    if (arg === "--help" || arg === "-h") return true;
  }
  return false;
}
