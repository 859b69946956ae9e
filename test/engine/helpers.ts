// Test helpers: read fixture NDJSON (search hits or plain events) and run rules through the Engine.

import { readFileSync } from "node:fs";
import type { AlertDoc } from "../../src/alerts/build.js";
import { compareEvents, type EventRecord } from "../../src/exec/event.js";
import type { RuleSpec } from "../../src/rules/model.js";
import { createEngine, type EngineOptions, type EngineResult } from "../../src/engine/engine.js";
import { eventIndices } from "../../src/engine/route.js";

export { REPO_ROOT } from "../repo-paths.js";

export interface FixtureEvent {
  readonly source: Record<string, unknown>;
  readonly hitIndex: string | undefined;
  readonly id: string;
}

export function readFixture(path: string): FixtureEvent[] {
  const out: FixtureEvent[] = [];
  let line = 0;
  for (const text of readFileSync(path, "utf8").split("\n")) {
    line++;
    if (text.trim() === "") continue;
    const value = JSON.parse(text) as Record<string, unknown>;
    if (typeof value["_source"] === "object" && value["_source"] !== null) {
      out.push({ source: value["_source"] as Record<string, unknown>, hitIndex: value["_index"] as string, id: String(value["_id"]) });
    } else {
      out.push({ source: value, hitIndex: undefined, id: `line-${line}` });
    }
  }
  return out;
}

export function runEngine(rules: readonly RuleSpec[], events: readonly FixtureEvent[], options: EngineOptions): EngineResult {
  const engine = createEngine(rules, options);
  for (let o = 0; o < engine.orderings.length; o++) {
    const factory = engine.recordFactory(o);
    const records: { record: EventRecord; route: string }[] = events.map((e, seq) => {
      const idx = eventIndices(e.source, e.hitIndex, "fixture");
      return { record: factory(e.source, idx.alert, e.id, seq), route: idx.route };
    });
    records.sort((a, b) => compareEvents(a.record, b.record));
    for (const r of records) engine.push(o, r.record, r.route);
  }
  return engine.finish();
}

/** Shell alerts with the ids of the events they were built from, in sequence order. */
export function shellEvents(alerts: readonly AlertDoc[]): { shell: AlertDoc; events: string[]; blocks: AlertDoc[] }[] {
  const shells = alerts.filter((a) => a._source["kibana.alert.group.id"] === a._id);
  return shells.map((shell) => {
    const ancestors = shell._source["kibana.alert.ancestors"] as { id: string; type: string }[];
    const blocks = alerts.filter((a) => a._source["kibana.alert.group.id"] === shell._id && a._id !== shell._id);
    return { shell, events: ancestors.filter((a) => a.type === "event").map((a) => a.id), blocks };
  });
}
