// Where tests find the repository root and ../shared (the read-only material beside it): from this file's
// own location, so tests give the same answers from any build directory (dist*/test/…) and any working
// directory.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "package.json"))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
}

/** The directory holding package.json. */
export const REPO_ROOT = findRepoRoot();

/** ../shared next to the repository (it may be absent: tests that need it skip). */
export const SHARED_DIR = join(REPO_ROOT, "..", "shared");

/** A path inside ../shared. */
export function sharedPath(relative: string): string {
  return join(SHARED_DIR, relative);
}
