// # Per-event overrides of severity, risk score and rule name
//
// For single-event EQL alerts Kibana lets the event choose the alert's severity (severity_mapping: the
// highest severity whose field/value matches), risk score (risk_score_mapping: the largest number in 0..100
// found in the first mapping's field) and rule name (rule_name_override: a string field). Sequences never
// apply them. Field values are read with lodash `get` on `_source`, as Kibana does.

import type { RiskScoreMapping, RuleSpec, Severity, SeverityMapping } from "../rules/model.js";
import { lodashGet } from "./paths.js";

export interface Overrides {
  readonly name: string;
  readonly severity: Severity;
  readonly riskScore: number;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

export function computeOverrides(rule: RuleSpec, source: Record<string, unknown>): Overrides {
  return {
    name: nameFromMapping(rule, source),
    severity: severityFromMapping(rule.severity, rule.severityMapping, source),
    riskScore: riskScoreFromMapping(rule.riskScore, rule.riskScoreMapping, source),
  };
}

function nameFromMapping(rule: RuleSpec, source: Record<string, unknown>): string {
  if (rule.ruleNameOverride === undefined || rule.ruleNameOverride === "") return rule.name;
  const value = lodashGet(source, rule.ruleNameOverride);
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" && first !== "" ? first : rule.name;
}

function severityFromMapping(base: Severity, mapping: readonly SeverityMapping[], source: Record<string, unknown>): Severity {
  let best: Severity | undefined;
  for (const entry of mapping) {
    if (!(entry.severity in SEVERITY_RANK)) continue;
    if (!mappingMatches(entry, source)) continue;
    if (best === undefined || SEVERITY_RANK[entry.severity] >= SEVERITY_RANK[best]) best = entry.severity;
  }
  return best ?? base;
}

function mappingMatches(entry: SeverityMapping, source: Record<string, unknown>): boolean {
  const value = lodashGet(source, entry.field);
  const values = Array.isArray(value) ? value : [value];
  if (entry.field === "event.severity") {
    const wanted = Number(entry.value);
    return values.some((v) => (typeof v === "number" || typeof v === "string") && v !== "" && Number(v) === wanted);
  }
  return values.some((v) => v !== null && v !== undefined && typeof v !== "object" && String(v) === entry.value);
}

function riskScoreFromMapping(base: number, mapping: readonly RiskScoreMapping[], source: Record<string, unknown>): number {
  const first = mapping[0];
  if (first === undefined || first.field === "") return base;
  const value = lodashGet(source, first.field);
  const values = Array.isArray(value) ? value : [value];
  let best: number | undefined;
  for (const v of values) {
    if (typeof v !== "number" && typeof v !== "string") continue;
    if (typeof v === "string" && v.trim() === "") continue;
    const n = Number(v);
    if (Number.isFinite(n) && n >= 0 && n <= 100 && (best === undefined || n > best)) best = n;
  }
  return best ?? base;
}
