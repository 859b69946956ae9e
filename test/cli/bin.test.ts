// The installed command: bin/sequent.js runs dist/src/cli/main.js. Checked only when these tests run from the
// repository's own dist/ (as `npm test` does); other build directories leave dist/ possibly stale.

import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { REPO_ROOT } from "../repo-paths.js";

const BUILT_IN_DIST = fileURLToPath(import.meta.url).startsWith(join(REPO_ROOT, "dist") + "/");
const skip = BUILT_IN_DIST ? false : "bin/sequent.js runs dist/; these tests were not built there";

function sequent(args: readonly string[], input = "") {
  return spawnSync(process.execPath, [join(REPO_ROOT, "bin/sequent.js"), ...args], { input, encoding: "utf8", timeout: 30_000 });
}

test("bin: --version and exit status", { skip }, () => {
  const r = sequent(["--version"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^sequent \d+\.\d+\.\d+/);
  assert.equal(sequent(["nope"]).status, 2);
});

test("bin: a query over stdin", { skip }, () => {
  const r = sequent(["query", "-f", "ndjson", "any where n == 2"], '{"@timestamp":1,"n":1}\n{"@timestamp":2,"n":2}\n');
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { _source: { n: number } })._source.n, 2);
});
