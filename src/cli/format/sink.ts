// # Writing to a TextSink with back-pressure
//
// process.stdout.write returns false when its buffer is full; waiting for "drain" keeps memory flat when a
// large result is piped into a slow reader. Capture objects in tests have no `once` and never wait.

import type { TextSink } from "../args.js";

interface DrainableSink extends TextSink {
  once(event: "drain", listener: () => void): unknown;
}

function isDrainable(sink: TextSink): sink is DrainableSink {
  return typeof (sink as Partial<DrainableSink>).once === "function";
}

export async function writeText(sink: TextSink, text: string): Promise<void> {
  if (text === "") return;
  const ok = sink.write(text);
  if (ok === false && isDrainable(sink)) {
    await new Promise<void>((resolve) => sink.once("drain", resolve));
  }
}

/** Collects small writes into larger ones (fewer syscalls when printing many lines). */
export class BufferedWriter {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly sink: TextSink, private readonly threshold = 1 << 16) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= this.threshold) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join("");
    this.parts = [];
    this.length = 0;
    await writeText(this.sink, text);
  }
}
