// # Kibana API-shaped rule object -> RuleSpec
//
// Kibana's rule API, its saved-object NDJSON export and the `[rule]` table of detection-rules TOML all use the
// same snake_case parameter names, so one mapper serves every format. It never throws: problems are returned
// with the key they concern, and the caller (which knows the file layout) turns keys into positions.

import {
  isRuleType,
  type ExceptionListRef,
  type JsonObject,
  type JsonValue,
  type Maturity,
  type RiskScoreMapping,
  type RuleSource,
  type RuleSpec,
  type Severity,
  type SeverityMapping,
  type SourcePosition,
  type Threat,
  type ThreatSubtechnique,
  type ThreatTechnique,
} from "./model.js";

export interface FieldProblem {
  /** "RULE3003" missing, "RULE3004" invalid, "RULE3005" unknown type. */
  readonly code: string;
  /** Path of the offending key: "risk_score", "threat[1].tactic.id". Its first segment is a top-level key. */
  readonly key: string;
  readonly message: string;
}

export interface FromApiContext {
  readonly source: RuleSource;
  /** Prebuilt rule (detection-rules TOML); API objects say so themselves with `immutable`. */
  readonly immutable?: boolean;
  readonly queryOrigin?: SourcePosition;
  /** detection-rules `[metadata]` table. */
  readonly metadata?: JsonObject;
}

export type FromApiResult = { readonly ok: true; readonly spec: RuleSpec } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

const SEVERITIES: readonly Severity[] = ["low", "medium", "high", "critical"];
const MATURITIES: readonly Maturity[] = ["production", "development", "experimental", "deprecated"];

/** Keys RuleSpec models explicitly; everything else that is not a common API field goes to `typeParams`. */
const COMMON_KEYS = new Set([
  "id", "rule_id", "name", "description", "type", "language", "version", "revision", "enabled", "immutable",
  "query", "index", "data_view_id", "from", "to", "interval", "max_signals", "timestamp_override",
  "timestamp_override_fallback_disabled", "timestamp_field", "event_category_override", "tiebreaker_field",
  "filters", "alert_suppression", "exceptions_list", "building_block_type", "severity", "risk_score",
  "severity_mapping", "risk_score_mapping", "rule_name_override", "timeline_id", "timeline_title", "tags",
  "threat", "author", "license", "references", "false_positives", "note", "setup", "investigation_fields",
  "meta", "actions", "output_index", "namespace", "created_at", "updated_at", "created_by", "updated_by",
  // API bookkeeping Sequent has no use for
  "rule_source", "related_integrations", "required_fields", "execution_summary", "throttle",
  "response_actions", "outcome", "alias_target_id", "alias_purpose", "note_updated", "last_failure_at",
  "last_success_at", "status", "status_date", "max_signals_capped",
]);

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

class Reader {
  readonly problems: FieldProblem[] = [];
  constructor(
    private readonly data: JsonObject,
    private readonly prefix: string,
  ) {}

  private path(key: string): string {
    return this.prefix === "" ? key : `${this.prefix}.${key}`;
  }
  has(key: string): boolean {
    return this.data[key] !== undefined && this.data[key] !== null;
  }
  raw(key: string): JsonValue | undefined {
    const v = this.data[key];
    return v === null ? undefined : v;
  }
  missing(key: string): void {
    this.problems.push({ code: "RULE3003", key: this.path(key), message: `missing required field "${this.path(key)}"` });
  }
  invalid(key: string, what: string): void {
    this.problems.push({ code: "RULE3004", key: this.path(key), message: `field "${this.path(key)}" ${what}` });
  }
  str(key: string): string | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== "string") {
      this.invalid(key, `must be a string, not ${describe(v)}`);
      return undefined;
    }
    return v;
  }
  reqStr(key: string): string {
    const v = this.str(key);
    if (v === undefined && !this.has(key)) this.missing(key);
    return v ?? "";
  }
  num(key: string, integer = false): number | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
      this.invalid(key, `must be ${integer ? "an integer" : "a number"}, not ${describe(v)}`);
      return undefined;
    }
    return v;
  }
  bool(key: string): boolean | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== "boolean") {
      this.invalid(key, `must be true or false, not ${describe(v)}`);
      return undefined;
    }
    return v;
  }
  /** A list of strings; a lone string is accepted as a one-element list (a known corpus quirk). */
  strList(key: string): string[] {
    const v = this.raw(key);
    if (v === undefined) return [];
    if (typeof v === "string") return [v];
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
      this.invalid(key, `must be a list of strings, not ${describe(v)}`);
      return [];
    }
    return v as string[];
  }
  objList(key: string): JsonObject[] {
    const v = this.raw(key);
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every(isJsonObject)) {
      this.invalid(key, `must be a list of tables/objects, not ${describe(v)}`);
      return [];
    }
    return v as JsonObject[];
  }
  obj(key: string): JsonObject | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (!isJsonObject(v)) {
      this.invalid(key, `must be a table/object, not ${describe(v)}`);
      return undefined;
    }
    return v;
  }
  list(key: string): JsonValue[] {
    const v = this.raw(key);
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      this.invalid(key, `must be a list, not ${describe(v)}`);
      return [];
    }
    return v as JsonValue[];
  }
  child(obj: JsonObject, key: string): Reader {
    const r = new Reader(obj, this.path(key));
    return r;
  }
  adopt(r: Reader): void {
    this.problems.push(...r.problems);
  }
}

function describe(v: JsonValue): string {
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  if (typeof v === "object") return "a table/object";
  return `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}

/** "2026/01/30" (detection-rules) or an ISO string -> ISO 8601; undefined when unparseable. */
export function normaliseDate(value: string): string | undefined {
  const m = /^(\d{4})[/-](\d{2})[/-](\d{2})$/.exec(value.trim());
  if (m) return `${m[1]}-${m[2]}-${m[3]}T00:00:00.000Z`;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function readThreat(r: Reader, list: JsonObject[]): Threat[] {
  return list.map((t, i) => {
    const tr = r.child(t, `threat[${i}]`);
    const tacticObj = tr.obj("tactic");
    let tactic = { id: "", name: "", reference: "" };
    if (tacticObj === undefined) tr.missing("tactic");
    else {
      const ar = tr.child(tacticObj, "tactic");
      tactic = { id: ar.reqStr("id"), name: ar.reqStr("name"), reference: ar.reqStr("reference") };
      tr.adopt(ar);
    }
    const technique: ThreatTechnique[] = tr.objList("technique").map((te, j) => {
      const er = tr.child(te, `technique[${j}]`);
      const subtechnique: ThreatSubtechnique[] = er.objList("subtechnique").map((st, k) => {
        const sr = er.child(st, `subtechnique[${k}]`);
        const s = { id: sr.reqStr("id"), name: sr.reqStr("name"), reference: sr.reqStr("reference") };
        er.adopt(sr);
        return s;
      });
      const out = { id: er.reqStr("id"), name: er.reqStr("name"), reference: er.reqStr("reference"), subtechnique };
      tr.adopt(er);
      return out;
    });
    const framework = tr.str("framework") ?? "MITRE ATT&CK";
    r.adopt(tr);
    return { framework, tactic, technique };
  });
}

function readSeverity(r: Reader, key: string, value: string | undefined): Severity {
  if (value === undefined) return "low";
  if ((SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  r.invalid(key, `must be one of low, medium, high, critical, not "${value}"`);
  return "low";
}

export function specFromApi(obj: JsonObject, ctx: FromApiContext): FromApiResult {
  const r = new Reader(obj, "");
  const meta = ctx.metadata !== undefined ? new Reader(ctx.metadata, "metadata") : undefined;

  const typeText = r.reqStr("type");
  let type: RuleSpec["type"] = "query";
  if (typeText !== "") {
    if (isRuleType(typeText)) type = typeText;
    else r.problems.push({ code: "RULE3005", key: "type", message: `unknown rule type "${typeText}"` });
  }
  const ruleId = r.reqStr("rule_id");
  const name = r.reqStr("name");
  const description = r.reqStr("description");
  const riskScore = r.num("risk_score");
  if (riskScore === undefined && !r.has("risk_score")) r.missing("risk_score");
  else if (riskScore !== undefined && (riskScore < 0 || riskScore > 100)) r.invalid("risk_score", "must be between 0 and 100");
  const severityText = r.reqStr("severity");
  const severity = readSeverity(r, "severity", severityText === "" ? undefined : severityText);

  let language = r.str("language");
  if (type === "eql") {
    if (language === undefined) language = "eql";
    else if (language !== "eql") r.invalid("language", `must be "eql" for an eql rule, not "${language}"`);
  }
  const query = r.str("query");
  if (query === undefined && (type === "eql" || type === "esql") && !r.has("query")) r.missing("query");

  const severityMapping: SeverityMapping[] = r.objList("severity_mapping").map((m, i) => {
    const mr = r.child(m, `severity_mapping[${i}]`);
    const out: SeverityMapping = {
      field: mr.reqStr("field"),
      operator: "equals",
      value: String(mr.raw("value") ?? ""),
      severity: readSeverity(mr, "severity", mr.reqStr("severity")),
    };
    r.adopt(mr);
    return out;
  });
  const riskScoreMapping: RiskScoreMapping[] = r.objList("risk_score_mapping").map((m, i) => {
    const mr = r.child(m, `risk_score_mapping[${i}]`);
    const rs = mr.num("risk_score");
    const out: RiskScoreMapping = {
      field: mr.reqStr("field"),
      operator: "equals",
      value: String(mr.raw("value") ?? ""),
      ...(rs !== undefined ? { riskScore: rs } : {}),
    };
    r.adopt(mr);
    return out;
  });
  const exceptionsList: ExceptionListRef[] = r.objList("exceptions_list").map((m, i) => {
    const mr = r.child(m, `exceptions_list[${i}]`);
    const ns = mr.str("namespace_type") ?? "single";
    if (ns !== "single" && ns !== "agnostic") mr.invalid("namespace_type", `must be "single" or "agnostic", not "${ns}"`);
    const out: ExceptionListRef = {
      id: mr.str("id") ?? "",
      listId: mr.reqStr("list_id"),
      namespaceType: ns === "agnostic" ? "agnostic" : "single",
      type: mr.str("type") ?? "detection",
    };
    r.adopt(mr);
    return out;
  });

  const threat = readThreat(r, r.objList("threat"));

  const investigation = r.raw("investigation_fields");
  let investigationFields: string[] | undefined;
  if (investigation !== undefined) {
    if (Array.isArray(investigation)) investigationFields = r.strList("investigation_fields");
    else if (isJsonObject(investigation)) {
      const ir = r.child(investigation, "investigation_fields");
      investigationFields = ir.strList("field_names");
      r.adopt(ir);
    } else r.invalid("investigation_fields", "must be a table with field_names");
  }

  // lifecycle: [metadata] (TOML) or API dates
  const maturityText = meta?.str("maturity");
  let maturity: Maturity | undefined;
  if (maturityText !== undefined) {
    if ((MATURITIES as readonly string[]).includes(maturityText)) maturity = maturityText as Maturity;
    else meta?.invalid("maturity", `must be one of ${MATURITIES.join(", ")}, not "${maturityText}"`);
  }
  const dateOf = (reader: Reader | undefined, key: string): string | undefined => {
    const v = reader?.str(key);
    if (v === undefined) return undefined;
    const d = normaliseDate(v);
    if (d === undefined) reader?.invalid(key, `is not a date: "${v}"`);
    return d;
  };
  const createdAt = dateOf(meta, "creation_date") ?? dateOf(r, "created_at");
  const updatedAt = dateOf(meta, "updated_date") ?? dateOf(r, "updated_at");
  const integrations = meta?.strList("integration") ?? [];
  const minStackVersion = meta?.str("min_stack_version");
  const deprecated = maturity === "deprecated" || meta?.has("deprecation_date") === true;

  const typeParams: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(obj)) if (!COMMON_KEYS.has(k) && v !== null) typeParams[k] = v;

  const maxSignals = r.num("max_signals", true);
  const version = r.num("version", true);
  const revision = r.num("revision", true);
  const alertSuppression = r.obj("alert_suppression");
  const metaObj = r.obj("meta");

  const problems = [...r.problems, ...(meta?.problems ?? [])];
  if (problems.length > 0) return { ok: false, problems };

  const opt = <K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } =>
    (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };

  const spec: RuleSpec = {
    ruleId,
    ...opt("id", r.str("id")),
    name,
    description,
    type,
    ...opt("language", language),
    version: version ?? 1,
    ...opt("revision", revision),
    enabled: r.bool("enabled") ?? true,
    immutable: r.bool("immutable") ?? ctx.immutable ?? false,
    ...opt("query", query),
    ...opt("queryOrigin", query !== undefined ? ctx.queryOrigin : undefined),
    index: r.strList("index"),
    ...opt("dataViewId", r.str("data_view_id")),
    from: r.str("from") ?? "now-6m",
    to: r.str("to") ?? "now",
    interval: r.str("interval") ?? "5m",
    maxSignals: maxSignals ?? 100,
    ...opt("timestampOverride", r.str("timestamp_override")),
    ...opt("timestampOverrideFallbackDisabled", r.bool("timestamp_override_fallback_disabled")),
    ...opt("timestampField", r.str("timestamp_field")),
    ...opt("eventCategoryOverride", r.str("event_category_override")),
    ...opt("tiebreakerField", r.str("tiebreaker_field")),
    filters: r.list("filters"),
    ...opt("alertSuppression", alertSuppression),
    exceptionsList,
    ...opt("buildingBlockType", r.str("building_block_type")),
    severity,
    riskScore: riskScore ?? 0,
    severityMapping,
    riskScoreMapping,
    ...opt("ruleNameOverride", r.str("rule_name_override")),
    ...opt("timelineId", r.str("timeline_id")),
    ...opt("timelineTitle", r.str("timeline_title")),
    tags: r.strList("tags"),
    threat,
    author: r.strList("author"),
    ...opt("license", r.str("license")),
    references: r.strList("references"),
    falsePositives: r.strList("false_positives"),
    ...opt("note", r.str("note")),
    ...opt("setup", r.str("setup")),
    ...opt("investigationFields", investigationFields),
    ...opt("meta", metaObj),
    actions: r.list("actions"),
    ...opt("outputIndex", r.str("output_index")),
    ...opt("namespace", r.str("namespace")),
    ...opt("maturity", maturity),
    deprecated,
    ...opt("createdAt", createdAt),
    ...opt("updatedAt", updatedAt),
    ...opt("createdBy", r.str("created_by")),
    ...opt("updatedBy", r.str("updated_by")),
    integrations,
    ...opt("minStackVersion", minStackVersion),
    typeParams,
    source: ctx.source,
  };
  return { ok: true, spec };
}
