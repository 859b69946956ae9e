// # Selecting rules: --rule-id, --tag, --os, --severity
//
// Each option is a list; a rule passes an option when it matches any value in it, and must pass every option
// given. Tags compare case-insensitively and in full ("Tactic: Execution"; a value without ":" also matches
// the part after "Domain: ", "OS: " … so `--tag macOS` works). `--os` reads the rule's operating systems from
// its "OS: …" tags and from `host.os.type` comparisons in its query; a rule that names no OS at all (cloud and
// integration rules) does not pass an `--os` filter. Severity compares the base severity, or `<sev>+` for that
// severity and above.

import type { RuleSpec, Severity } from "./model.js";

export interface RuleFilterOptions {
  readonly ruleIds?: readonly string[];
  readonly tags?: readonly string[];
  readonly os?: readonly string[];
  readonly severities?: readonly string[];
}

export type OsName = "windows" | "linux" | "macos";

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** Canonical OS name for user or rule text ("Windows", "macOS", "darwin", "mac" …), or undefined. */
export function normaliseOs(text: string): OsName | undefined {
  const t = text.trim().toLowerCase();
  if (t === "windows" || t === "win") return "windows";
  if (t === "linux") return "linux";
  if (t === "macos" || t === "mac" || t === "darwin" || t === "osx") return "macos";
  return undefined;
}

const HOST_OS_TYPE = /host\.os\.type\s*(?:==|:|in~?|like~?)\s*(\([^)]*\)|"[^"]*")/g;

/** Operating systems a rule targets, from its tags and its query. */
export function ruleOperatingSystems(rule: RuleSpec): Set<OsName> {
  const out = new Set<OsName>();
  for (const tag of rule.tags) {
    const m = /^OS:\s*(.+)$/i.exec(tag);
    const os = m ? normaliseOs(m[1]!) : undefined;
    if (os !== undefined) out.add(os);
  }
  if (rule.query !== undefined) {
    for (const m of rule.query.matchAll(HOST_OS_TYPE)) {
      for (const q of m[1]!.matchAll(/"([^"]*)"/g)) {
        const os = normaliseOs(q[1]!);
        if (os !== undefined) out.add(os);
      }
    }
  }
  return out;
}

function tagMatches(tags: readonly string[], wanted: string): boolean {
  const w = wanted.trim().toLowerCase();
  return tags.some((t) => {
    const tl = t.toLowerCase();
    if (tl === w) return true;
    if (w.includes(":")) return false;
    const colon = tl.indexOf(":");
    return colon >= 0 && tl.slice(colon + 1).trim() === w;
  });
}

function severityMatches(rule: RuleSpec, wanted: string): boolean {
  const w = wanted.trim().toLowerCase();
  const atLeast = w.endsWith("+");
  const name = (atLeast ? w.slice(0, -1) : w) as Severity;
  const rank = SEVERITY_RANK[name];
  if (rank === undefined) return false;
  return atLeast ? SEVERITY_RANK[rule.severity] >= rank : rule.severity === name;
}

/** Problems with the filter values themselves (unknown OS or severity names), as messages. */
export function checkFilterOptions(options: RuleFilterOptions): string[] {
  const problems: string[] = [];
  for (const os of options.os ?? []) if (normaliseOs(os) === undefined) problems.push(`unknown OS "${os}" (use windows, linux or macos)`);
  for (const s of options.severities ?? []) {
    const name = s.trim().toLowerCase().replace(/\+$/, "");
    if (!(name in SEVERITY_RANK)) problems.push(`unknown severity "${s}" (use low, medium, high, critical, optionally with "+")`);
  }
  return problems;
}

export function hasFilters(options: RuleFilterOptions): boolean {
  return [options.ruleIds, options.tags, options.os, options.severities].some((l) => l !== undefined && l.length > 0);
}

/** Build a predicate for the given filter options (no options: every rule passes). */
export function ruleFilter(options: RuleFilterOptions): (rule: RuleSpec) => boolean {
  const ids = options.ruleIds !== undefined && options.ruleIds.length > 0 ? new Set(options.ruleIds) : undefined;
  const tags = options.tags ?? [];
  const oses = (options.os ?? []).map(normaliseOs).filter((o): o is OsName => o !== undefined);
  const osGiven = (options.os ?? []).length > 0;
  const sevs = options.severities ?? [];
  return (rule) => {
    if (ids !== undefined && !ids.has(rule.ruleId)) return false;
    if (tags.length > 0 && !tags.some((t) => tagMatches(rule.tags, t))) return false;
    if (osGiven) {
      const ruleOs = ruleOperatingSystems(rule);
      if (!oses.some((o) => ruleOs.has(o))) return false;
    }
    if (sevs.length > 0 && !sevs.some((s) => severityMatches(rule, s))) return false;
    return true;
  };
}
