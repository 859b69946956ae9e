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
  readonly note?: string;
}

export interface ReportMeta {
  readonly manifest: GenerateManifest;
  /** Data of the all-rules scenarios (may be smaller). */
  readonly rulesManifest: GenerateManifest;
  readonly runs: number;
  readonly node: string;
  readonly rulesDir: string | null;
  readonly command: string;
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
      ...(last?.note !== undefined ? { note: last.note } : {}),
    });
  }
  const parse = out.find((s) => s.name === "parse" && s.status === "ok");
  return out.map((s) =>
    parse?.eventsPerSecond !== undefined && s.eventsPerSecond !== undefined ? { ...s, ratioToParse: s.eventsPerSecond / parse.eventsPerSecond } : s,
  );
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
    lines.push(`All-rules scenarios (4, 5, 4p, 4r) read the first-${int(meta.rulesManifest.events)}-event file of the same generator and seed (${meta.rulesManifest.seedRuleSequences} planted sequences).`);
  }
  lines.push("");
  lines.push("| scenario | events | events/s | × parse | median s | peak RSS MB | alerts | alert docs | notes |");
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const s of summaries) {
    if (s.status !== "ok") {
      lines.push(`| ${s.title} | – | – | – | – | – | – | – | not available yet: ${s.reason ?? ""} |`);
      continue;
    }
    lines.push(
      `| ${s.title} | ${int(s.events ?? 0)} | ${int(s.eventsPerSecond ?? 0)} | ${s.ratioToParse !== undefined ? s.ratioToParse.toFixed(2) : "–"} | ${(s.medianSeconds ?? 0).toFixed(2)} | ${int(s.peakRssMB ?? 0)} | ` +
        `${s.alerts === null || s.alerts === undefined ? "–" : int(s.alerts)} | ${s.documents === null || s.documents === undefined ? "–" : int(s.documents)} | ${s.note ?? ""} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}

export function formatJson(summaries: readonly ScenarioSummary[], meta: ReportMeta): string {
  return `${JSON.stringify({ ...meta, scenarios: summaries }, null, 2)}\n`;
}
