// # Kibana alerts-as-data documents
//
// Turns matcher output into the documents Kibana's security detection engine would write to
// `.alerts-security.alerts-<space>`: one alert per matched event, and for a sequence one shell alert plus one
// building-block alert per (non-missing) event, shell first. Mirrors wrap_hits_factory, transform_hit_to_alert,
// build_alert and build_alert_group_from_sequence. The clock is injected (`now`), so output is reproducible.

import type { EventRecord } from "../exec/event.js";
import type { SequenceMatch } from "../exec/results.js";
import type { RuleSpec } from "../rules/model.js";
import { dateParser } from "../event/timestamp.js";
import { ancestorsAlertId, buildingBlockIds, derivedRuleUuid, singleEventAlertId, type Ancestor } from "./ids.js";
import { intersectDocs } from "./intersect.js";
import { computeOverrides } from "./overrides.js";
import { fieldValues, isPlainObject, lodashGet, type Doc } from "./paths.js";
import { buildReason, reasonFieldsFromDoc, reasonFieldsFromEvent } from "./reason.js";
import { ruleAlertFields } from "./rule-fields.js";
import { alertSourceFromEvent } from "./source.js";

/** An alert as Elasticsearch stores it: `_id` is `kibana.alert.uuid`. */
export interface AlertDoc {
  readonly _id: string;
  readonly _index: string;
  readonly _source: Doc;
  /** `_source` as JSON text, when the alert was already serialized (alerts read back from a spill file). */
  readonly sourceJson?: string;
}

/**
 * The alert as a plain object, e.g. to post to another thread (structured cloning keeps only own data
 * properties, which an alert read back from a spill file does not have for `_source`).
 */
export function plainAlert(alert: AlertDoc): AlertDoc {
  return Object.getPrototypeOf(alert) === Object.prototype ? alert : { _id: alert._id, _index: alert._index, _source: alert._source };
}

/** The alert's `_source` as JSON text (serialized once). */
export function alertSourceJson(alert: AlertDoc): string {
  return alert.sourceJson ?? JSON.stringify(alert._source);
}

export interface AlertBuildOptions {
  /** Alert creation time, ISO 8601 (`@timestamp`, `kibana.alert.start`, …). Injected, never read from a clock. */
  readonly now: string;
  /** Kibana space; default "default". */
  readonly spaceId?: string;
  /** `kibana.alert.rule.uuid`; default the rule's saved-object id, else one derived from its rule_id. */
  readonly ruleUuid?: string;
  /** Index patterns the rule searched (`kibana.alert.rule.indices`); default the rule's `index`. */
  readonly indices?: readonly string[];
  /** `kibana.alert.rule.execution.uuid`; default derived from rule uuid and `now`. */
  readonly executionUuid?: string;
  /** `kibana.version`; default DEFAULT_KIBANA_VERSION. */
  readonly kibanaVersion?: string;
  /** Kibana's public base URL; when set, alerts get `kibana.alert.url`. */
  readonly publicBaseUrl?: string;
}

export const DEFAULT_KIBANA_VERSION = "8.19.0";

export interface AlertBuilder {
  readonly ruleUuid: string;
  /** The alert for one matched event; null when the event is an alert of this same rule (Kibana drops those). */
  eventAlert(event: EventRecord): AlertDoc | null;
  /** Shell then building blocks; empty when some event is an alert of this same rule. */
  sequenceAlerts(match: SequenceMatch): AlertDoc[];
}

const parseDate = dateParser();

export function ruleUuidOf(rule: RuleSpec): string {
  return rule.id !== undefined && rule.id !== "" ? rule.id : derivedRuleUuid(rule.ruleId);
}

export function createAlertBuilder(rule: RuleSpec, options: AlertBuildOptions): AlertBuilder {
  const spaceId = options.spaceId ?? "default";
  const ruleUuid = options.ruleUuid ?? ruleUuidOf(rule);
  const now = options.now;
  const alertIndex = `.alerts-security.alerts-${spaceId}`;
  const ruleFields = ruleAlertFields(rule, {
    ruleUuid,
    indices: options.indices ?? rule.index,
    spaceId,
    now,
    executionUuid: options.executionUuid ?? derivedRuleUuid(`${ruleUuid}@${now}`),
    kibanaVersion: options.kibanaVersion ?? DEFAULT_KIBANA_VERSION,
  });

  const url = (alertId: string): string | undefined => {
    if (options.publicBaseUrl === undefined) return undefined;
    const space = spaceId !== "default" ? `/s/${spaceId}` : "";
    return `${options.publicBaseUrl}${space}/app/security/alerts/redirect/${alertId}?index=${alertIndex}&timestamp=${now}`;
  };

  /** Kibana's buildAlertFields: the `kibana.alert.*` block of an alert built from `parents`. */
  const alertFields = (parents: readonly Parent[], reason: string, severity: string, riskScore: number, name: string, originalTime: string | undefined, uuid: string): Doc => {
    let depth = 0;
    const ancestors: Ancestor[] = [];
    for (const parent of parents) {
      depth = Math.max(depth, parent.self.depth);
      ancestors.push(...parent.ancestors, parent.self);
    }
    const block: Doc = {
      "@timestamp": now,
      "event.kind": "signal",
      "kibana.alert.original_time": originalTime,
      "kibana.alert.ancestors": ancestors,
      "kibana.alert.depth": depth + 1,
      "kibana.alert.reason": reason,
      "kibana.alert.building_block_type": rule.buildingBlockType,
      "kibana.alert.severity": severity,
      "kibana.alert.risk_score": riskScore,
      ...ruleFields,
      "kibana.alert.rule.name": name,
      "kibana.alert.url": url(uuid),
      "kibana.alert.uuid": uuid,
      "kibana.alert.intended_timestamp": now,
    };
    for (const key of Object.keys(block)) if (block[key] === undefined) delete block[key];
    return block;
  };

  /** transformHitToAlert: cleaned event source merged with its alert block. */
  const transformEvent = (event: EventRecord, parent: Parent, applyOverrides: boolean, uuid: string): Doc => {
    const o = applyOverrides ? computeOverrides(rule, event.source) : { name: rule.name, severity: rule.severity, riskScore: rule.riskScore };
    const reason = buildReason(reasonFieldsFromEvent(event.source), o.severity, o.name);
    const doc = alertSourceFromEvent(event.source);
    return Object.assign(doc, alertFields([parent], reason, o.severity, o.riskScore, o.name, originalTime(event.source), uuid));
  };

  return {
    ruleUuid,
    eventAlert(event) {
      const parent = parentOfEvent(event);
      if (parent.ancestors.some((a) => a.rule === ruleUuid) || parent.self.rule === ruleUuid) return null;
      const id = singleEventAlertId(event, spaceId, ruleUuid);
      return { _id: id, _index: alertIndex, _source: transformEvent(event, parent, true, id) };
    },
    sequenceAlerts(match) {
      const events = match.events.filter((e): e is EventRecord => e !== null);
      if (events.length === 0) return [];
      const parents = events.map(parentOfEvent);
      if (parents.some((p) => p.self.rule === ruleUuid || p.ancestors.some((a) => a.rule === ruleUuid))) return [];
      const ids = buildingBlockIds(events, ruleUuid);
      const blocks = events.map((event, i) => transformEvent(event, parents[i]!, false, ids[i]!));

      const blockParents: Parent[] = blocks.map((block, i) => ({
        ancestors: block["kibana.alert.ancestors"] as Ancestor[],
        self: { id: ids[i]!, type: "signal", index: "", depth: block["kibana.alert.depth"] as number, rule: ruleUuid },
      }));
      const merged = intersectDocs(blocks) ?? {};
      const reason = buildReason(reasonFieldsFromDoc(merged), rule.severity, rule.name);
      const shellAncestors = blockParents.flatMap((p) => [...p.ancestors, p.self]);
      const shellId = ancestorsAlertId(shellAncestors, ruleUuid);
      const shellFields = alertFields(blockParents, reason, rule.severity, rule.riskScore, rule.name, blocks[0]!["@timestamp"] as string, shellId);
      const shell: Doc = { ...merged, ...shellFields, "kibana.alert.uuid": shellId, "kibana.alert.group.id": shellId };
      if (rule.buildingBlockType === undefined) delete shell["kibana.alert.building_block_type"];

      const out: AlertDoc[] = [{ _id: shellId, _index: alertIndex, _source: shell }];
      blocks.forEach((block, i) => {
        block["kibana.alert.building_block_type"] = "default";
        block["kibana.alert.group.id"] = shellId;
        block["kibana.alert.group.index"] = i;
        out.push({ _id: ids[i]!, _index: alertIndex, _source: block });
      });
      return out;
    },
  };
}

interface Parent {
  /** The parent's own ancestors (empty for a plain event). */
  readonly ancestors: readonly Ancestor[];
  /** The parent itself as an ancestor entry. */
  readonly self: Ancestor;
}

/** Kibana's buildParent/buildAncestors: an event is type "event" at depth 0; an alert document is a "signal". */
function parentOfEvent(event: EventRecord): Parent {
  const source = event.source;
  const alertUuid = lodashGet(source, "kibana.alert.uuid");
  if (alertUuid === undefined || alertUuid === null) {
    return { ancestors: [], self: { id: event.id, type: "event", index: event.index, depth: 0 } };
  }
  const depth = lodashGet(source, "kibana.alert.depth");
  const rule = lodashGet(source, "kibana.alert.rule.uuid");
  const existing = lodashGet(source, "kibana.alert.ancestors");
  const ancestors = Array.isArray(existing) ? existing.filter(isAncestor) : [];
  return {
    ancestors,
    self: {
      id: event.id,
      type: "signal",
      index: event.index,
      depth: typeof depth === "number" ? depth : 1,
      ...(typeof rule === "string" ? { rule } : {}),
    },
  };
}

function isAncestor(value: unknown): value is Ancestor {
  return isPlainObject(value) && typeof value["id"] === "string" && typeof value["index"] === "string";
}

/** `kibana.alert.original_time`: the event's `@timestamp` (never the override field), millisecond ISO. */
function originalTime(source: Doc): string | undefined {
  const value = fieldValues(source, "@timestamp")[0];
  const parsed = parseDate(value);
  return parsed === null ? undefined : new Date(parsed.ms).toISOString();
}
