// Benchmark summaries: medians, ratios to the JSON.parse ceiling, a Markdown table and JSON.

import type { GenerateManifest } from "./generate.js";
import { SCENARIO_TITLES, type ScenarioName, type ScenarioResult } from "./scenarios.js";

export interface ScenarioSummary {
  readonly name: ScenarioName;
  readonly title: string;
  readonly status: "ok" | "unavailable";
  readonly reason?: string;
  readonly runs: number;
  readonly events?: number;
  readonly medianSeconds?: number;
  readonly eventsPerSecond?: number;
  /** Events/s relative to scenario "parse" of the same session. */
  readonly ratioToParse?: number;
  readonly peakRssMB?: number;
  readonly alerts?: number | null;
  readonly documents?: number | null;
  /** Median CPU seconds (all threads) per run, and CPU / wall: the cores kept busy on average. */
  readonly medianCpuSeconds?: number;
  readonly coresBusy?: number;
  /** CLI scenarios: median seconds until the rules were ready, and events/s over the rest of the run. */
  readonly medianStartupSeconds?: number;
  readonly eventsPerSecondAfterStartup?: number;
  /** eventsPerSecondAfterStartup relative to scenario "parse" of the same session. */
  readonly ratioAfterStartup?: number;
  /** Alert output digest of the last run, and whether every run gave the same output. */
  readonly digest?: string;
  readonly stableOutput?: boolean;
  readonly note?: string;
}

/** Scenario 5 against scenario 4 of the same session. */
export interface WorkersComparison {
  /** events/s of 5 over events/s of 4 (issue target: ≥ 1.7). */
  readonly speedup: number;
  /** The same over the time after start-up (rules loaded and compiled). */
  readonly speedupAfterStartup?: number;
  /** Events/s of two independent copies of 4 at once over 4's (scenario 4x): the most any 2-way split can reach here. */
  readonly ceiling?: number;
  /** Both produced byte-identical alert output (by digest); null when a digest is missing. */
  readonly identicalAlerts: boolean | null;
}

export interface ReportMeta {
  readonly manifest: GenerateManifest;
  /** Data of the all-rules scenarios (may be smaller). */
  readonly rulesManifest: GenerateManifest;
  readonly runs: number;
  readonly node: string;
  readonly rulesDir: string | null;
  readonly command: string;
  /** 1-minute load average at the start and end of the session (the machine may be shared). */
  readonly loadAverage?: readonly [number, number];
  readonly cores?: number;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function summarize(order: readonly ScenarioName[], results: ReadonlyMap<ScenarioName, readonly ScenarioResult[]>): ScenarioSummary[] {
  const out: ScenarioSummary[] = [];
  for (const name of order) {
    const rs = results.get(name) ?? [];
    const ok = rs.flatMap((r) => (r.status === "ok" ? [r] : []));
    const bad = rs.find((r) => r.status === "unavailable");
    if (ok.length === 0) {
      out.push({ name, title: SCENARIO_TITLES[name], status: "unavailable", reason: bad?.status === "unavailable" ? bad.reason : "not run", runs: 0 });
      continue;
    }
    const seconds = median(ok.map((r) => r.seconds));
    const cpu = ok.every((r) => r.cpuSeconds !== undefined) ? median(ok.map((r) => r.cpuSeconds ?? 0)) : undefined;
    const digests = new Set(ok.map((r) => r.digest));
    const startup = ok.every((r) => r.startupSeconds !== undefined) ? median(ok.map((r) => r.startupSeconds ?? 0)) : undefined;
    // events over the time after start-up, run by run (a run's start-up belongs to that run)
    const afterStartup = startup !== undefined ? median(ok.map((r) => r.events / Math.max(1e-9, r.seconds - (r.startupSeconds ?? 0)))) : undefined;
    const events = ok[0]?.events ?? 0;
    const last = ok[ok.length - 1];
    out.push({
      name,
      title: SCENARIO_TITLES[name],
      status: "ok",
      runs: ok.length,
      events,
      medianSeconds: seconds,
      eventsPerSecond: median(ok.map((r) => r.events / r.seconds)),
      peakRssMB: Math.max(...ok.map((r) => r.maxRssMB)),
      alerts: last?.alerts ?? null,
      documents: last?.documents ?? null,
      ...(cpu !== undefined ? { medianCpuSeconds: cpu, coresBusy: cpu / seconds } : {}),
      ...(startup !== undefined && afterStartup !== undefined ? { medianStartupSeconds: startup, eventsPerSecondAfterStartup: afterStartup } : {}),
      ...(last?.digest !== undefined ? { digest: last.digest, stableOutput: digests.size === 1 } : {}),
      ...(last?.note !== undefined ? { note: last.note } : {}),
    });
  }
  const parse = out.find((s) => s.name === "parse" && s.status === "ok");
  return out.map((s) => {
    if (parse?.eventsPerSecond === undefined || s.eventsPerSecond === undefined) return s;
    return {
      ...s,
      ratioToParse: s.eventsPerSecond / parse.eventsPerSecond,
      ...(s.eventsPerSecondAfterStartup !== undefined ? { ratioAfterStartup: s.eventsPerSecondAfterStartup / parse.eventsPerSecond } : {}),
    };
  });
}

export function compareWorkers(summaries: readonly ScenarioSummary[]): WorkersComparison | undefined {
  const one = summaries.find((s) => s.name === "rules-cli" && s.status === "ok");
  const two = summaries.find((s) => s.name === "rules-cli-workers2" && s.status === "ok");
  if (one?.eventsPerSecond === undefined || two?.eventsPerSecond === undefined) return undefined;
  const identical = one.digest !== undefined && two.digest !== undefined ? one.digest === two.digest && one.stableOutput === true && two.stableOutput === true : null;
  const after = one.eventsPerSecondAfterStartup !== undefined && two.eventsPerSecondAfterStartup !== undefined ? { speedupAfterStartup: two.eventsPerSecondAfterStartup / one.eventsPerSecondAfterStartup } : {};
  const pair = summaries.find((s) => s.name === "rules-cli-pair" && s.status === "ok");
  const ceiling = pair?.eventsPerSecond !== undefined ? { ceiling: pair.eventsPerSecond / one.eventsPerSecond } : {};
  return { speedup: two.eventsPerSecond / one.eventsPerSecond, ...after, ...ceiling, identicalAlerts: identical };
}

function int(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function formatMarkdown(summaries: readonly ScenarioSummary[], meta: ReportMeta): string {
  const m = meta.manifest;
  const lines: string[] = [];
  lines.push(
    `Data: ${int(m.events)} generated Elastic Defend events (seed ${m.seed}), ${(m.bytes / 1e6).toFixed(1)} MB, ${int(m.bytes / Math.max(1, m.events))} B/line; ` +
      `${m.seedRuleSequences} planted seed-rule sequences, ${Object.values(m.nearMisses).reduce((a, b) => a + b, 0)} near misses. ` +
      `Node ${meta.node}; median of ${meta.runs} runs, each in its own process.`,
  );
  lines.push("");
  if (meta.rulesManifest.events !== m.events) {
    lines.push(`All-rules scenarios (4, 4x, 5, 4p, 4r) read the first-${int(meta.rulesManifest.events)}-event file of the same generator and seed (${meta.rulesManifest.seedRuleSequences} planted sequences).`);
  }
  lines.push("");
  if (meta.loadAverage !== undefined) lines.push(`Load average (1 min) at start / end: ${meta.loadAverage[0].toFixed(2)} / ${meta.loadAverage[1].toFixed(2)} on ${meta.cores ?? "?"} cores.`, "");
  lines.push("| scenario | events | events/s | × parse | median s | start-up s | events/s after start-up | × parse after start-up | CPU s | cores busy | peak RSS MB | alerts | alert docs | notes |");
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const s of summaries) {
    if (s.status !== "ok") {
      lines.push(`| ${s.title} | – | – | – | – | – | – | – | – | – | – | – | – | not available yet: ${s.reason ?? ""} |`);
      continue;
    }
    const startup = s.medianStartupSeconds !== undefined ? s.medianStartupSeconds.toFixed(2) : "–";
    const after = s.eventsPerSecondAfterStartup !== undefined ? int(s.eventsPerSecondAfterStartup) : "–";
    const afterRatio = s.ratioAfterStartup !== undefined ? s.ratioAfterStartup.toFixed(2) : "–";
    lines.push(
      `| ${s.title} | ${int(s.events ?? 0)} | ${int(s.eventsPerSecond ?? 0)} | ${s.ratioToParse !== undefined ? s.ratioToParse.toFixed(2) : "–"} | ${(s.medianSeconds ?? 0).toFixed(2)} | ${startup} | ${after} | ${afterRatio} | ${s.medianCpuSeconds !== undefined ? s.medianCpuSeconds.toFixed(2) : "–"} | ${s.coresBusy !== undefined ? s.coresBusy.toFixed(2) : "–"} | ${int(s.peakRssMB ?? 0)} | ` +
        `${s.alerts === null || s.alerts === undefined ? "–" : int(s.alerts)} | ${s.documents === null || s.documents === undefined ? "–" : int(s.documents)} | ${s.note ?? ""} |`,
    );
  }
  const w = compareWorkers(summaries);
  if (w !== undefined) {
    const same = w.identicalAlerts === null ? "not checked (no digest)" : w.identicalAlerts ? "byte-identical alert output" : "ALERT OUTPUT DIFFERS";
    const after = w.speedupAfterStartup !== undefined ? `, ${w.speedupAfterStartup.toFixed(2)}× after start-up` : "";
    const ceiling = w.ceiling !== undefined ? ` Two independent copies of 4 at once (4x) reach ${w.ceiling.toFixed(2)}× one copy: the ceiling for any two-way split of this work on this machine.` : "";
    lines.push("", `Scenario 5 vs 4: ${w.speedup.toFixed(2)}× the one-worker events/s${after} (target ≥ 1.7×); ${same}.${ceiling}`);
  }
  lines.push("");
  return lines.join("\n");
}

export function formatJson(summaries: readonly ScenarioSummary[], meta: ReportMeta): string {
  const workers = compareWorkers(summaries);
  return `${JSON.stringify({ ...meta, scenarios: summaries, ...(workers !== undefined ? { workers } : {}) }, null, 2)}\n`;
}
