// # Rule model
//
// RuleSpec is the one in-memory shape of a detection rule, whatever file it came from: an Elastic
// detection-rules TOML file, a Kibana saved-object NDJSON export, rule JSON in the Kibana API shape, a
// hunting query, or a rule built into Sequent. Names are camelCase versions of Kibana's snake_case API
// parameters (src/alerts/rule-fields.ts turns them back for `kibana.alert.rule.parameters`).
//
// Defaults are applied by the parsers, so every field that Kibana always has is always present here:
// from "now-6m", to "now", interval "5m", maxSignals 100, version 1, enabled true, empty arrays.

/** Any JSON value (rule parts Sequent carries through without interpreting: filters, meta, actions …). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** The rule types Kibana knows. Sequent runs `eql`; the others load and are counted, never errors. */
export type RuleType =
  | "eql"
  | "query"
  | "saved_query"
  | "threshold"
  | "new_terms"
  | "esql"
  | "machine_learning"
  | "threat_match";

export const RULE_TYPES: readonly RuleType[] = [
  "eql",
  "query",
  "saved_query",
  "threshold",
  "new_terms",
  "esql",
  "machine_learning",
  "threat_match",
];

export function isRuleType(value: string): value is RuleType {
  return (RULE_TYPES as readonly string[]).includes(value);
}

export type Severity = "low" | "medium" | "high" | "critical";

/** detection-rules `[metadata] maturity`. Kibana exports carry none (undefined). */
export type Maturity = "production" | "development" | "experimental" | "deprecated";

/** A file position, 1-based line and column (column counts UTF-16 code units, as renderDiagnostic does). */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Where the rule came from. `line` is the NDJSON/JSON line of the rule object (1-based) when known. */
export type RuleFormat = "toml" | "hunting-toml" | "kibana-ndjson" | "json" | "builtin";

export interface RuleSource {
  readonly file: string;
  readonly format: RuleFormat;
  readonly line?: number;
}

/** MITRE ATT&CK mapping, Kibana's `threat` shape. */
export interface ThreatTactic {
  readonly id: string;
  readonly name: string;
  readonly reference: string;
}

export interface ThreatSubtechnique {
  readonly id: string;
  readonly name: string;
  readonly reference: string;
}

export interface ThreatTechnique {
  readonly id: string;
  readonly name: string;
  readonly reference: string;
  readonly subtechnique: readonly ThreatSubtechnique[];
}

export interface Threat {
  readonly framework: string;
  readonly tactic: ThreatTactic;
  readonly technique: readonly ThreatTechnique[];
}

/** `severity_mapping` entry: if `field` equals `value`, the alert gets `severity` (highest match wins). */
export interface SeverityMapping {
  readonly field: string;
  readonly operator: "equals";
  readonly value: string;
  readonly severity: Severity;
}

/** `risk_score_mapping` entry: the alert's risk score is read from `field` (first entry only). */
export interface RiskScoreMapping {
  readonly field: string;
  readonly operator: "equals";
  readonly value: string;
  readonly riskScore?: number;
}

/** Reference from a rule to an exception list container (`exceptions_list` in the API). */
export interface ExceptionListRef {
  /** Saved-object id of the list container. */
  readonly id: string;
  readonly listId: string;
  readonly namespaceType: "single" | "agnostic";
  /** "detection", "rule_default", "endpoint", "endpoint_events", … */
  readonly type: string;
}

export interface RuleSpec {
  // ---- identity
  /** Stable rule id (`rule_id`; hunting queries: their `uuid`). */
  readonly ruleId: string;
  /** Kibana saved-object id (`id`), present in Kibana exports; becomes `kibana.alert.rule.uuid`. */
  readonly id?: string;
  readonly name: string;
  readonly description: string;
  readonly type: RuleType;
  /** "eql", "kuery", "lucene", "esql"; undefined for machine_learning. */
  readonly language?: string;
  readonly version: number;
  readonly revision?: number;
  readonly enabled: boolean;
  /** Prebuilt (Elastic) rule: true for detection-rules TOML and the built-in seed. */
  readonly immutable: boolean;

  // ---- query and execution
  /** Query text exactly as in the file (TOML `'''` literal strings keep backslashes verbatim). */
  readonly query?: string;
  /** File position of the query's first character, so query diagnostics point into the rule file. */
  readonly queryOrigin?: SourcePosition;
  /** Index patterns (`index`); empty when the rule uses a data view or sets none. */
  readonly index: readonly string[];
  readonly dataViewId?: string;
  /** Date math look-back start, default "now-6m". */
  readonly from: string;
  readonly to: string;
  /** Run schedule, default "5m". */
  readonly interval: string;
  readonly maxSignals: number;
  readonly timestampOverride?: string;
  readonly timestampOverrideFallbackDisabled?: boolean;
  /** EQL `timestamp_field` (default @timestamp). */
  readonly timestampField?: string;
  /** EQL `event_category_field` (default event.category). */
  readonly eventCategoryOverride?: string;
  readonly tiebreakerField?: string;
  /** Kibana filters (query DSL), ANDed into the search; carried as JSON. */
  readonly filters: readonly JsonValue[];
  readonly alertSuppression?: JsonObject;
  readonly exceptionsList: readonly ExceptionListRef[];

  // ---- alert content
  /** "default" for building-block rules (their alerts are hidden by default). */
  readonly buildingBlockType?: string;
  readonly severity: Severity;
  readonly riskScore: number;
  readonly severityMapping: readonly SeverityMapping[];
  readonly riskScoreMapping: readonly RiskScoreMapping[];
  readonly ruleNameOverride?: string;
  readonly timelineId?: string;
  readonly timelineTitle?: string;
  readonly tags: readonly string[];
  readonly threat: readonly Threat[];
  readonly author: readonly string[];
  readonly license?: string;
  readonly references: readonly string[];
  readonly falsePositives: readonly string[];
  readonly note?: string;
  readonly setup?: string;
  readonly investigationFields?: readonly string[];
  readonly meta?: JsonObject;
  readonly actions: readonly JsonValue[];
  readonly outputIndex?: string;
  readonly namespace?: string;

  // ---- lifecycle
  readonly maturity?: Maturity;
  readonly deprecated: boolean;
  /** ISO 8601 (`creation_date` "2026/01/30" becomes "2026-01-30T00:00:00.000Z"). */
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly createdBy?: string;
  readonly updatedBy?: string;
  /** detection-rules `[metadata] integration`. */
  readonly integrations: readonly string[];
  readonly minStackVersion?: string;

  /** Type-specific API parameters Sequent does not interpret (threshold, new_terms_fields, machine_learning_job_id,
   *  anomaly_threshold, threat_mapping, …), snake_case as in the API. */
  readonly typeParams: JsonObject;

  readonly source: RuleSource;
}
