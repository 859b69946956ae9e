// # How one rule meets the event stream: one window, or Kibana's scheduled windows
//
// `ContinuousRunner`: the whole input is one search (what `sequent run` does by default). `WindowedRunner`:
// the rule runs at every interval boundary T over [T + from, T + to] (Kibana's look-back windows), each run a
// fresh EQL search with size = max_signals whose alerts are stamped with T; alerts whose id an earlier run
// already produced are dropped, as Kibana's persistence layer drops ids already in the alerts index.
// Window membership is Kibana's range filter: the rule's timestamp_override field when set (events lacking
// it fall back to @timestamp unless the fallback is disabled), else @timestamp.

import type { AlertBuilder, AlertDoc } from "../alerts/build.js";
import type { EventRecord } from "../exec/event.js";
import { QueryExecution, resultsFinalWhenDecided, type ExecutionOptions, type QueryResult } from "../exec/execution.js";
import type { AlertBucket, AlertSpill } from "../alerts/spill.js";
import type { SequenceMatch } from "../exec/results.js";
import type { CompiledQuery } from "../exec/compiled.js";
import { fieldGetter, type FieldGetter } from "../event/fields.js";
import { dateParser } from "../event/timestamp.js";
import { runsContaining, type Schedule } from "./schedule.js";

export interface RunnerOutput {
  readonly alerts: AlertDoc[];
  /** Matched events or sequences that produced new alerts. */
  readonly matches: number;
  readonly limitReached: boolean;
}

export interface RuleRunner {
  push(event: EventRecord): void;
  /** No further event can change the outcome. */
  readonly done: boolean;
  /** Alerts decided so far and not yet returned (windowed runs close windows as time passes). */
  drain(): RunnerOutput;
  finish(): RunnerOutput;
  /** `finish`, with the alerts built `size` matches at a time (so they need not all exist at once). */
  finishSlices(size: number): Generator<RunnerOutput>;
  /** Let go of what the runner holds outside itself (it is being replaced). */
  discard(): void;
}

function buildAlerts(result: QueryResult, builder: AlertBuilder): { alerts: AlertDoc[]; matches: number } {
  const alerts: AlertDoc[] = [];
  if (result.kind === "events") {
    for (const e of result.events) {
      const a = builder.eventAlert(e);
      if (a !== null) alerts.push(a);
    }
    return { alerts, matches: result.events.length };
  }
  for (const m of result.sequences) alerts.push(...builder.sequenceAlerts(m));
  return { alerts, matches: result.sequences.length };
}

const EMPTY: RunnerOutput = { alerts: [], matches: 0, limitReached: false };

type Result = EventRecord | SequenceMatch;

function buildResult(builder: AlertBuilder): (r: Result) => readonly AlertDoc[] {
  return (r) => {
    if ("source" in r) {
      const a = builder.eventAlert(r);
      return a === null ? [] : [a];
    }
    return builder.sequenceAlerts(r);
  };
}

/**
 * Read the ids of a result's events now: a plain line's id is hashed from its text on first read (src/event/
 * content-id.ts), and the text is let go of then, instead of being held with the match until its alerts are built.
 */
function settleIds(r: Result): void {
  if ("source" in r) void r.id;
  else for (const e of r.events) if (e !== null) void e.id;
}

/** Events a result holds in memory. */
function resultWeight(r: Result): number {
  return "source" in r ? 1 : r.events.length;
}

/**
 * The whole input as one window. Given a spill, and when the query's results are final as soon as they are
 * decided (nearly every rule), each match goes to a bucket of the spill, which writes their alerts to disk
 * when the run holds too many matched events (src/alerts/spill.ts).
 */
export class ContinuousRunner implements RuleRunner {
  private readonly execution: QueryExecution;
  private readonly bucket: AlertBucket<Result> | null;

  constructor(
    query: CompiledQuery,
    private readonly options: ExecutionOptions,
    private readonly builder: AlertBuilder,
    spill?: AlertSpill,
  ) {
    this.bucket = spill !== undefined && resultsFinalWhenDecided(query, options.size) ? spill.bucket(buildResult(builder), resultWeight) : null;
    const target = this.bucket;
    this.execution =
      target === null
        ? new QueryExecution(query, options)
        : new QueryExecution(query, {
            ...options,
            onResult: (r) => {
              settleIds(r);
              target.add(r);
            },
            emitOnly: true,
          });
  }
  push(event: EventRecord): void {
    this.execution.push(event);
  }
  get done(): boolean {
    return this.execution.done;
  }
  drain(): RunnerOutput {
    return EMPTY;
  }
  finish(): RunnerOutput {
    if (this.bucket !== null) {
      const alerts: AlertDoc[] = [];
      let matches = 0;
      for (const out of this.finishSlices(Number.MAX_SAFE_INTEGER)) {
        alerts.push(...out.alerts);
        matches += out.matches;
      }
      return { alerts, matches, limitReached: matches >= this.options.size };
    }
    const { alerts, matches } = buildAlerts(this.execution.finish(), this.builder);
    return { alerts, matches, limitReached: matches >= this.options.size };
  }
  *finishSlices(size: number): Generator<RunnerOutput> {
    const result = this.execution.finish();
    if (this.bucket !== null) {
      const limitReached = this.bucket.count >= this.options.size;
      let any = false;
      for (const { docs, matches } of this.bucket.batches(size)) {
        any = true;
        yield { alerts: docs, matches, limitReached };
      }
      if (!any) yield { alerts: [], matches: 0, limitReached };
      return;
    }
    const total = result.kind === "events" ? result.events.length : result.sequences.length;
    const limitReached = total >= this.options.size;
    for (let i = 0; i < total; i += size) {
      const part: QueryResult =
        result.kind === "events" ? { kind: "events", events: result.events.slice(i, i + size) } : { kind: "sequences", sequences: result.sequences.slice(i, i + size) };
      const { alerts, matches } = buildAlerts(part, this.builder);
      yield { alerts, matches, limitReached };
    }
    if (total === 0) yield { alerts: [], matches: 0, limitReached };
  }
  discard(): void {
    this.bucket?.discard();
  }
}

export interface WindowTiming {
  readonly schedule: Schedule;
  /** The rule's EQL timestamp field (events arrive ordered by it). */
  readonly orderingField: string;
  readonly timestampOverride: string | undefined;
  readonly fallbackDisabled: boolean;
}

const parseDate = dateParser();

function firstValue(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

export class WindowedRunner implements RuleRunner {
  private readonly windows = new Map<number, QueryExecution>();
  private readonly seen = new Set<string>();
  private readonly primary: FieldGetter | null;
  private readonly secondary: FieldGetter | null;
  /** Membership time is the ordering time: windows can be closed as the stream passes them. */
  private readonly streamable: boolean;
  private pending: AlertDoc[] = [];
  private matches = 0;
  private limitReached = false;

  constructor(
    private readonly query: CompiledQuery,
    private readonly options: ExecutionOptions,
    private readonly builderAt: (now: string) => AlertBuilder,
    private readonly timing: WindowTiming,
  ) {
    const override = timing.timestampOverride !== undefined && timing.timestampOverride !== "@timestamp" ? timing.timestampOverride : undefined;
    const primaryField = override ?? "@timestamp";
    this.streamable = primaryField === timing.orderingField;
    this.primary = this.streamable ? null : fieldGetter(primaryField);
    this.secondary = override !== undefined && !timing.fallbackDisabled ? fieldGetter("@timestamp") : null;
  }

  get done(): boolean {
    return false;
  }

  push(event: EventRecord): void {
    const at = this.membershipTime(event);
    if (this.streamable) this.closeBefore(event.tsMs);
    if (at === undefined) return;
    for (const t of runsContaining(at, this.timing.schedule)) {
      let execution = this.windows.get(t);
      if (execution === undefined) {
        execution = new QueryExecution(this.query, this.options);
        this.windows.set(t, execution);
      }
      if (!execution.done) execution.push(event);
    }
  }

  drain(): RunnerOutput {
    const out = { alerts: this.pending, matches: this.matches, limitReached: this.limitReached };
    this.pending = [];
    this.matches = 0;
    return out;
  }

  finish(): RunnerOutput {
    for (const t of [...this.windows.keys()].sort((a, b) => a - b)) this.close(t);
    return this.drain();
  }
  *finishSlices(): Generator<RunnerOutput> {
    yield this.finish();
  }
  discard(): void {}

  private membershipTime(event: EventRecord): number | undefined {
    if (this.primary === null) return Number.isNaN(event.tsMs) ? undefined : event.tsMs;
    const p = parseDate(firstValue(this.primary(event.source)));
    if (p !== null) return p.ms;
    if (this.secondary === null) return undefined;
    const s = parseDate(firstValue(this.secondary(event.source)));
    return s === null ? undefined : s.ms;
  }

  /** Runs whose window ended before `ms` cannot get more events: decide them. */
  private closeBefore(ms: number): void {
    if (Number.isNaN(ms)) return;
    for (const t of [...this.windows.keys()].sort((a, b) => a - b)) {
      if (t + this.timing.schedule.toMs >= ms) break;
      this.close(t);
    }
  }

  private close(t: number): void {
    const execution = this.windows.get(t);
    if (execution === undefined) return;
    this.windows.delete(t);
    const { alerts, matches } = buildAlerts(execution.finish(), this.builderAt(new Date(t).toISOString()));
    if (matches >= this.options.size) this.limitReached = true;
    let fresh = 0;
    for (const alert of alerts) {
      if (this.seen.has(alert._id)) continue;
      this.seen.add(alert._id);
      this.pending.push(alert);
      if (alert._source["kibana.alert.group.index"] === undefined) fresh++;
    }
    this.matches += fresh;
  }
}
