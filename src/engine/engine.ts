// # Many rules over one pass of events
//
// Each rule keeps its own compiled query and matcher state (a QueryExecution). With Kibana's scheduled windows
// each run's `size` is the rule's max_signals, which is what Kibana asks Elasticsearch for; offline (one window
// over the whole input, not one scheduled run) there is no such cap: every match is reported. An event goes only to the rules that can use it: a
// Dispatcher (dispatch.ts) indexes the necessary value conditions of every rule filter (category, OS, process
// name …), then each candidate checks its index patterns and its exceptions (Kibana applies both in the
// search, before EQL matching). Offline, the whole input is one search window.
//
// Rules may order events differently (their own `timestamp_field` / `tiebreaker_field`). The engine exposes
// the distinct orderings; the caller feeds each ordering's rules the events sorted that way (usually a single
// ordering, so a single sorted pass).

import type { Diagnostic } from "../diag/diagnostic.js";
import type { Schema } from "../eql/types.js";
import type { EventRecord } from "../exec/event.js";
import { createRecordFactory, type RecordFactory } from "../event/record.js";
import { dynamicSchema } from "../schema/dynamic.js";
import type { RuleSpec } from "../rules/model.js";
import { queryFilters } from "../eql/ast.js";
import type { ExceptionSet } from "../rules/exception-model.js";
import type { ValueLists } from "../rules/exceptions.js";
import { createAlertBuilder, type AlertBuildOptions, type AlertDoc } from "../alerts/build.js";
import { isFailure, prepareRule, unreferencedExceptionItems, type Ordering, type PreparedRule, type RuleFailure } from "./prepare.js";
import { ContinuousRunner, WindowedRunner, type RuleRunner, type RunnerOutput } from "./runners.js";
import { ruleSchedule, type Schedule } from "./schedule.js";
import { Dispatcher } from "./dispatch.js";
import { LiteralGates, type Gate } from "./literal-gate.js";
import { verdictsOf, withPresetVerdicts } from "./verdicts.js";
import { spillFor, type AlertSpill } from "../alerts/spill.js";

/** The verdict `screen` gives a rule whose screening threw: `pushTo` then offers the event as `push` would. */
export const SCREEN_FAILED = -1;

/** The request size of offline runs: no limit. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

/** Kibana's `xpack.alerting.rules.run.alerts.max` default: max_signals above it is capped, with a warning. */
export const DEFAULT_MAX_ALERTS_PER_RUN = 1000;

export interface EngineOptions {
  /** Alert creation time (ISO 8601); also the instant exception expiry is judged against. */
  readonly now: string;
  readonly spaceId?: string;
  /** Field types; default dynamic (typed from the JSON values, as unmapped keyword-like fields). */
  readonly schema?: Schema;
  readonly exceptions?: ExceptionSet;
  readonly valueLists?: ValueLists;
  readonly maxAlertsPerRun?: number;
  readonly kibanaVersion?: string;
  /** Cap on in-flight partial sequences per rule (default unbounded). */
  readonly maxInFlight?: number;
  /**
   * Search windows. Default: the whole input is one window. "rule": Kibana's scheduled runs with each rule's
   * own interval and from/to; a Schedule: the same interval and look-back for every rule.
   */
  readonly windows?: "rule" | Schedule;
  /** Kibana's public base URL: alerts then carry `kibana.alert.url`. */
  readonly publicBaseUrl?: string;
  /** Offer every event to every rule (no dispatch index): for checking the index, never faster. */
  readonly dispatchAll?: boolean;
  /**
   * Filters answer from verdicts passed to `pushTo` (computed by a screening engine's `screen` over the same
   * rules) instead of evaluating again. For the matching side of `--workers`.
   */
  readonly presetVerdicts?: boolean;
  /**
   * Where alerts decided during the run wait to be written (one window over the whole input only): shared by
   * several engines when given (its owner disposes of it), else the engine's own, removed by `finish`/`finishTo`.
   */
  readonly alertSpill?: AlertSpill;
  /** Matched events the engine's own spill holds in memory before writing their alerts to a temporary file. */
  readonly matchedEventsInMemory?: number;
}

export interface RuleSummary {
  readonly ruleId: string;
  readonly name: string;
  /** Events that reached the rule's matcher (after index, category and exception checks). */
  eventsSeen: number;
  /** Events removed by the rule's exceptions. */
  excepted: number;
  /** Matched events or sequences (each becomes one alert, or one shell + building blocks). */
  matches: number;
  /** Alert documents built. */
  alerts: number;
  /** True when the rule stopped at max_signals ("This rule reached the maximum alert limit"). */
  limitReached: boolean;
  readonly errors: string[];
  readonly warnings: string[];
}

export interface EngineResult {
  /** Alerts per rule, rules in load order; within a rule in Elasticsearch's result order. */
  readonly alerts: AlertDoc[];
  readonly summaries: RuleSummary[];
}

interface RuleState {
  readonly rule: PreparedRule;
  /** Position in load order (the index `screen` reports and `pushTo` takes). */
  readonly position: number;
  /** Verdict bits of the query's filters on an event (verdicts.ts): 0 when none accepts it. */
  readonly verdicts: (event: EventRecord) => number;
  /** With `presetVerdicts`: makes the runner's filters answer from a mask for one event. */
  readonly preset: ((event: EventRecord, mask: number) => void) | null;
  /** False when the event's field values lack every string some filter needs (literal-gate.ts); null: none. */
  readonly gate: Gate | null;
  /**
   * The rule's matcher and alert builder, made when the first event reaches the rule (most rules of a large
   * pack never get one); null until then. A rule without one has no matches and no alerts.
   */
  runner: RuleRunner | null;
  readonly makeRunner: () => RuleRunner;
  readonly summary: RuleSummary;
  /** The summary's warnings before any event (restored by `reset`). */
  readonly initialWarnings: readonly string[];
  active: boolean;
  /** The event last offered, so an event with several matching categories reaches the rule once. */
  last: EventRecord | null;
  /** The route index last checked against the rule's patterns, and the answer (routes repeat). */
  lastRoute: string | null;
  lastRouteOk: boolean;
}

interface OrderingGroup {
  readonly ordering: Ordering;
  readonly factory: RecordFactory;
  readonly states: RuleState[];
  dispatcher: Dispatcher<RuleState> | null;
}

export class Engine {
  readonly failures: readonly RuleFailure[];
  readonly warnings: readonly Diagnostic[];
  /** The schema rules were analysed with (prefilters must use it too). */
  readonly schema: Schema;
  private readonly groups: OrderingGroup[] = [];
  private readonly states: RuleState[] = [];
  /** Alerts decided during a one-window run, and whether this engine disposes of the spill. */
  private readonly spill: AlertSpill | null;
  private readonly ownsSpill: boolean;

  constructor(rules: readonly RuleSpec[], options: EngineOptions) {
    const schema = options.schema ?? dynamicSchema();
    this.schema = schema;
    const now = new Date(options.now);
    const failures: RuleFailure[] = [];
    const warnings: Diagnostic[] = [];
    const cap = options.maxAlertsPerRun ?? DEFAULT_MAX_ALERTS_PER_RUN;
    const global = options.exceptions !== undefined ? unreferencedExceptionItems(rules, options.exceptions) : { items: [], lists: [] };
    for (const listId of global.lists) {
      const n = global.items.filter((i) => i.listId === listId).length;
      warnings.push({ code: "RULE3111", severity: "warning", message: `exception list "${listId}" (${n} item${n === 1 ? "" : "s"}) is referenced by no rule of this run: applied to every rule` });
    }
    const gates = new LiteralGates(schema);
    const { spill, owned } = spillFor(options);
    this.spill = spill;
    this.ownsSpill = owned;
    for (const spec of rules) {
      const prepared = prepareRule(spec, {
        schema,
        now,
        globalItems: global.items,
        ...(options.exceptions !== undefined ? { exceptions: options.exceptions } : {}),
        ...(options.valueLists !== undefined ? { valueLists: options.valueLists } : {}),
      });
      if (isFailure(prepared)) {
        failures.push(prepared);
        continue;
      }
      warnings.push(...prepared.warnings);
      const summary: RuleSummary = {
        ruleId: spec.ruleId,
        name: spec.name,
        eventsSeen: 0,
        excepted: 0,
        matches: 0,
        alerts: 0,
        limitReached: false,
        errors: [],
        warnings: prepared.warnings.map((w) => w.message),
      };
      // max_signals is a limit per Kibana run: offline the whole input is one window, not one run, so every
      // match is reported; with Kibana's windows each run keeps at most max_signals (capped as Kibana caps it).
      let size = options.windows === undefined ? UNLIMITED : spec.maxSignals;
      if (options.windows !== undefined && size > cap) {
        summary.warnings.push(`max_signals ${size} is above the per-run alert limit ${cap}; using ${cap}`);
        size = cap;
      }
      const builderAt = (now: string) => {
        const buildOptions: AlertBuildOptions = {
          now,
          ...(options.spaceId !== undefined ? { spaceId: options.spaceId } : {}),
          ...(options.kibanaVersion !== undefined ? { kibanaVersion: options.kibanaVersion } : {}),
          ...(options.publicBaseUrl !== undefined ? { publicBaseUrl: options.publicBaseUrl } : {}),
        };
        return createAlertBuilder(spec, buildOptions);
      };
      const execOptions = {
        size,
        ...(options.maxInFlight !== undefined ? { maxInFlight: options.maxInFlight } : {}),
        onWarning: (message: string) => void summary.warnings.push(message),
      };
      const presettable = options.presetVerdicts === true ? withPresetVerdicts(prepared.compiled) : null;
      const compiled = presettable?.query ?? prepared.compiled;
      const windows = options.windows;
      const makeRunner = (): RuleRunner =>
        windows === undefined
          ? new ContinuousRunner(compiled, execOptions, builderAt(options.now), spill ?? undefined)
          : new WindowedRunner(compiled, execOptions, builderAt, {
              schedule: windows === "rule" ? ruleSchedule(spec) : windows,
              orderingField: prepared.ordering.timestampField,
              timestampOverride: spec.timestampOverride,
              fallbackDisabled: spec.timestampOverrideFallbackDisabled === true,
            });
      const gate = options.dispatchAll === true ? null : gates.gateFor(prepared.filters, queryFilters(prepared.query));
      const state: RuleState = { rule: prepared, position: this.states.length, verdicts: verdictsOf(prepared.compiled), preset: presettable?.preset ?? null, gate, summary, initialWarnings: [...summary.warnings], active: true, last: null, lastRoute: null, lastRouteOk: false, runner: null, makeRunner };
      this.states.push(state);
      this.groupFor(prepared.ordering, schema).states.push(state);
    }
    for (const group of this.groups) {
      group.dispatcher = new Dispatcher(group.states.map((s) => ({ item: s, filters: options.dispatchAll === true ? [] : s.rule.filters })));
    }
    this.failures = failures;
    this.warnings = warnings;
  }

  /** The distinct event orderings the loaded rules need; feed each one's events with `push(i, …)`. */
  get orderings(): readonly Ordering[] {
    return this.groups.map((g) => g.ordering);
  }

  /** Rules that compiled and run. */
  get ruleCount(): number {
    return this.states.length;
  }

  /** The rules that compiled, in load order. */
  get preparedRules(): readonly PreparedRule[] {
    return this.states.map((s) => s.rule);
  }

  /**
   * Forget every event pushed so far (matcher state, counts, warnings raised while matching): the engine is
   * as just created, without compiling again. For a caller that must start its event stream over.
   */
  reset(): void {
    for (const s of this.states) {
      s.runner?.discard();
      s.runner = null;
      s.active = true;
      s.last = null;
      const sum = s.summary;
      sum.eventsSeen = 0;
      sum.excepted = 0;
      sum.matches = 0;
      sum.alerts = 0;
      sum.limitReached = false;
      sum.errors.length = 0;
      sum.warnings.length = 0;
      sum.warnings.push(...s.initialWarnings);
    }
  }

  /** Builds EventRecords with ordering `i`'s timestamp and tiebreaker fields. */
  recordFactory(i: number): RecordFactory {
    return this.groups[i]!.factory;
  }

  /** True while some rule of ordering `i` still wants events (all may have reached max_signals). */
  wantsEvents(i: number): boolean {
    return this.groups[i]!.states.some((s) => s.active);
  }

  /**
   * Offer the next event of ordering `i` (ascending in that ordering). `routeIndex` is the index the rules'
   * patterns are matched against ("" = unknown: every rule).
   */
  push(i: number, event: EventRecord, routeIndex: string): void {
    this.current = event;
    this.currentRoute = routeIndex;
    this.groups[i]!.dispatcher!.forEachCandidate(event.source, this.visit);
  }

  /**
   * Screening without matching, for a thread that filters events for another one (src/engine/parallel/scatter.ts):
   * appends to `out` the positions (load order) of the rules of ordering `i` that this event must reach — the
   * rules `push` would offer it to (index, route, rule filters, exceptions) and for which some filter of the
   * query accepts it. Those are the only rules whose matcher state the event can change. Counts events seen
   * and excepted as `push` does; matchers are never run. A rule whose test throws is listed, so the thread
   * that matches meets the same error at the same event.
   */
  screen(i: number, event: EventRecord, routeIndex: string, out: number[], verdicts: number[]): void {
    this.current = event;
    this.currentRoute = routeIndex;
    this.screened = out;
    this.screenedVerdicts = verdicts;
    this.groups[i]!.dispatcher!.forEachCandidate(event.source, this.screenVisit);
    this.screened = null;
    this.screenedVerdicts = null;
  }

  /**
   * Offer the event of ordering `i` to the rules at `positions` only, with the verdicts `screen` gave (on
   * another engine over the same rules and options): the index, gate and exception checks are not repeated, and
   * with `presetVerdicts` the filters answer from the verdicts. A verdict of SCREEN_FAILED (the screening
   * threw) offers the event as `push` would, so the error comes up here. Counts of events seen and excepted
   * are the screening engine's business: see `setCounts`.
   */
  pushTo(i: number, event: EventRecord, routeIndex: string, positions: readonly number[], verdicts: readonly number[]): void {
    void i;
    for (let k = 0; k < positions.length; k++) {
      const s = this.states[positions[k]!];
      if (s === undefined) continue;
      const v = verdicts[k] ?? SCREEN_FAILED;
      if (v === SCREEN_FAILED) this.offer(s, event, routeIndex);
      else this.offerScreened(s, event, v);
    }
  }

  private offerScreened(s: RuleState, event: EventRecord, verdicts: number): void {
    if (!s.active || s.last === event) return;
    s.last = event;
    try {
      s.preset?.(event, verdicts);
      const runner = (s.runner ??= s.makeRunner());
      runner.push(event);
      if (runner.done) s.active = false;
    } catch (error) {
      s.summary.errors.push(error instanceof Error ? error.message : String(error));
      s.active = false;
    }
  }

  /** Copies of the rules' summaries as they stand (load order). */
  summaries(): RuleSummary[] {
    return this.states.map((s) => structuredClone(s.summary));
  }

  /** Events seen and excepted per rule (load order), e.g. to add up what several screening engines counted. */
  counts(): { seen: number[]; excepted: number[] } {
    return { seen: this.states.map((s) => s.summary.eventsSeen), excepted: this.states.map((s) => s.summary.excepted) };
  }

  /** Replace the per-rule counts of events seen and excepted (load order), e.g. with the screening engines' sums. */
  setCounts(seen: readonly number[], excepted: readonly number[]): void {
    this.states.forEach((s, k) => {
      s.summary.eventsSeen = seen[k] ?? 0;
      s.summary.excepted = excepted[k] ?? 0;
    });
  }

  private screened: number[] | null = null;
  private screenedVerdicts: number[] | null = null;
  private readonly screenVisit = (s: RuleState): void => this.screenOne(s, this.current!, this.currentRoute, this.screened!, this.screenedVerdicts!);

  private screenOne(s: RuleState, event: EventRecord, routeIndex: string, out: number[], verdicts: number[]): void {
    if (s.last === event) return;
    s.last = event;
    try {
      if (!this.admits(s, event, routeIndex)) return;
      const v = s.verdicts(event);
      if (v !== 0) {
        out.push(s.position);
        verdicts.push(v);
      }
    } catch {
      out.push(s.position);
      verdicts.push(SCREEN_FAILED);
    }
  }

  /**
   * The checks an event passes before a rule's matcher (Kibana's search around EQL): the rule's index
   * patterns, its literal gate, its Kibana filters and its exceptions; counts the events seen and excepted.
   */
  private admits(s: RuleState, event: EventRecord, routeIndex: string): boolean {
    const rule = s.rule;
    if (routeIndex !== s.lastRoute) {
      s.lastRoute = routeIndex;
      s.lastRouteOk = rule.matchesIndex(routeIndex);
    }
    if (!s.lastRouteOk) return false;
    if (s.gate !== null && !s.gate(event.source)) return false;
    if (rule.keep !== null && !rule.keep(event.source)) return false;
    if (rule.drop(event.source)) {
      s.summary.excepted++;
      return false;
    }
    s.summary.eventsSeen++;
    return true;
  }

  /** The event being pushed and its route, for `visit` (one visitor for all events: no closure per event). */
  private current: EventRecord | null = null;
  private currentRoute = "";
  private readonly visit = (s: RuleState): void => this.offer(s, this.current!, this.currentRoute);

  /** End of input: decide everything pending and build the alerts. */
  finish(): EngineResult {
    const alerts: AlertDoc[] = [];
    for (const s of this.states) {
      const runner = s.runner;
      if (runner === null) continue;
      try {
        for (const out of [runner.drain(), runner.finish()]) {
          s.summary.matches += out.matches;
          s.summary.alerts += out.alerts.length;
          if (out.limitReached) s.summary.limitReached = true;
          alerts.push(...out.alerts);
        }
      } catch (error) {
        s.summary.errors.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (this.ownsSpill) this.spill!.dispose();
    return { alerts, summaries: this.states.map((s) => s.summary) };
  }

  /**
   * `finish`, handing the alerts to `write` rule by rule (load order) in slices of `slice` matches, each
   * written before the next is built: the alert documents of a large run never exist all at once. Same
   * alerts, order and summaries as `finish`.
   */
  async finishTo(write: (alerts: AlertDoc[]) => Promise<void>, slice = 64): Promise<RuleSummary[]> {
    for (const s of this.states) {
      const outputs = this.outputsOf(s, slice);
      for (;;) {
        let next: IteratorResult<RunnerOutput>;
        try {
          next = outputs.next();
        } catch (error) {
          s.summary.errors.push(error instanceof Error ? error.message : String(error));
          break;
        }
        if (next.done === true) break;
        const out = next.value;
        s.summary.matches += out.matches;
        s.summary.alerts += out.alerts.length;
        if (out.limitReached) s.summary.limitReached = true;
        if (out.alerts.length > 0) await write(out.alerts);
      }
    }
    if (this.ownsSpill) this.spill!.dispose();
    return this.states.map((s) => s.summary);
  }

  private *outputsOf(s: RuleState, slice: number): Generator<RunnerOutput> {
    if (s.runner === null) return;
    yield s.runner.drain();
    yield* s.runner.finishSlices(slice);
  }

  private offer(s: RuleState, event: EventRecord, routeIndex: string): void {
    if (!s.active || s.last === event) return;
    s.last = event;
    try {
      if (!this.admits(s, event, routeIndex)) return;
      const runner = (s.runner ??= s.makeRunner());
      runner.push(event);
      if (runner.done) s.active = false;
    } catch (error) {
      s.summary.errors.push(error instanceof Error ? error.message : String(error));
      s.active = false;
    }
  }

  private groupFor(ordering: Ordering, schema: Schema): OrderingGroup {
    let group = this.groups.find((g) => g.ordering.timestampField === ordering.timestampField && g.ordering.tiebreakerField === ordering.tiebreakerField);
    if (group === undefined) {
      group = {
        ordering,
        factory: createRecordFactory({ schema, timestampField: ordering.timestampField, tiebreakerField: ordering.tiebreakerField }),
        states: [],
        dispatcher: null,
      };
      this.groups.push(group);
    }
    return group;
  }
}

export function createEngine(rules: readonly RuleSpec[], options: EngineOptions): Engine {
  return new Engine(rules, options);
}
