#!/usr/bin/env node
// The installed `sequent` command: runs the compiled CLI (npm run build first when working from a checkout).
import { main } from "../dist/src/cli/main.js";
import { disposeAllTempDirs } from "../dist/src/io/runs.js";

// A closed pipe (`sequent query … | head`) is not an error worth a stack trace.
process.stdout.on("error", (error) => {
  if (error && error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

// Temporary files (sort runs, spilled alerts) go with the process, however it ends; interrupted, it exits as
// shells expect (128 + signal number).
process.on("exit", disposeAllTempDirs);
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
  process.on(signal, () => {
    disposeAllTempDirs();
    process.exit(code);
  });
}

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
