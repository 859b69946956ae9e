// # Reporting bad input lines
//
// Lines that are not JSON objects never stop a run and are never dropped silently: the first few are
// printed as `file:line: reason`, and a closing line gives the total.

import { formatBadLine, type NdjsonBadLine } from "../../io/ndjson.js";
import type { TextSink } from "../args.js";
import { writeText } from "./sink.js";

export const DEFAULT_BAD_LINE_REPORTS = 20;

export class BadLineReporter {
  private count = 0;

  constructor(private readonly err: TextSink, private readonly limit = DEFAULT_BAD_LINE_REPORTS) {}

  get total(): number {
    return this.count;
  }

  async report(bad: NdjsonBadLine): Promise<void> {
    this.count++;
    if (this.count <= this.limit) await writeText(this.err, `${formatBadLine(bad)}\n`);
  }

  /** Count `n` more bad lines without printing them (the caller printed, or kept, the first ones). */
  countMore(n: number): void {
    this.count += n;
  }

  /** The closing count (nothing when every line was good). */
  async finish(): Promise<void> {
    if (this.count === 0) return;
    const hidden = this.count > this.limit ? ` (first ${this.limit} shown)` : "";
    await writeText(this.err, `sequent: skipped ${this.count} bad line${this.count === 1 ? "" : "s"}${hidden}\n`);
  }
}
