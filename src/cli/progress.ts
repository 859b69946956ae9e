// # The progress line of `sequent run` on a terminal
//
// A run over gigabytes with the whole rule pack takes minutes. When stderr is a terminal, one line there
// tells how far it has got: the share of the input read (when its size is known: plain files, not standard
// input or .gz), the events read and their rate, and the time left at that rate; then, for input that had to
// be sorted, the sorted events matched; then the alert documents written. The line is redrawn from a timer
// (the feed only bumps counters: nothing is formatted per event) and erased before any other message on
// stderr and at the end, so the summary and bad-line reports read as without it.

import type { TextSink } from "./args.js";
import type { FeedProgress } from "../engine/feed.js";

/** What the line shows: the feed's counters, the input size when known, and the alert documents written. */
export interface ProgressState extends Readonly<FeedProgress> {
  /** Total bytes of the inputs, null when unknown (standard input, .gz files). */
  readonly totalBytes: number | null;
  /** Set once the input is done: the alert documents written so far. */
  readonly written: number | null;
}

/** The progress text for `state`, `elapsedMs` after the stage began (no line end, no terminal codes). */
export function formatProgress(state: ProgressState, elapsedMs: number): string {
  const head = "sequent run: ";
  if (state.written !== null) return `${head}writing alerts: ${count(state.written)} ${state.written === 1 ? "document" : "documents"}`;
  if (state.stage === "sorted") {
    const share = state.events > 0 ? ` ${percent(state.matched / state.events)}` : "";
    return `${head}matching the sorted events:${share} (${count(state.matched)} of ${count(state.events)})`;
  }
  const parts: string[] = [];
  const total = state.totalBytes;
  if (total !== null && total > 0) parts.push(`${percent(Math.min(1, state.bytes / total))} of ${size(total)}`);
  else parts.push(size(state.bytes));
  parts.push(`${count(state.events)} ${state.events === 1 ? "event" : "events"}`);
  const seconds = elapsedMs / 1000;
  if (seconds >= 1) {
    parts.push(`${count(Math.round(state.events / seconds))} events/s`);
    if (total !== null && state.bytes > 0 && state.bytes < total) parts.push(`${duration(((total - state.bytes) * seconds) / state.bytes)} left`);
  }
  return `${head}${state.stage === "sort" ? "reading to sort: " : ""}${parts.join(" · ")}`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function percent(share: number): string {
  return `${Math.floor(share * 100)}%`;
}

function size(bytes: number): string {
  if (bytes < 1e3) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(0)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

export interface ProgressLineOptions {
  /** Redraw interval (default 250 ms). */
  readonly intervalMs?: number;
  /** Clock in ms (default performance.now). */
  readonly now?: () => number;
  /** Terminal width (default the sink's `columns`, else 80): the line is cut to fit. */
  readonly columns?: () => number;
}

/** The line itself: `start` draws it every interval until `stop`, which erases it. */
export class ProgressLine {
  private timer: NodeJS.Timeout | null = null;
  private shown = false;
  private stage: string | null = null;
  private stageStarted = 0;
  private readonly now: () => number;
  private readonly columns: () => number;

  constructor(
    private readonly out: TextSink,
    private readonly read: () => ProgressState,
    private readonly options: ProgressLineOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.columns =
      options.columns ??
      (() => {
        const c = (out as { columns?: number }).columns;
        return typeof c === "number" && c > 0 ? c : 80;
      });
  }

  /** Draw the line now, then every interval. */
  start(): void {
    if (this.timer !== null) return;
    this.draw();
    this.timer = setInterval(() => this.draw(), this.options.intervalMs ?? 250);
    this.timer.unref();
  }

  /** Draw the current state now (the timer calls this). */
  draw(): void {
    const state = this.read();
    // rates and time left are per stage (a restart through the sort starts the clock again)
    const stage = state.written !== null ? "alerts" : state.stage;
    if (stage !== this.stage || (stage !== "alerts" && state.bytes === 0 && state.events === 0)) {
      this.stage = stage;
      this.stageStarted = this.now();
    }
    const width = Math.max(20, this.columns() - 1);
    let text = formatProgress(state, this.now() - this.stageStarted);
    if (text.length > width) text = text.slice(0, width - 1) + "…";
    this.out.write(`\r${text}\x1b[K`);
    this.shown = true;
  }

  /** Erase the line (it comes back at the next interval while started). */
  clear(): void {
    if (!this.shown) return;
    this.out.write("\r\x1b[K");
    this.shown = false;
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.clear();
  }

  /** A sink for other text bound for the same terminal: the line is erased before each write. */
  around(sink: TextSink): TextSink {
    const wrapped: TextSink & { once?: (event: "drain", listener: () => void) => unknown } = {
      write: (chunk: string) => {
        this.clear();
        return sink.write(chunk);
      },
    };
    const once = (sink as { once?: (event: "drain", listener: () => void) => unknown }).once;
    if (typeof once === "function") wrapped.once = (event, listener) => once.call(sink, event, listener);
    return wrapped;
  }
}
