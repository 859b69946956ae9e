// Shared helpers for the rules tests: temp directories, the shared corpus location, captured CLI output.

import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import type { CliIo } from "../../src/cli/args.js";
import { SHARED_DIR } from "../repo-paths.js";

/** ../shared next to the repository, or undefined when it lacks the rule corpus. */
export function sharedDir(): string | undefined {
  return existsSync(join(SHARED_DIR, "corpus", "detection-rules")) ? SHARED_DIR : undefined;
}

/** A fresh temp directory holding the given files (paths relative to it). */
export function tempTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "sequent-rules-"));
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return root;
}

export interface Captured extends CliIo {
  out(): string;
  err(): string;
}

export function captureIo(): Captured {
  let out = "";
  let err = "";
  return {
    stdout: { write: (c: string) => ((out += c), true) },
    stderr: { write: (c: string) => ((err += c), true) },
    stdin: Readable.from([]),
    out: () => out,
    err: () => err,
  };
}

/** A minimal valid detection-rules TOML rule; `extra` lines go into [rule]. */
export function tomlRule(opts: { ruleId?: string; type?: string; query?: string; extra?: string; metadata?: string; tags?: string[] } = {}): string {
  const type = opts.type ?? "eql";
  return `[metadata]
creation_date = "2026/01/30"
maturity = "production"
updated_date = "2026/03/24"
${opts.metadata ?? ""}

[rule]
author = ["Sequent tests"]
description = "A test rule."
language = "${type === "eql" ? "eql" : "kuery"}"
license = "Apache-2.0"
name = "Test rule ${opts.ruleId ?? "r1"}"
risk_score = 47
rule_id = "${opts.ruleId ?? "r1"}"
severity = "medium"
tags = ${JSON.stringify(opts.tags ?? ["OS: Windows"])}
type = "${type}"
${opts.extra ?? ""}
query = '''
${opts.query ?? 'process where host.os.type == "windows" and process.name == "a.exe"'}
'''
`;
}
