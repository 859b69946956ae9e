// # The sequent command line
//
// `main` is the only place exit codes are decided. Commands parse their own arguments, do their work, and
// return a CommandStatus or throw; main turns that into a code:
//
//   0   success                       1   problems found (a command's "problems"), or unreadable input
//   2   usage error, invalid query or rule (rendered with line:column and a caret)
//   70  internal error: a bug in sequent (the stack is printed)
//
// Output goes through the writable-like streams in `io`, so tests run `main` in-process and capture it.

import { existsSync, readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { InputError, QueryError, RuleError, SequentError } from "../diag/diagnostic.js";
import { UsageError, wantsHelp, type CliIo, type Command } from "./args.js";
import { writeText } from "./format/sink.js";
import { queryCommand } from "./commands/query.js";
import { runRulesCommand } from "./commands/run.js";
import { validateCommand } from "./commands/validate.js";

export type { CliIo, Command, CommandStatus, TextSink } from "./args.js";

export const EXIT = { ok: 0, problems: 1, usage: 2, bug: 70 } as const;

// ## Command table
// One line per command, in the order `sequent --help` lists them. Add a command by importing it from
// src/cli/commands/<name>.ts and adding ONE line here.
export const COMMANDS: readonly Command[] = [
  queryCommand,
  validateCommand,
  runRulesCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: sequent <command> [options]
       sequent FILE…          (short for: sequent run FILE…)

Run Elastic Security EQL detection rules and queries over NDJSON events, with Elasticsearch's EQL semantics.

Commands:
${lines.join("\n")}

Options:
  -h, --help     Show this help (sequent <command> --help for a command's options)
      --version  Print the version

Exit status: 0 success, 1 problems found or unreadable input, 2 usage error or invalid query/rule,
70 internal error (a bug).
`;
}

/**
 * Two garbage-collection heuristics, set for the process before any command runs; results are unchanged.
 *
 * - V8 "pretenures" objects from allocation sites whose objects tended to survive: after ~1,000 rules are
 *   loaded it allocates every parsed event straight into the old generation, where a long run's dead events
 *   pile up and make each young-generation collection slow (input pass of 100k events with every prebuilt
 *   rule: 1.29 s of scavenges instead of 0.22 s). Turned off.
 * - After a full collection V8 lets the old generation grow to up to 4× what survived before the next one when
 *   collecting is cheap, which it is here (events die young, ~100 MB stay live): peak RSS then drifted up with
 *   the input's length (all prebuilt rules: 555 MB at 1M events, 791 MB at 5M). Growth is capped at 1.5×
 *   what survived: more frequent full collections of a small live heap, the same run time.
 */
function tuneGarbageCollection(): void {
  setFlagsFromString("--no-allocation-site-pretenuring");
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/** How far (percent) the old generation may grow past what survived the last full collection. */
const HEAP_GROWING_PERCENT = 50;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  tuneGarbageCollection();
  const [first, ...rest] = argv;
  if (first === undefined) {
    await writeText(io.stderr, mainHelp());
    return EXIT.usage;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    const target = first === "help" && rest[0] !== undefined ? findCommand(rest[0]) : undefined;
    await writeText(io.stdout, target !== undefined ? target.help : mainHelp());
    return EXIT.ok;
  }
  if (first === "--version" || first === "-V") {
    await writeText(io.stdout, `sequent ${version()}\n`);
    return EXIT.ok;
  }
  const command = findCommand(first);
  if (command === undefined && isInputPath(first)) {
    // Short form: `sequent FILE…` is `sequent run FILE…`.
    const run = findCommand("run");
    if (run !== undefined) return runCommand(run, argv, io);
  }
  if (command === undefined) {
    const known = COMMANDS.map((c) => c.name).join(", ");
    await writeText(io.stderr, `sequent: unknown command '${first}' (commands: ${known}; see sequent --help)\n`);
    return EXIT.usage;
  }
  return runCommand(command, rest, io);
}

/** Run one command (its --help included) and decide the exit code from what it returns or throws. */
export async function runCommand(command: Command, args: readonly string[], io: CliIo): Promise<number> {
  if (wantsHelp(args)) {
    await writeText(io.stdout, command.help);
    return EXIT.ok;
  }
  try {
    const status = await command.run(args, io);
    return status === "problems" ? EXIT.problems : EXIT.ok;
  } catch (error) {
    return reportError(error, command, io);
  }
}

async function reportError(error: unknown, command: Command, io: CliIo): Promise<number> {
  if (error instanceof UsageError) {
    await writeText(io.stderr, `sequent ${command.name}: ${error.message}\nTry 'sequent ${command.name} --help'.\n`);
    return EXIT.usage;
  }
  if (error instanceof QueryError || error instanceof RuleError) {
    await writeText(io.stderr, error.render() + "\n");
    return EXIT.usage;
  }
  if (error instanceof InputError || error instanceof SequentError) {
    await writeText(io.stderr, error.render() + "\n");
    return EXIT.problems;
  }
  const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  await writeText(
    io.stderr,
    `sequent ${command.name}: internal error — this is a bug in sequent, please report it with the command that caused it.\n${stack}\n`,
  );
  return EXIT.bug;
}

/** Whether a first argument that names no command is event input (`-` or an existing file or directory). */
function isInputPath(arg: string): boolean {
  return arg === "-" || (!arg.startsWith("-") && existsSync(arg));
}
