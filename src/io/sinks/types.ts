// # Alert sinks: where alert documents go
//
// Every sink takes batches of alert documents (a sequence's shell and building blocks arrive together, shell
// first) and reports at close what it did. Text sinks write to anything with a `write(string)` (stdout, a
// file stream, a test capture) and wait for "drain" when the writer asks them to.

import type { AlertDoc } from "../../alerts/build.js";

export interface TextOut {
  write(chunk: string): unknown;
}

export interface SinkSummary {
  /** Alert documents handed to the sink. */
  readonly written: number;
  /** For de-duplicating sinks (SQLite): documents newly stored and documents already present. */
  readonly inserted?: number;
  readonly duplicates?: number;
}

export interface AlertSink {
  write(alerts: readonly AlertDoc[]): Promise<void>;
  close(): Promise<SinkSummary>;
}

interface Drainable {
  once(event: "drain", listener: () => void): unknown;
}

function isDrainable(out: TextOut): out is TextOut & Drainable {
  return typeof (out as Partial<Drainable>).once === "function";
}

/** Alert documents rendered into one write by the text sinks (bounds the text held at once). */
export const WRITE_SLICE = 64;

/** Write text, waiting for "drain" when the writer's buffer is full. */
export async function writeOut(out: TextOut, text: string): Promise<void> {
  if (text === "") return;
  if (out.write(text) === false && isDrainable(out)) {
    await new Promise<void>((resolve) => out.once("drain", resolve));
  }
}

/** Is this alert a sequence building block (hidden in Kibana's default alerts view)? */
export function isBuildingBlock(alert: AlertDoc): boolean {
  return alert._source["kibana.alert.group.index"] !== undefined;
}

/**
 * A sink that renders each alert document to text and writes them in slices of WRITE_SLICE, each slice drained
 * before the next is rendered, so the text of a large batch is never held at once. Each document's text is
 * its own write: concatenating a slice's texts first (an alert of the prebuilt rules is ~20 KB) made the
 * writer copy the joined string again, and writing took ~3× as long.
 */
export function renderedSink(out: TextOut, render: (alert: AlertDoc) => string): AlertSink {
  let written = 0;
  return {
    async write(alerts: readonly AlertDoc[]) {
      written += alerts.length;
      for (let i = 0; i < alerts.length; i += WRITE_SLICE) {
        const end = Math.min(alerts.length, i + WRITE_SLICE);
        let full = false;
        for (let j = i; j < end; j++) {
          const text = render(alerts[j]!);
          if (text !== "" && out.write(text) === false) full = true;
        }
        // "drain" comes asynchronously, after this synchronous loop: listening now cannot miss it
        if (full && isDrainable(out)) await new Promise<void>((resolve) => out.once("drain", resolve));
      }
    },
    async close() {
      return { written };
    },
  };
}
