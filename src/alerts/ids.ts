// # Deterministic alert ids, computed as Kibana computes them
//
// Kibana de-duplicates alerts across overlapping rule runs by giving each alert an id that is a hash of what it
// was built from; re-running Sequent over the same events therefore yields the same ids, and an alert found
// twice is written once. The formulas follow Kibana's wrap_hits_factory (single events),
// generate_building_block_ids (sequence members) and build_alert's generateAlertId (sequence shells).

import { sha256Hex } from "./sha256.js";

/** What an id needs to know about a source event: its `_index` and `_id` (and `_version`, never set for EQL hits). */
export interface EventRef {
  readonly index: string;
  readonly id: string;
  readonly version?: number;
}

/** An entry of `kibana.alert.ancestors`. */
export interface Ancestor {
  readonly id: string;
  readonly type: "event" | "signal";
  readonly index: string;
  readonly depth: number;
  readonly rule?: string;
}

/**
 * Id of a single-event alert: sha256(_index + _id + _version + spaceId + ":" + ruleUuid). EQL hits carry no
 * `_version`, so Kibana's string concatenation contributes the text "undefined".
 */
export function singleEventAlertId(event: EventRef, spaceId: string, ruleUuid: string): string {
  const version = event.version === undefined ? "undefined" : String(event.version);
  return sha256Hex(`${event.index}${event.id}${version}${spaceId}:${ruleUuid}`);
}

/**
 * Ids of the building-block alerts of one sequence: a shared base (each event's _id + _index + rule uuid, in
 * sequence order) followed by the block's position. Missing-event slots must be removed before calling.
 */
export function buildingBlockIds(events: readonly EventRef[], ruleUuid: string): string[] {
  let base = "";
  for (const event of events) base += `${event.id}${event.index}${ruleUuid}`;
  return events.map((_, i) => sha256Hex(`${base}${i}`));
}

/** Id of an alert built from parents (the sequence shell): sha256(concat of ancestors' id + index, then rule uuid). */
export function ancestorsAlertId(ancestors: readonly Ancestor[], ruleUuid: string): string {
  let text = "";
  for (const ancestor of ancestors) text += `${ancestor.id}${ancestor.index}`;
  return sha256Hex(text + ruleUuid);
}

/**
 * A stable stand-in for a rule's Kibana saved-object id when the rule file has none (detection-rules TOML):
 * a UUID-shaped digest of the rule_id, so alert ids are stable across runs and machines.
 */
export function derivedRuleUuid(ruleId: string): string {
  const hex = sha256Hex(`sequent:rule:${ruleId}`);
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
