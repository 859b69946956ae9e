import test from "node:test";
import assert from "node:assert/strict";
import { COMMANDS, EXIT, runCommand } from "../../src/cli/main.js";
import type { Command } from "../../src/cli/args.js";
import { ioFor, runCli } from "./helpers.js";

test("main: --help lists the commands; no arguments is a usage error", async () => {
  const help = await runCli(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: sequent <command>/);
  for (const c of COMMANDS) assert.match(help.stdout, new RegExp(`\\n  ${c.name}\\s+`));
  const none = await runCli([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Usage: sequent/);
});

test("main: --version", async () => {
  const r = await runCli(["--version"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^sequent \d+\.\d+\.\d+/);
});

test("main: <command> --help and help <command>", async () => {
  const a = await runCli(["query", "--help"]);
  assert.equal(a.code, 0);
  assert.match(a.stdout, /^Usage: sequent query \[options\] QUERY/);
  assert.match(a.stdout, /--size N .*\(default: 10\)/);
  const b = await runCli(["help", "query"]);
  assert.equal(b.stdout, a.stdout);
});

test("main: unknown command", async () => {
  const r = await runCli(["frobnicate"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
});

test("main: usage errors point to --help, exit 2", async () => {
  const r = await runCli(["query", "--size", "many", "any where true"]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "sequent query: --size expects a whole number, got 'many'\nTry 'sequent query --help'.\n");
});

test("main: an unexpected exception is reported as a bug with its stack, exit 70", async () => {
  const broken: Command = {
    name: "broken",
    summary: "",
    help: "",
    run: async () => {
      throw new TypeError("boom");
    },
  };
  const io = ioFor();
  assert.equal(await runCommand(broken, [], io), EXIT.bug);
  assert.match(io.stderr.text, /internal error — this is a bug in sequent/);
  assert.match(io.stderr.text, /TypeError: boom\n\s+at /);
});

test("main: a command's 'problems' status exits 1", async () => {
  const c: Command = { name: "check", summary: "", help: "", run: async () => "problems" };
  assert.equal(await runCommand(c, [], ioFor()), 1);
});

test("main: `sequent FILE…` is short for `sequent run FILE…`", async () => {
  const short = await runCli(["samples/seed-scenario.ndjson", "--format", "ndjson", "--now", "2026-01-01T00:00:00.000Z", "-q"]);
  const long = await runCli(["run", "samples/seed-scenario.ndjson", "--format", "ndjson", "--now", "2026-01-01T00:00:00.000Z", "-q"]);
  assert.equal(short.code, 0);
  assert.equal(short.stdout, long.stdout);
  assert.equal(short.stdout.trim().split("\n").length, 6);
});
