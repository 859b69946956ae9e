// # `npm run bench [-- --events N --runs K --json --scenarios a,b --seed S --rules DIR]`
//
// Generates (once, cached in the temp dir) a deterministic Elastic Defend NDJSON file, then runs every
// scenario K times, each run in its own child process (so peak RSS is the scenario's own), scenarios
// interleaved round by round so the ratios compare runs from the same time window on a noisy machine.
// Reports per scenario: median events/s, ratio to the JSON.parse ceiling (scenario 2) of the same
// session, median wall time, peak RSS (max over runs), alerts (matches) and alert documents.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cachedEvents, type GenerateManifest } from "./generate.js";
import { formatJson, formatMarkdown, summarize, type ScenarioSummary } from "./report.js";
import { SCENARIOS, runScenario, type ScenarioName, type ScenarioResult } from "./scenarios.js";

interface BenchArgs {
  readonly events: number;
  readonly runs: number;
  readonly seed: number;
  readonly json: boolean;
  readonly scenarios: readonly ScenarioName[];
  readonly rulesDir: string | null;
  /** Events for the all-rules scenarios (they are far slower); default min(events, 100,000). */
  readonly rulesEvents: number;
}

/** ../shared/corpus/detection-rules/rules next to the repository root, when present. */
export function defaultRulesDir(): string | null {
  // dist*/bench/run.js → repository root is two levels up.
  const candidate = fileURLToPath(new URL("../../../shared/corpus/detection-rules/rules", import.meta.url));
  return existsSync(candidate) ? candidate : null;
}

function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let events = 200_000;
  let runs = 3;
  let seed = 42;
  let json = false;
  let scenarios: ScenarioName[] = [...SCENARIOS];
  let rulesDir: string | null | undefined;
  let rulesEvents: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    const num = (name: string): number => {
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 1) throw new Error(`${name} expects a positive integer`);
      i++;
      return n;
    };
    if (a === "--events") events = num(a);
    else if (a === "--runs") runs = num(a);
    else if (a === "--rules-events") rulesEvents = num(a);
    else if (a === "--seed") seed = num(a);
    else if (a === "--json") json = true;
    else if (a === "--rules" && v !== undefined) (rulesDir = v), i++;
    else if (a === "--scenarios" && v !== undefined) {
      const names = v.split(",").map((s) => s.trim());
      for (const n of names) if (!(SCENARIOS as readonly string[]).includes(n)) throw new Error(`unknown scenario ${n} (known: ${SCENARIOS.join(", ")})`);
      scenarios = names as ScenarioName[];
      i++;
    } else throw new Error(`unknown argument ${a ?? ""}\nusage: run.js [--events N] [--runs K] [--seed S] [--json] [--scenarios ${SCENARIOS.join(",")}] [--rules DIR] [--rules-events N]`);
  }
  return {
    events,
    runs,
    seed,
    json,
    scenarios,
    rulesDir: rulesDir === undefined ? defaultRulesDir() : rulesDir,
    rulesEvents: rulesEvents ?? Math.min(events, 100_000),
  };
}

function usesAllRules(name: ScenarioName): boolean {
  return name === "rules-cli" || name === "rules-cli-pair" || name === "rules-cli-workers2" || name === "rules-prefilter" || name === "rules-router";
}

function runChild(name: ScenarioName, file: string, rulesDir: string | null): ScenarioResult {
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [script, "--child", name, "--file", file, ...(rulesDir !== null ? ["--rules", rulesDir] : [])], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const lines = (child.stdout ?? "").trim().split("\n");
  const last = lines[lines.length - 1] ?? "";
  try {
    return JSON.parse(last) as ScenarioResult;
  } catch {
    const err = (child.stderr ?? "").trim().split("\n").slice(-3).join(" | ");
    return { status: "unavailable", reason: `child failed (exit ${String(child.status)}): ${err}` };
  }
}

async function childMain(argv: readonly string[]): Promise<void> {
  const name = argv[argv.indexOf("--child") + 1] as ScenarioName;
  const file = argv[argv.indexOf("--file") + 1] ?? "";
  const r = argv.indexOf("--rules");
  const rulesDir = r === -1 ? null : (argv[r + 1] ?? null);
  let result: ScenarioResult;
  try {
    result = await runScenario(name, { file, rulesDir });
  } catch (error) {
    result = { status: "unavailable", reason: `failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function benchMain(argv: readonly string[]): Promise<void> {
  const args = parseBenchArgs(argv);
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const t0 = performance.now();
  const load0 = loadavg()[0] ?? 0;
  const { file, manifest } = cachedEvents({ events: args.events, seed: args.seed });
  log(`data: ${file} (${manifest.events} events, ${(manifest.bytes / 1e6).toFixed(1)} MB, ${manifest.seedRuleSequences} planted seed-rule sequences) ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const needsRules = args.scenarios.some(usesAllRules) && args.rulesDir !== null;
  const rulesData = needsRules && args.rulesEvents !== args.events ? cachedEvents({ events: args.rulesEvents, seed: args.seed }) : { file, manifest };
  if (needsRules && rulesData.file !== file) log(`all-rules scenarios: ${rulesData.file} (${rulesData.manifest.events} events)`);
  const results = new Map<ScenarioName, ScenarioResult[]>(args.scenarios.map((s) => [s, []]));
  const unavailable = new Set<ScenarioName>();
  for (let round = 0; round < args.runs; round++) {
    for (const name of args.scenarios) {
      if (unavailable.has(name)) continue;
      const r = runChild(name, usesAllRules(name) ? rulesData.file : file, args.rulesDir);
      results.get(name)?.push(r);
      if (r.status === "unavailable") unavailable.add(name);
      log(`round ${round + 1}/${args.runs} ${name}: ${r.status === "ok" ? `${r.seconds.toFixed(2)} s, ${Math.round(r.events / r.seconds)} events/s, ${r.maxRssMB.toFixed(0)} MB${r.note !== undefined ? `, ${r.note}` : ""}` : r.reason}`);
    }
  }
  const summaries: ScenarioSummary[] = summarize(args.scenarios, results);
  const meta = { manifest, rulesManifest: rulesData.manifest, runs: args.runs, node: process.version, rulesDir: args.rulesDir, command: `node ${process.argv.slice(1).join(" ")}`, loadAverage: [load0, loadavg()[0] ?? 0] as const, cores: availableParallelism() };
  process.stdout.write(args.json ? formatJson(summaries, meta) : formatMarkdown(summaries, meta));
}

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(entry).href;
}

if (isMain()) {
  const argv = process.argv.slice(2);
  const job = argv.includes("--child") ? childMain(argv) : benchMain(argv);
  job.catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

export type { GenerateManifest };
