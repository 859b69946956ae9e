// # Which loaded rules run (pure)
//
// In order: deprecated rules (in a `_deprecated` folder, or maturity "deprecated") and non-production rules
// (maturity development/experimental) are skipped unless asked for; hunting queries unless asked for; then
// rules of types Sequent does not run (everything but `eql`) are counted per type; then the user's filters.
// A skip is a count, never an error.

import { ruleFilter, type RuleFilterOptions } from "./filter.js";
import { RULE_TYPES, type RuleSpec, type RuleType } from "./model.js";

export interface SelectOptions extends RuleFilterOptions {
  readonly includeDeprecated?: boolean;
  readonly includeNonProduction?: boolean;
  readonly includeHunting?: boolean;
  /** Keep rules of every type (for validation and listing); default: only eql. */
  readonly allTypes?: boolean;
}

export interface SkipCounts {
  /** Rules of types Sequent does not run, per type ("query", "esql", …; "hunting:sql" for SQL hunts). */
  readonly byType: Record<string, number>;
  readonly deprecated: number;
  readonly nonProduction: number;
  readonly hunting: number;
  /** Removed by --rule-id / --tag / --os / --severity. */
  readonly filtered: number;
}

const DEPRECATED_DIR = /(^|[\\/])_deprecated([\\/]|$)/;

export function isDeprecated(rule: RuleSpec): boolean {
  return rule.deprecated || rule.maturity === "deprecated" || DEPRECATED_DIR.test(rule.source.file);
}

export function isNonProduction(rule: RuleSpec): boolean {
  return rule.maturity === "development" || rule.maturity === "experimental";
}

/**
 * The skip `selectRules` would count for a rule known only by its file, type and maturity (a TOML file skipped
 * unparsed), or null when the rule may run and must be parsed. Only decides for types other than eql and for
 * the maturities selectRules skips; user filters need the parsed rule.
 */
export function skipWithoutParsing(
  facts: { readonly file: string; readonly type: string; readonly maturity: string | undefined; readonly hasDeprecationDate: boolean },
  options: SelectOptions,
): { readonly kind: "deprecated" | "nonProduction" } | { readonly kind: "type"; readonly type: RuleType } | null {
  if (options.allTypes) return null;
  const known = (RULE_TYPES as readonly string[]).includes(facts.type) ? (facts.type as RuleType) : undefined;
  const maturityKnown = facts.maturity === undefined || MATURITIES.has(facts.maturity);
  // anything a full parse would report as invalid is left to it
  if (known === undefined || !maturityKnown) return null;
  if (!options.includeDeprecated && (facts.maturity === "deprecated" || facts.hasDeprecationDate || DEPRECATED_DIR.test(facts.file))) return { kind: "deprecated" };
  if (!options.includeNonProduction && (facts.maturity === "development" || facts.maturity === "experimental")) return { kind: "nonProduction" };
  if (known !== "eql") return { kind: "type", type: known };
  return null;
}

const MATURITIES = new Set(["production", "development", "experimental", "deprecated"]);

export function emptySkipCounts(): SkipCounts {
  return { byType: {}, deprecated: 0, nonProduction: 0, hunting: 0, filtered: 0 };
}

/** Count non-rule labels from parsing (e.g. "hunting:sql") as skipped types. */
export function countLabels(labels: readonly string[], into: Record<string, number>): void {
  for (const l of labels) if (l.startsWith("hunting:")) into[l] = (into[l] ?? 0) + 1;
}

export function selectRules(rules: readonly RuleSpec[], options: SelectOptions = {}): { rules: RuleSpec[]; skipped: SkipCounts } {
  const byType: Record<string, number> = {};
  let deprecated = 0;
  let nonProduction = 0;
  let hunting = 0;
  let filtered = 0;
  const keep = ruleFilter(options);
  const out: RuleSpec[] = [];
  for (const rule of rules) {
    if (!options.includeDeprecated && isDeprecated(rule)) deprecated++;
    else if (!options.includeNonProduction && isNonProduction(rule)) nonProduction++;
    else if (!options.includeHunting && rule.source.format === "hunting-toml") hunting++;
    else if (!options.allTypes && rule.type !== "eql") byType[rule.type] = (byType[rule.type] ?? 0) + 1;
    else if (!keep(rule)) filtered++;
    else out.push(rule);
  }
  return { rules: out, skipped: { byType, deprecated, nonProduction, hunting, filtered } };
}
