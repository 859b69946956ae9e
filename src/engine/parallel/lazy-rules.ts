// # The matching side of `--workers`: rules compiled when an event first reaches them
//
// The screening workers compile every rule; the thread that matches only needs the rules some event reaches,
// usually a small share of a large rule pack (71 of 954 prebuilt rules on 20,000 generated Defend events).
// So instead of one Engine over all rules, this keeps one single-rule Engine per rule, created the first time
// `pushTo` names the rule, whose filters then answer from the workers' verdicts (verdicts.ts). What the workers reported at start (compile failures, warnings, orderings, each
// rule's initial summary) stands in for the rules never reached. Alerts and summaries come out rule by rule in
// load order, as from one Engine.
//
// Exception lists: a rule's engine gets the items of the lists it references plus those of lists no rule of
// the run references (shards.ts blockExceptions), which is what one engine over all rules applies to it.

import type { AlertDoc } from "../../alerts/build.js";
import type { Diagnostic } from "../../diag/diagnostic.js";
import type { EventRecord } from "../../exec/event.js";
import { createRecordFactory, type RecordFactory } from "../../event/record.js";
import type { RuleSpec } from "../../rules/model.js";
import { dynamicSchema } from "../../schema/dynamic.js";
import { SCREEN_FAILED, createEngine, type Engine, type EngineOptions, type RuleSummary } from "../engine.js";
import type { Ordering, RuleFailure } from "../prepare.js";
import { blockExceptions } from "./shards.js";
import { spillFor, type AlertSpill } from "../../alerts/spill.js";

/** What a screening worker reports once its rules are compiled (all plain data). */
export interface CompiledRuleSet {
  /** Indices (into the rule list) of the rules that did not compile; the others get positions in order. */
  readonly failedRules: readonly number[];
  readonly failures: readonly RuleFailure[];
  readonly warnings: readonly Diagnostic[];
  readonly orderings: readonly Ordering[];
  /** Per position: the rule's summary before any event. */
  readonly summaries: readonly RuleSummary[];
}

/** What scatter.ts needs from the thread that matches: an Engine, or LazyRules. */
export interface MatchTarget {
  readonly orderings: readonly Ordering[];
  recordFactory(o: number): RecordFactory;
  pushTo(o: number, event: EventRecord, routeIndex: string, positions: readonly number[], verdicts: readonly number[]): void;
  reset(): void;
  setCounts(seen: readonly number[], excepted: readonly number[]): void;
}

export class LazyRules implements MatchTarget {
  readonly failures: readonly RuleFailure[];
  readonly warnings: readonly Diagnostic[];
  readonly orderings: readonly Ordering[];
  private readonly specs: readonly RuleSpec[];
  private readonly engines: (Engine | null)[];
  private readonly factories: RecordFactory[];
  private seen: readonly number[] = [];
  private excepted: readonly number[] = [];
  private readonly one: readonly number[] = [0];
  private readonly verdict: number[] = [0];
  /** One budget for the alerts all the rules' engines hold (one window only). */
  private readonly spill: AlertSpill | null;
  private readonly ownsSpill: boolean;

  constructor(
    private readonly rules: readonly RuleSpec[],
    private readonly options: EngineOptions,
    private readonly compiled: CompiledRuleSet,
  ) {
    if (options.schema !== undefined) throw new Error("parallel runs use the dynamic schema");
    const failed = new Set(compiled.failedRules);
    this.specs = rules.filter((_, i) => !failed.has(i));
    if (this.specs.length !== compiled.summaries.length) throw new Error(`screening workers compiled ${compiled.summaries.length} rules, expected ${this.specs.length}`);
    this.engines = this.specs.map(() => null);
    this.failures = compiled.failures;
    this.warnings = compiled.warnings;
    this.orderings = compiled.orderings;
    ({ spill: this.spill, owned: this.ownsSpill } = spillFor(options));
    const schema = dynamicSchema();
    this.factories = compiled.orderings.map((o) => createRecordFactory({ schema, timestampField: o.timestampField, tiebreakerField: o.tiebreakerField }));
  }

  get ruleCount(): number {
    return this.specs.length;
  }

  /** Rules compiled in this thread so far (reached by some event). */
  get compiledCount(): number {
    return this.engines.filter((e) => e !== null).length;
  }

  recordFactory(o: number): RecordFactory {
    return this.factories[o]!;
  }

  pushTo(o: number, event: EventRecord, routeIndex: string, positions: readonly number[], verdicts: readonly number[]): void {
    void o;
    for (let k = 0; k < positions.length; k++) {
      this.verdict[0] = verdicts[k] ?? SCREEN_FAILED;
      this.engineAt(positions[k]!).pushTo(0, event, routeIndex, this.one, this.verdict);
    }
  }

  reset(): void {
    for (const e of this.engines) e?.reset();
  }

  setCounts(seen: readonly number[], excepted: readonly number[]): void {
    this.seen = seen;
    this.excepted = excepted;
  }

  /** Alerts rule by rule in load order (see Engine.finishTo); summaries with the workers' counts. */
  async finishTo(write: (alerts: AlertDoc[]) => Promise<void>, slice?: number): Promise<RuleSummary[]> {
    const out: RuleSummary[] = [];
    for (const [p, engine] of this.engines.entries()) {
      const summary = engine === null ? structuredClone(this.compiled.summaries[p]!) : (await engine.finishTo(write, slice))[0]!;
      summary.eventsSeen = this.seen[p] ?? summary.eventsSeen;
      summary.excepted = this.excepted[p] ?? summary.excepted;
      out.push(summary);
    }
    if (this.ownsSpill) this.spill!.dispose();
    return out;
  }

  private engineAt(p: number): Engine {
    let engine = this.engines[p];
    if (engine === null || engine === undefined) {
      const spec = this.specs[p]!;
      const exceptions = this.options.exceptions === undefined ? undefined : blockExceptions(this.rules, [spec], this.options.exceptions);
      engine = createEngine([spec], {
        ...this.options,
        presetVerdicts: true,
        ...(exceptions !== undefined ? { exceptions } : {}),
        ...(this.spill !== null ? { alertSpill: this.spill } : {}),
      });
      if (engine.ruleCount !== 1 || engine.orderings.length !== 1) throw new Error(`rule "${spec.name}" compiled in a worker but not here`);
      this.engines[p] = engine;
    }
    return engine;
  }
}

/** The CompiledRuleSet of an engine over `rules` (what a screening worker reports). */
export function describeCompiled(engine: Engine, rules: readonly RuleSpec[]): CompiledRuleSet {
  return {
    failedRules: engine.failures.map((f) => rules.indexOf(f.spec)),
    failures: engine.failures,
    warnings: engine.warnings,
    orderings: engine.orderings,
    summaries: engine.summaries(),
  };
}
