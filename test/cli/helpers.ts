// Run the CLI in-process and capture what it prints.

import { Readable } from "node:stream";
import { main, type CliIo } from "../../src/cli/main.js";
import type { InputCache } from "../../src/cli/args.js";

export { tempFiles } from "../io/temp.js";

export class Capture {
  text = "";
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function ioFor(stdin = "", cache?: InputCache): CliIo & { stdout: Capture; stderr: Capture } {
  return { stdout: new Capture(), stderr: new Capture(), stdin: Readable.from([Buffer.from(stdin, "utf8")]), ...(cache ? { cache } : {}) };
}

export async function runCli(argv: readonly string[], stdin = ""): Promise<CliRun> {
  const io = ioFor(stdin);
  const code = await main(argv, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}


export function ndjson(events: readonly unknown[]): string {
  return events.map((e) => JSON.stringify(e)).join("\n") + "\n";
}
