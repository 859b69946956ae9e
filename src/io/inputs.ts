// # Naming and expanding event inputs
//
// Each data file is one index named after the file (as in the conformance suite, where `endgame-140.ndjson`
// is the index `endgame-140`); standard input is the index `stdin`. A directory stands for its event files.

import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { InputError } from "../diag/diagnostic.js";

/** The path that means standard input. */
export const STDIN_PATH = "-";
/** How standard input is named in bad-line reports, and the index its events belong to. */
export const STDIN_LABEL = "<stdin>";
export const STDIN_INDEX = "stdin";

const EVENT_FILE = /\.(ndjson|jsonl|json)(\.gz)?$/i;

/** True for file names a directory input contributes: *.ndjson, *.jsonl, *.json, optionally gzipped, or *.gz. */
export function isEventFileName(name: string): boolean {
  return EVENT_FILE.test(name) || /\.gz$/i.test(name);
}

/** The index a data file's events belong to: its base name without `.gz` and the `.ndjson`/`.json` extension. */
export function indexNameOf(path: string): string {
  if (path === STDIN_PATH) return STDIN_INDEX;
  let name = basename(path);
  name = name.replace(/\.gz$/i, "");
  name = name.replace(/\.(ndjson|jsonl|json)$/i, "");
  return name === "" ? basename(path) : name;
}

/**
 * Expand inputs: files stay as given, a directory becomes its event files (sorted by name, not recursive),
 * "-" stays standard input. A path that does not exist is an InputError.
 */
export function expandInputs(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const path of paths) {
    if (path === STDIN_PATH) {
      out.push(path);
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      throw inputError("INPUT4001", `cannot read ${path}: ${describeFsError(error)}`);
    }
    if (!isDirectory) {
      out.push(path);
      continue;
    }
    const names = readdirSync(path)
      .filter((name) => isEventFileName(name))
      .sort();
    for (const name of names) {
      const full = join(path, name);
      if (statSync(full).isFile()) out.push(full);
    }
  }
  return out;
}

export function inputError(code: string, message: string, origin?: string): InputError {
  return new InputError([{ code, severity: "error", message, ...(origin !== undefined ? { origin } : {}) }]);
}

/** A short reason for a file-system error: "no such file or directory" rather than a stack. */
export function describeFsError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    switch (code) {
      case "ENOENT":
        return "no such file or directory";
      case "EACCES":
      case "EPERM":
        return "permission denied";
      case "EISDIR":
        return "is a directory";
      default:
        return code !== undefined ? `${code}: ${error.message}` : error.message;
    }
  }
  return String(error);
}
