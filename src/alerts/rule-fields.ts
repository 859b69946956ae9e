// # The rule's copy inside every alert: kibana.alert.rule.*
//
// Kibana copies the rule into each alert (build_alert.ts `buildAlertFields`), including its API parameters in
// snake_case under `kibana.alert.rule.parameters`, and adds the rule-type fields at write time
// (get_common_alert_fields.ts). These are the same for every alert of a run, so they are built once per rule.

import type { RiskScoreMapping, RuleSpec } from "../rules/model.js";
import { flattenWithPrefix, type Doc } from "./paths.js";

/** Kibana's parameters object for an EQL rule (commonParamsCamelToSnake + the EQL type-specific part). */
export function ruleParameters(rule: RuleSpec): Doc {
  const params: Doc = {
    description: rule.description,
    risk_score: rule.riskScore,
    severity: rule.severity,
    building_block_type: rule.buildingBlockType,
    note: rule.note,
    license: rule.license,
    timeline_id: rule.timelineId,
    timeline_title: rule.timelineTitle,
    meta: rule.meta,
    rule_name_override: rule.ruleNameOverride,
    timestamp_override: rule.timestampOverride,
    timestamp_override_fallback_disabled: rule.timestampOverrideFallbackDisabled,
    investigation_fields: rule.investigationFields === undefined ? undefined : { field_names: rule.investigationFields },
    author: rule.author,
    false_positives: rule.falsePositives,
    from: rule.from,
    rule_id: rule.ruleId,
    max_signals: rule.maxSignals,
    risk_score_mapping: rule.riskScoreMapping.map(riskScoreMappingEntry),
    severity_mapping: rule.severityMapping.map((m) => ({ field: m.field, operator: m.operator, value: m.value, severity: m.severity })),
    threat: rule.threat,
    to: rule.to,
    references: rule.references,
    namespace: rule.namespace,
    version: rule.version,
    exceptions_list: exceptionsList(rule),
    immutable: rule.immutable,
    // Prebuilt (Elastic) rules are "external" and, loaded as shipped, not customized.
    rule_source: rule.immutable ? { type: "external", is_customized: false } : { type: "internal" },
    related_integrations: [],
    required_fields: [],
    setup: rule.setup ?? "",
    type: rule.type,
    language: rule.language,
    index: rule.index,
    data_view_id: rule.dataViewId,
    query: rule.query,
    filters: rule.filters,
    event_category_override: rule.eventCategoryOverride,
    timestamp_field: rule.timestampField,
    tiebreaker_field: rule.tiebreakerField,
    alert_suppression: rule.alertSuppression,
  };
  for (const [key, value] of Object.entries(rule.typeParams)) if (!(key in params)) params[key] = value;
  return dropUndefined(params);
}

function riskScoreMappingEntry(m: RiskScoreMapping): Doc {
  return dropUndefined({ field: m.field, operator: m.operator, value: m.value, risk_score: m.riskScore });
}

function exceptionsList(rule: RuleSpec): Doc[] {
  return rule.exceptionsList.map((ref) => ({ id: ref.id, list_id: ref.listId, namespace_type: ref.namespaceType, type: ref.type }));
}

function dropUndefined(doc: Doc): Doc {
  for (const key of Object.keys(doc)) if (doc[key] === undefined) delete doc[key];
  return doc;
}

export interface RuleFieldsContext {
  readonly ruleUuid: string;
  /** Index patterns the rule searched (`indicesToQuery`). */
  readonly indices: readonly string[];
  readonly spaceId: string;
  /** Time the run started, ISO 8601: rule created/updated fallbacks, execution timestamp. */
  readonly now: string;
  readonly executionUuid: string;
  readonly kibanaVersion: string;
}

/**
 * The rule part of an alert: `kibana.alert.rule.*` plus the run-level fields Kibana adds when writing
 * (`kibana.space_ids`, status/workflow fields, `kibana.version`, start/last_detected). Shared by reference
 * between the alerts of a sequence, as Kibana shares the rule's arrays.
 */
export function ruleAlertFields(rule: RuleSpec, ctx: RuleFieldsContext): Doc {
  const fields: Doc = {
    "kibana.space_ids": [ctx.spaceId],
    "kibana.alert.rule.consumer": "siem",
    "kibana.alert.status": "active",
    "kibana.alert.workflow_status": "open",
    "kibana.alert.rule.parameters": ruleParameters(rule),
    "kibana.alert.rule.actions": [],
    "kibana.alert.rule.author": rule.author,
    "kibana.alert.rule.created_at": rule.createdAt ?? ctx.now,
    "kibana.alert.rule.created_by": rule.createdBy ?? "",
    "kibana.alert.rule.description": rule.description,
    "kibana.alert.rule.enabled": rule.enabled,
    "kibana.alert.rule.exceptions_list": exceptionsList(rule),
    "kibana.alert.rule.false_positives": rule.falsePositives,
    "kibana.alert.rule.from": rule.from,
    "kibana.alert.rule.immutable": rule.immutable,
    "kibana.alert.rule.interval": rule.interval,
    "kibana.alert.rule.indices": ctx.indices,
    "kibana.alert.rule.license": rule.license,
    "kibana.alert.rule.max_signals": rule.maxSignals,
    "kibana.alert.rule.namespace": rule.namespace,
    "kibana.alert.rule.note": rule.note,
    "kibana.alert.rule.references": rule.references,
    "kibana.alert.rule.risk_score_mapping": rule.riskScoreMapping.map(riskScoreMappingEntry),
    "kibana.alert.rule.rule_id": rule.ruleId,
    "kibana.alert.rule.rule_name_override": rule.ruleNameOverride,
    "kibana.alert.rule.severity_mapping": rule.severityMapping.map((m) => ({ field: m.field, operator: m.operator, value: m.value, severity: m.severity })),
    "kibana.alert.rule.tags": rule.tags,
    "kibana.alert.rule.threat": rule.threat,
    "kibana.alert.rule.timeline_id": rule.timelineId,
    "kibana.alert.rule.timeline_title": rule.timelineTitle,
    "kibana.alert.rule.timestamp_override": rule.timestampOverride,
    "kibana.alert.rule.to": rule.to,
    "kibana.alert.rule.type": rule.type,
    "kibana.alert.rule.updated_at": rule.updatedAt ?? rule.createdAt ?? ctx.now,
    "kibana.alert.rule.updated_by": rule.updatedBy ?? "",
    "kibana.alert.rule.uuid": ctx.ruleUuid,
    "kibana.alert.rule.version": rule.version,
    "kibana.alert.workflow_tags": [],
    "kibana.alert.workflow_assignee_ids": [],
    ...(rule.meta !== undefined ? flattenWithPrefix("kibana.alert.rule.meta", rule.meta) : {}),
    "kibana.alert.rule.risk_score": rule.riskScore,
    "kibana.alert.rule.severity": rule.severity,
    "kibana.alert.rule.building_block_type": rule.buildingBlockType,
    "kibana.alert.rule.execution.type": "scheduled",
    // Added by the rule registry when the alerts are written.
    "kibana.alert.rule.category": "Event Correlation Rule",
    "kibana.alert.rule.producer": "siem",
    "kibana.alert.rule.rule_type_id": "siem.eqlRule",
    "kibana.alert.rule.revision": rule.revision ?? 0,
    "kibana.alert.rule.execution.uuid": ctx.executionUuid,
    "kibana.alert.rule.execution.timestamp": ctx.now,
    "kibana.alert.start": ctx.now,
    "kibana.alert.last_detected": ctx.now,
    "kibana.version": ctx.kibanaVersion,
  };
  return dropUndefined(fields);
}
