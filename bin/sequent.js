#!/usr/bin/env node
// The installed `sequent` command: runs the compiled CLI (npm run build first when working from a checkout).
import { main } from "../dist/src/cli/main.js";

// A closed pipe (`sequent query … | head`) is not an error worth a stack trace.
process.stdout.on("error", (error) => {
  if (error && error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
