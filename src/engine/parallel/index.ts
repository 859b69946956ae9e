// # `sequent run --workers N --kibana-windows …`: rules sharded over worker threads
//
// Without --kibana-windows, `--workers` screens events in parallel instead (scatter.ts): faster for large rule
// sets, since every worker then handles a share of the events. This rule-sharded mode remains for Kibana's
// scheduled windows, whose runners need every rule's events in one place with their max_signals limits.
//
// Design. The issue suggests partitioning *events* by a key that keeps each sequence together (host.id). For
// the workload that needs the parallelism — the whole prebuilt rule pack — that has two costs this design
// avoids: (1) every worker would load and compile all ~1,000 rules, and compiling is a large share of an
// all-rules run (seconds), so it would not shrink with more workers; (2) exactness needs a per-rule safety
// analysis (sequences `by user.name`, samples, untimed or keyless sequences are not host-local) plus a
// global merge of max_signals-limited results in Elasticsearch's result order. Instead the *rules* are
// partitioned:
//
// - Rules are loaded once by the parent (src/cli/commands/run.ts, unchanged), cut into contiguous blocks of
//   about equal estimated cost (weights.ts: OS tags × the input's OS mix) and dealt round-robin to the
//   workers (shards.ts; one block per worker by default). Each worker compiles only its blocks (one Engine
//   per block), so compile time is divided by N.
// - Each worker reads and parses the whole input itself (files only; standard input is read by the
//   single-worker path) and spools it. Reading + JSON.parse is ~100× cheaper per event than running the rule
//   pack, and nothing is copied between threads. Workers feed their engines through feed.ts (one sort per
//   ordering, shared by a worker's engines), not the single-thread src/engine/feed.ts (prefilter, streaming):
//   that takes one engine. Once it takes several, workers should use it (same alerts; the prefilter is sound).
// - Every rule sees exactly the events, order and sequence numbers of the single-worker run, so its alerts
//   are identical by construction: no partition key, no safety analysis, no limit merging. Results come back
//   per block and are concatenated in block order, which is the single-worker order of alerts (rules in load
//   order, each in Elasticsearch's result order), summaries, compile failures and warnings.
// - Exception lists: a block engine gets the items of lists its rules reference plus those of lists no rule
//   of the run references (shards.ts blockExceptions), so "unreferenced lists apply to every rule" means the
//   same as in one engine; the RULE3111 warnings are taken once.
// - Bad lines and the event count come from one worker, sent as they are read; input errors are rebuilt
//   as the same SequentError class, so the CLI reports them as in single-worker mode.
//
// Report differences: the single-thread feed prints a "lines parsed (prefilter …)" line that worker runs do
// not; bad lines are those of every line (workers parse all), which is what the single-thread run reports
// too unless its prefilter is selective and skips (unvalidated) a malformed line.
//
// Limits: a single expensive rule is not split (use event partitioning for that; a run of one rule stays in
// this thread); memory is N spools of the input; temporary sort files of a worker killed by a signal are not
// removed; speed-up is bounded by the slowest worker and by the parent's rule loading (parsing every rule
// file, ~1–3 s for the prebuilt pack), which stays serial.

import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import type { Diagnostic } from "../../diag/diagnostic.js";
import type { AlertDoc } from "../../alerts/build.js";
import type { NdjsonBadLine } from "../../io/ndjson.js";
import { STDIN_PATH, expandInputs } from "../../io/inputs.js";
import { isJsonDocumentFile } from "../../io/ndjson.js";
import type { RuleSpec } from "../../rules/model.js";
import type { EngineOptions, EngineResult, RuleSummary } from "../engine.js";
import type { RuleFailure } from "../prepare.js";
import { blockExceptions, blocksOfWorker, planBlocks } from "./shards.js";
import { ruleWeight, sampleOsShares } from "./weights.js";
import { fromPortableError, type CompiledBlock, type FinishedBlock, type PortableEngineOptions, type WorkerInit, type WorkerMessage, type WorkerTiming } from "./protocol.js";
import { deferred } from "./deferred.js";

export { planBlocks, blockExceptions, BLOCKS_PER_WORKER } from "./shards.js";

/** `--workers` value: a count ≥ 1, or "auto" (the cores Node may use). */
export function parseWorkers(text: string | undefined): number | undefined {
  if (text === undefined) return 1;
  const t = text.trim();
  if (t === "auto") return availableParallelism();
  if (!/^[0-9]+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= 256 ? n : undefined;
}

/** Whether `run` can use workers for these inputs and rules (standard input and JSON documents: one thread). */
export function canRunParallel(workers: number, inputs: readonly string[], ruleCount: number): boolean {
  if (workers <= 1 || ruleCount <= 1 || inputs.includes(STDIN_PATH)) return false;
  // JSON document files (one pretty-printed event or an array) are read whole, in one thread
  try {
    return !expandInputs(inputs).some(isJsonDocumentFile);
  } catch {
    return true; // a missing input: the run reports it
  }
}

/**
 * Worker threads started ahead of the rules: they load their modules while the parent parses rule files.
 * Idle workers do not keep the process alive; `release()` ends them when the run does not use them.
 */
export class WorkerPool {
  private constructor(private readonly handles: WorkerHandle[]) {}

  static spawn(workers: number): WorkerPool {
    return new WorkerPool(Array.from({ length: Math.max(1, workers) }, () => new WorkerHandle()));
  }

  get size(): number {
    return this.handles.length;
  }

  /** Hand out `n` workers (ending the others). */
  take(n: number): WorkerHandle[] {
    const taken = this.handles.splice(0, n);
    this.release();
    return taken;
  }

  release(): void {
    for (const h of this.handles.splice(0)) void h.terminate();
  }
}

export interface ParallelRunOptions {
  readonly workers: number;
  readonly inputs: readonly string[];
  readonly sortBuffer: number;
  /** Rule blocks (engines) per worker (default BLOCKS_PER_WORKER). */
  readonly blocksPerWorker?: number;
  /** Workers started earlier (WorkerPool.spawn); default: start them now. */
  readonly pool?: WorkerPool;
}

export interface ParallelOutcome {
  readonly events: number;
  readonly result: EngineResult;
  /** Per worker, in worker order. */
  readonly timing: readonly WorkerTiming[];
}

type Done = { events: number; blocks: readonly FinishedBlock[]; timing: WorkerTiming };

const WARNING_GLOBAL_LISTS = "RULE3111";

/** A run whose rules are compiled in workers: compile outcome first, then the run itself. */
export class ParallelRun {
  readonly failures: readonly RuleFailure[];
  readonly warnings: readonly Diagnostic[];
  readonly ruleCount: number;

  private constructor(
    private readonly workers: readonly WorkerHandle[],
    compiled: readonly CompiledBlock[],
  ) {
    const failures: RuleFailure[] = [];
    const warnings: Diagnostic[] = [];
    let ruleCount = 0;
    const globalCount = compiled.length > 0 ? leadingCount(compiled[0]!.warnings) : 0;
    compiled.forEach((block, i) => {
      failures.push(...block.failures);
      warnings.push(...(i === 0 ? block.warnings : block.warnings.slice(globalCount)));
      ruleCount += block.ruleCount;
    });
    this.failures = failures;
    this.warnings = warnings;
    this.ruleCount = ruleCount;
  }

  /** Start the workers; resolves when every rule is compiled. */
  static async start(rules: readonly RuleSpec[], engine: EngineOptions, options: ParallelRunOptions): Promise<ParallelRun> {
    const blocks = planBlocks(rules, options.workers, options.blocksPerWorker, ruleWeight(sampleOsShares(options.inputs)));
    const n = Math.min(options.workers, blocks.length);
    const { schema: _schema, exceptions, ...portable } = engine;
    if (_schema !== undefined) throw new Error("parallel runs use the dynamic schema (a Schema cannot cross threads)");
    const handles = options.pool !== undefined ? options.pool.take(n) : Array.from({ length: n }, () => new WorkerHandle());
    if (handles.length < n) throw new Error(`worker pool of ${handles.length} for ${n} workers`);
    for (let w = 0; w < n; w++) {
      const init: WorkerInit = {
        blocks: blocksOfWorker(blocks, w, n).map((b) => ({
          index: b.index,
          rules: b.rules,
          exceptions: exceptions === undefined ? undefined : blockExceptions(rules, b.rules, exceptions),
        })),
        engine: portable satisfies PortableEngineOptions,
        inputs: options.inputs,
        sortBuffer: options.sortBuffer,
        reportsInput: w === 0,
      };
      handles[w]!.start(init);
    }
    try {
      const compiled = (await Promise.all(handles.map((h) => h.compiled))).flat().sort((a, b) => a.index - b.index);
      return new ParallelRun(handles, compiled);
    } catch (error) {
      await Promise.all(handles.map((h) => h.terminate()));
      throw error;
    }
  }

  /** Read the input (in the workers) and run; bad lines are handed to `onBad` in input order as read. */
  async run(onBad: (bad: NdjsonBadLine) => Promise<void>): Promise<ParallelOutcome> {
    try {
      const reporter = this.workers[0]!;
      const [events] = await Promise.all([reporter.forwardBadLines(onBad), ...this.workers.slice(1).map((h) => h.done)]);
      const dones = await Promise.all(this.workers.map((h) => h.done));
      const finished = dones.flatMap((d) => d.blocks).sort((a, b) => a.index - b.index);
      const alerts: AlertDoc[] = [];
      const summaries: RuleSummary[] = [];
      for (const block of finished) {
        alerts.push(...block.alerts);
        summaries.push(...block.summaries);
      }
      return { events, result: { alerts, summaries }, timing: dones.map((d) => d.timing) };
    } finally {
      await Promise.all(this.workers.map((h) => h.terminate()));
    }
  }
}

function leadingCount(warnings: readonly Diagnostic[]): number {
  let n = 0;
  while (n < warnings.length && warnings[n]!.code === WARNING_GLOBAL_LISTS) n++;
  return n;
}

/** One worker thread: its messages as promises, bad lines queued in arrival order. */
export class WorkerHandle {
  private readonly worker: Worker;
  private readonly compiledD = deferred<readonly CompiledBlock[]>();
  private readonly doneD = deferred<Done>();
  private badQueue: NdjsonBadLine[] = [];
  private wake: (() => void) | undefined;
  private ended = false;

  constructor() {
    this.worker = new Worker(new URL("./worker.js", import.meta.url));
    this.worker.unref();
    this.worker.on("message", (message: WorkerMessage) => this.onMessage(message));
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => {
      if (!this.ended) this.fail(new Error(`worker thread exited with code ${code} before finishing`));
    });
  }

  /** Send the worker its rules and input; from now on it keeps the process alive until it is done. */
  start(init: WorkerInit): void {
    this.worker.ref();
    this.worker.postMessage(init);
  }

  get compiled(): Promise<readonly CompiledBlock[]> {
    return this.compiledD.promise;
  }

  get done(): Promise<Done> {
    return this.doneD.promise;
  }

  /** Hand queued bad lines to `onBad` until the worker is done; resolves with the event count. */
  async forwardBadLines(onBad: (bad: NdjsonBadLine) => Promise<void>): Promise<number> {
    for (;;) {
      while (this.badQueue.length > 0) {
        const lines = this.badQueue;
        this.badQueue = [];
        for (const bad of lines) await onBad(bad);
      }
      if (this.ended) return (await this.done).events;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  terminate(): Promise<number> {
    this.ended = true;
    return this.worker.terminate();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private onMessage(message: WorkerMessage): void {
    switch (message.type) {
      case "compiled":
        this.compiledD.resolve(message.blocks);
        break;
      case "bad":
        this.badQueue.push(...message.lines);
        break;
      case "done":
        this.ended = true;
        this.doneD.resolve({ events: message.events, blocks: message.blocks, timing: message.timing });
        break;
      case "error":
        this.fail(fromPortableError(message.error));
        return;
    }
    this.notify();
  }

  private fail(error: unknown): void {
    this.ended = true;
    this.compiledD.reject(error);
    this.doneD.reject(error);
    this.notify();
  }
}
