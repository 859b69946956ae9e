// # Benchmark scenarios, each run in a child process of bench/run.ts
//
// A scenario reads one NDJSON file and reports the events it handled, its wall time (only the work, not
// process start-up), the alerts raised, and the process's peak RSS. Scenarios that need something the
// project does not have yet report `unavailable` with the reason instead of a number.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { forEachBlock, forEachLine } from "./lines.js";
import type { CliIo, TextSink } from "../src/cli/args.js";
import type { RuleSpec } from "../src/rules/model.js";
import type { PrefilterRule } from "../src/compile/prefilter.js";
import type { EventRecord } from "../src/exec/event.js";

// Project modules are imported when a scenario needs them: a half-finished module elsewhere in the tree
// then makes only the scenarios that use it unavailable, not the whole benchmark.
const loadCli = () => import("../src/cli/main.js");
const loadEngine = async () => ({
  ...(await import("../src/engine/engine.js")),
  ...(await import("../src/engine/route.js")),
  ...(await import("../src/eql/parser.js")),
  ...(await import("../src/compile/prefilter.js")),
  ...(await import("../src/exec/event.js")),
});
const loadRuleSets = async () => ({ ...(await import("../src/rules/load.js")), ...(await import("../src/rules/builtin/seed-rule.js")) });

export const SCENARIOS = ["split", "parse", "parse-pair", "seed-cli", "rules-cli", "rules-cli-pair", "rules-cli-workers2", "seed-prefilter", "rules-prefilter", "rules-router"] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const SCENARIO_TITLES: Readonly<Record<ScenarioName, string>> = {
  split: "1. read + split lines",
  parse: "2. read + split + JSON.parse (ceiling)",
  "parse-pair": "2x. the same in two threads at once (this machine's 2-thread ceiling)",
  "seed-cli": "3. seed rule (sequent run CLI)",
  "rules-cli": "4. all active EQL rules (sequent run CLI)",
  "rules-cli-pair": "4x. two copies of 4 at once (this machine's ceiling for any 2-way split of 4)",
  "rules-cli-workers2": "5. all rules, --workers 2 (CLI)",
  "seed-prefilter": "3p. seed rule, engine API + raw prefilter",
  "rules-prefilter": "4p. all rules, engine API + raw prefilter",
  "rules-router": "4r. all rules, one engine per rule + raw-byte rule routing",
};

export interface ScenarioArgs {
  readonly file: string;
  /** Detection-rules directory for the all-rules scenarios (null: absent). */
  readonly rulesDir: string | null;
}

export type ScenarioResult =
  | {
      readonly status: "ok";
      readonly events: number;
      readonly seconds: number;
      readonly alerts: number | null;
      readonly documents: number | null;
      readonly maxRssMB: number;
      /** CPU time (user + system, all threads of the process) during the work. */
      readonly cpuSeconds?: number;
      /** Seconds until the rules were loaded and compiled (CLI scenarios: "rules ready after …"). */
      readonly startupSeconds?: number;
      /** sha1 of the alert output (CLI scenarios): runs that must agree can be checked to agree. */
      readonly digest?: string;
      readonly note?: string;
    }
  | { readonly status: "unavailable"; readonly reason: string };

const FIXED_NOW = "2026-03-03T00:00:00.000Z";
const SAMPLE_LINES = 1000;

export async function runScenario(name: ScenarioName, args: ScenarioArgs): Promise<ScenarioResult> {
  switch (name) {
    case "split":
      return timed(() => ({ events: forEachLine(args.file, () => undefined), alerts: null, documents: null }));
    case "parse":
      return timed(() => {
        let objects = 0;
        const events = forEachLine(args.file, (buf, start, end) => {
          const v: unknown = JSON.parse(buf.toString("utf8", start, end));
          if (v !== null && typeof v === "object") objects++;
        });
        return { events, alerts: null, documents: null, note: objects === events ? undefined : `${events - objects} non-object lines` };
      });
    case "parse-pair":
      return timed(async () => {
        // both threads parse the whole file: events = 2 × lines, so events/s ÷ scenario 2 = the scaling
        const one = () =>
          new Promise<{ lines: number; objects: number }>((resolve, reject) => {
            const w = new Worker(new URL("./parse-thread.js", import.meta.url), { workerData: args.file });
            w.once("message", (m: { lines: number; objects: number }) => resolve(m));
            w.once("error", reject);
          });
        const [a, b] = await Promise.all([one(), one()]);
        return { events: a.lines + b.lines, alerts: null, documents: null };
      });
    case "seed-cli":
      return cliRun([], args.file);
    case "rules-cli":
      if (args.rulesDir === null) return { status: "unavailable", reason: "../shared/corpus/detection-rules not found" };
      return cliRun(["--rules", args.rulesDir], args.file);
    case "rules-cli-pair":
      if (args.rulesDir === null) return { status: "unavailable", reason: "../shared/corpus/detection-rules not found" };
      return scenarioPair("rules-cli", args);
    case "rules-cli-workers2":
      if (args.rulesDir === null) return { status: "unavailable", reason: "../shared/corpus/detection-rules not found" };
      return cliRun(["--rules", args.rulesDir, "--workers", "2"], args.file);
    case "seed-prefilter":
      return engineWithPrefilter(async () => (await loadRuleSets()).builtinRules(), args.file);
    case "rules-prefilter": {
      if (args.rulesDir === null) return { status: "unavailable", reason: "../shared/corpus/detection-rules not found" };
      const dir = args.rulesDir;
      return engineWithPrefilter(async () => (await loadRuleSets()).loadRules([dir], {}).rules, args.file);
    }
    case "rules-router": {
      if (args.rulesDir === null) return { status: "unavailable", reason: "../shared/corpus/detection-rules not found" };
      const dir = args.rulesDir;
      return enginesWithRouter(async () => (await loadRuleSets()).loadRules([dir], {}).rules, args.file);
    }
    default: {
      const never: never = name;
      return { status: "unavailable", reason: `unknown scenario ${String(never)}` };
    }
  }
}

interface Work {
  readonly events: number;
  readonly alerts: number | null;
  readonly documents: number | null;
  readonly digest?: string;
  readonly note?: string | undefined;
  readonly startupSeconds?: number;
}

async function timed(work: () => Work | Promise<Work>): Promise<ScenarioResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await work();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    status: "ok",
    events: r.events,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    alerts: r.alerts,
    documents: r.documents,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    ...(r.digest !== undefined ? { digest: r.digest } : {}),
    ...(r.note !== undefined ? { note: r.note } : {}),
    ...(r.startupSeconds !== undefined ? { startupSeconds: r.startupSeconds } : {}),
  };
}

function sink(chunks: string[]): TextSink {
  return {
    write: (text: string) => {
      chunks.push(text);
      return true;
    },
  } as unknown as TextSink;
}

/** sha1 and line count of a file, read in chunks (an all-rules output is a few hundred MB); null if unreadable. */
function digestOf(path: string): { sha1: string; lines: number } | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    const hash = createHash("sha1");
    const buf = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
      const chunk = buf.subarray(0, n);
      hash.update(chunk);
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    }
    return { sha1: hash.digest("hex"), lines };
  } finally {
    closeSync(fd);
  }
}

/** `sequent run` through the CLI entry point in this process; alerts counted from the NDJSON output. */
async function cliRun(extra: readonly string[], file: string): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), "sequent-bench-out-"));
  const out = join(dir, "alerts.ndjson");
  const stderr: string[] = [];
  const io: CliIo = { stdout: sink([]), stderr: sink(stderr), stdin: process.stdin };
  let cliMain: Awaited<ReturnType<typeof loadCli>>["main"];
  try {
    cliMain = (await loadCli()).main;
  } catch (error) {
    return { status: "unavailable", reason: `CLI does not load: ${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    let code = 0;
    // Timed (and its peak RSS taken) before the output is read back for its digest.
    const timedResult = await timed(async () => {
      code = await cliMain(["run", ...extra, "--now", FIXED_NOW, "-f", "ndjson", "-o", out, file], io);
      const text = stderr.join("");
      const read = /(\d+) events? read/.exec(text);
      const alerts = /(\d+) alerts? \((\d+) documents?\)/.exec(text);
      const ready = /rules ready after ([0-9.]+)s/.exec(text);
      return {
        events: read !== null ? Number(read[1]) : 0,
        alerts: alerts !== null ? Number(alerts[1]) : null,
        documents: null,
        ...(ready !== null ? { startupSeconds: Number(ready[1]) } : {}),
      };
    });
    const output = digestOf(out);
    const result: ScenarioResult = timedResult.status === "ok" ? { ...timedResult, documents: output?.lines ?? 0, ...(output !== null ? { digest: output.sha1 } : {}) } : timedResult;
    const text = stderr.join("");
    if (code === 2) {
      const reason = /--workers|workers/.test(text) && extra.includes("--workers") ? "sequent run has no --workers option yet" : `usage error: ${text.trim().split("\n")[0] ?? ""}`;
      return { status: "unavailable", reason };
    }
    if (result.status === "ok" && code !== 0) return { ...result, note: `exit ${code}: ${text.trim().split("\n")[0] ?? ""}` };
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Scenario `name` in two processes at once, each over the whole file: what this machine does with two
 * independent copies of the job. No split of the work over two threads can do better (each copy does all of
 * it with nothing shared), so its events/s over the one-copy scenario's is the ceiling for `--workers 2`.
 * Times are the slower copy's work (start-up of the processes excluded, as for every scenario); RSS and CPU
 * are the two copies' sums.
 */
async function scenarioPair(name: ScenarioName, args: ScenarioArgs): Promise<ScenarioResult> {
  const runJs = fileURLToPath(new URL("./run.js", import.meta.url));
  const one = () =>
    new Promise<ScenarioResult>((resolve) => {
      const child = spawn(process.execPath, [runJs, "--child", name, "--file", args.file, ...(args.rulesDir !== null ? ["--rules", args.rulesDir] : [])], { stdio: ["ignore", "pipe", "ignore"] });
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
      child.on("close", (code) => {
        const last = out.trim().split("\n").pop() ?? "";
        try {
          resolve(JSON.parse(last) as ScenarioResult);
        } catch {
          resolve({ status: "unavailable", reason: `copy of ${name} failed (exit ${String(code)})` });
        }
      });
    });
  const [a, b] = await Promise.all([one(), one()]);
  if (a.status !== "ok") return a;
  if (b.status !== "ok") return b;
  return {
    status: "ok",
    events: a.events + b.events,
    seconds: Math.max(a.seconds, b.seconds),
    cpuSeconds: (a.cpuSeconds ?? 0) + (b.cpuSeconds ?? 0),
    alerts: a.alerts !== null && b.alerts !== null ? a.alerts + b.alerts : null,
    documents: a.documents !== null && b.documents !== null ? a.documents + b.documents : null,
    maxRssMB: a.maxRssMB + b.maxRssMB,
    ...(a.startupSeconds !== undefined && b.startupSeconds !== undefined ? { startupSeconds: Math.max(a.startupSeconds, b.startupSeconds) } : {}),
    ...(a.digest !== undefined && a.digest === b.digest ? { digest: a.digest } : { note: "the two copies' alert outputs differ" }),
  };
}

/** The engine's modules, or why a scenario that needs them cannot run. */
async function engineApi(): Promise<Awaited<ReturnType<typeof loadEngine>> | { readonly status: "unavailable"; readonly reason: string }> {
  try {
    const api = await loadEngine();
    await loadRuleSets();
    return api;
  } catch (error) {
    return { status: "unavailable", reason: `engine API does not load: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The engine through its library API with the raw-byte prefilter in front: lines no rule can match are never
 * parsed. The candidates are parsed, then fed to the engine sorted once per ordering the rules need.
 */
async function engineWithPrefilter(ruleSet: () => Promise<readonly RuleSpec[]>, file: string): Promise<ScenarioResult> {
  const api = await engineApi();
  if ("status" in api) return api;
  const { createEngine, eventIndices, parseQuery, buildPrefilter, compareEvents } = api;
  return timed(async () => {
    // Timed like the CLI: rule loading and compilation included (reported separately in the note).
    const t0 = performance.now();
    const rules = await ruleSet();
    const engine = createEngine(rules, { now: FIXED_NOW });
    const setupMs = performance.now() - t0;
    const inputs: PrefilterRule[] = [];
    let unparsed = 0;
    for (const spec of rules) {
      if (spec.query === undefined) continue;
      try {
        const query = parseQuery(spec.query);
        inputs.push({ query, ...(spec.eventCategoryOverride !== undefined ? { options: { categoryField: spec.eventCategoryOverride } } : {}) });
      } catch {
        unparsed++;
      }
    }
    // Literal frequencies from the first lines of the input choose each filter's clause.
    const sample: Buffer[] = [];
    forEachLine(file, (buf, start, end) => {
      if (sample.length < SAMPLE_LINES) sample.push(Buffer.from(buf.subarray(start, end)));
    }, SAMPLE_LINES);
    const t1 = performance.now();
    const pf = buildPrefilter(inputs, { sample });
    const prefilterMs = performance.now() - t1;
    const passAll = pf.passAll || unparsed > 0;
    const sources: Record<string, unknown>[] = [];
    let events = 0;
    if (passAll) {
      events = forEachLine(file, (buf, start, end) => {
        sources.push(JSON.parse(buf.toString("utf8", start, end)) as Record<string, unknown>);
      });
    } else {
      // Whole blocks: the prefilter finds candidate lines itself; other lines are only counted.
      forEachBlock(file, (buf, start, end) => {
        for (let i = buf.indexOf(10, start); i !== -1 && i < end; i = buf.indexOf(10, i + 1)) events++;
        if (end > start && buf[end - 1] !== 10) events++;
        pf.forEachCandidate(buf, start, end, (ls, le) => {
          sources.push(JSON.parse(buf.toString("utf8", ls, le)) as Record<string, unknown>);
        });
      });
    }
    for (let o = 0; o < engine.orderings.length; o++) {
      const factory = engine.recordFactory(o);
      const routes: string[] = [];
      const records: EventRecord[] = sources.map((source, seq) => {
        const idx = eventIndices(source, undefined, "events");
        routes.push(idx.route);
        return factory(source, idx.alert, `e${seq}`, seq);
      });
      const order = records.map((_, i) => i).sort((a, b) => compareEvents(records[a] as EventRecord, records[b] as EventRecord));
      for (const i of order) engine.push(o, records[i] as EventRecord, routes[i] ?? "");
    }
    const result = engine.finish();
    const matches = result.summaries.reduce((n, s) => n + s.matches, 0);
    const share = events > 0 ? ((100 * sources.length) / events).toFixed(2) : "0";
    const note = passAll
      ? pf.unselective
        ? `prefilter off: its ${pf.literalCount} literals keep ${(100 * (pf.sampleKeptShare ?? 1)).toFixed(0)}% of ${SAMPLE_LINES} sample lines`
        : `prefilter off (${pf.unconstrained.length} of ${pf.filterCount} filters have no usable literal${unparsed > 0 ? `, ${unparsed} queries unparsed` : ""})`
      : `${pf.literalCount} literals (${pf.strategy}); ${share}% of lines parsed; ${engine.ruleCount} rules`;
    const costs = `; rules load+compile ${(setupMs / 1000).toFixed(2)} s, prefilter build ${(prefilterMs / 1000).toFixed(2)} s`;
    return { events, alerts: matches, documents: result.alerts.length, note: note + costs };
  });
}

/**
 * An experiment for large rule sets: one engine per rule, and per line the router (one automaton pass)
 * names the rules that may match it; a line no rule wants is not parsed, a parsed event goes only to
 * its rules.
 */
async function enginesWithRouter(ruleSet: () => Promise<readonly RuleSpec[]>, file: string): Promise<ScenarioResult> {
  const api = await engineApi();
  if ("status" in api) return api;
  const { createEngine, eventIndices, parseQuery, buildRouter, compareEvents } = api;
  return timed(async () => {
    const t0 = performance.now();
    const specs = await ruleSet();
    const engines = specs.map((spec) => createEngine([spec], { now: FIXED_NOW }));
    const setupMs = performance.now() - t0;
    // Router inputs: rules that compiled; a query we cannot parse here is routed every line.
    const inputs: PrefilterRule[] = [];
    const inputRule: number[] = [];
    const always: number[] = [];
    engines.forEach((engine, i) => {
      const spec = specs[i];
      if (engine.ruleCount === 0 || spec?.query === undefined) return;
      try {
        inputs.push({ query: parseQuery(spec.query), ...(spec.eventCategoryOverride !== undefined ? { options: { categoryField: spec.eventCategoryOverride } } : {}) });
        inputRule.push(i);
      } catch {
        always.push(i);
      }
    });
    const sample: Buffer[] = [];
    forEachLine(file, (buf, start, end) => void sample.push(Buffer.from(buf.subarray(start, end))), SAMPLE_LINES);
    const t1 = performance.now();
    const router = buildRouter(inputs, { sample });
    const routerMs = performance.now() - t1;
    const parsed: { source: Record<string, unknown>; rules: number[] }[] = [];
    let routedPairs = 0;
    const events = forEachLine(file, (buf, start, end) => {
      const routed = router.route(buf, start, end);
      if (routed.length === 0 && always.length === 0) return;
      const rules = [...always];
      for (const r of routed) rules.push(inputRule[r] as number);
      routedPairs += rules.length;
      parsed.push({ source: JSON.parse(buf.toString("utf8", start, end)) as Record<string, unknown>, rules });
    });
    // Engines grouped by event ordering; each group's events are sorted once and pushed to their rules.
    const groups = new Map<string, number[]>();
    engines.forEach((engine, i) => {
      const o = engine.orderings[0];
      if (o === undefined) return;
      const key = `${o.timestampField}\u0000${o.tiebreakerField ?? ""}`;
      const list = groups.get(key);
      if (list === undefined) groups.set(key, [i]);
      else list.push(i);
    });
    for (const members of groups.values()) {
      const inGroup = new Set(members);
      const factory = (engines[members[0] as number] as (typeof engines)[number]).recordFactory(0);
      const items: { record: EventRecord; route: string; rules: number[] }[] = [];
      parsed.forEach((p, seq) => {
        const rules = p.rules.filter((r) => inGroup.has(r));
        if (rules.length === 0) return;
        const idx = eventIndices(p.source, undefined, "events");
        items.push({ record: factory(p.source, idx.alert, `e${seq}`, seq), route: idx.route, rules });
      });
      items.sort((a, b) => compareEvents(a.record, b.record));
      for (const item of items) for (const r of item.rules) engines[r]?.push(0, item.record, item.route);
    }
    let matches = 0;
    let documents = 0;
    for (const engine of engines) {
      const result = engine.finish();
      matches += result.summaries.reduce((n, x) => n + x.matches, 0);
      documents += result.alerts.length;
    }
    const share = events > 0 ? ((100 * parsed.length) / events).toFixed(1) : "0";
    const note =
      `${router.literalCount} literals; ${share}% of lines parsed; ${(routedPairs / Math.max(1, events)).toFixed(1)} rules per line; ` +
      `${engines.filter((e) => e.ruleCount > 0).length} rules; rules load+compile ${(setupMs / 1000).toFixed(2)} s, router build ${(routerMs / 1000).toFixed(2)} s`;
    return { events, alerts: matches, documents, note };
  });
}
