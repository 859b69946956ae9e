import { test } from "node:test";
import assert from "node:assert/strict";
import { createAlertBuilder } from "../../src/alerts/build.js";
import { EXEC_INDEX, NET_INDEX, NOW, RULE_UUID, execSource, makeEvent, makeRule, netSource } from "./helpers.js";

const NAME = "Suspicious Outbound Network Connection via Unsigned Binary";
const BB0 = "80e93f4eb800c2169108cda8630acabe03d9eb24aac50b5ebb09d7b38ffc33ac";
const BB1 = "eb38acf4b7e9dee2dcd5d90fd3404247742fa407af7f3c99f158bf858f0afd7f";
const SHELL = "98270c4f9d98e2d55ffc6c59e31bde1b23e0e61d91414f9520853c91f3533160";

function sequence() {
  const ev0 = makeEvent(execSource(), EXEC_INDEX, "Yk3pQ5ABcD1eF2gH3iJ4");
  const ev1 = makeEvent(netSource(), NET_INDEX, "Zm4qR6BCdE2fG3hI4jK5");
  return createAlertBuilder(makeRule(), { now: NOW }).sequenceAlerts({ joinKeys: ["ZW50aXR5LTQyNDI="], events: [ev0, ev1] });
}

test("a 2-event sequence gives shell + 2 building blocks with Kibana's ids", () => {
  const alerts = sequence();
  assert.deepEqual(alerts.map((a) => a._id), [SHELL, BB0, BB1]);
  for (const a of alerts) {
    assert.equal(a._index, ".alerts-security.alerts-default");
    assert.equal(a._source["kibana.alert.uuid"], a._id);
    assert.equal(a._source["kibana.alert.group.id"], SHELL);
    assert.equal(a._source["event.kind"], "signal");
    assert.equal(a._source["@timestamp"], NOW);
    assert.equal(a._source["kibana.alert.rule.uuid"], RULE_UUID);
    assert.equal(a._source["kibana.alert.rule.rule_type_id"], "siem.eqlRule");
    assert.equal(a._source["kibana.alert.workflow_status"], "open");
    assert.deepEqual(a._source["kibana.space_ids"], ["default"]);
  }
});

test("the shell: ancestors, depth, no group index, common fields only, reason from the merged doc", () => {
  const shell = sequence()[0]!._source;
  assert.deepEqual(shell["kibana.alert.ancestors"], [
    { id: "Yk3pQ5ABcD1eF2gH3iJ4", type: "event", index: EXEC_INDEX, depth: 0 },
    { id: BB0, type: "signal", index: "", depth: 1, rule: RULE_UUID },
    { id: "Zm4qR6BCdE2fG3hI4jK5", type: "event", index: NET_INDEX, depth: 0 },
    { id: BB1, type: "signal", index: "", depth: 1, rule: RULE_UUID },
  ]);
  assert.equal(shell["kibana.alert.depth"], 2);
  assert.equal("kibana.alert.group.index" in shell, false);
  assert.equal("kibana.alert.building_block_type" in shell, false);
  assert.equal(shell["kibana.alert.original_time"], NOW);
  assert.equal(shell["kibana.alert.reason"], `event with process updater, by jdoe on mbp-jdoe created high alert ${NAME}.`);
  assert.deepEqual(shell["host"], { name: "mbp-jdoe", os: { type: "macos", name: "macOS" } });
  assert.equal((shell["process"] as Record<string, unknown>)["entity_id"], "ZW50aXR5LTQyNDI=");
  assert.equal("destination" in shell, false);
  assert.equal("args" in (shell["process"] as Record<string, unknown>), false);
  assert.deepEqual((shell["event"] as Record<string, unknown>)["category"], []);
  assert.deepEqual((shell["event"] as Record<string, unknown>)["type"], ["start"]);
  assert.equal(shell["kibana.alert.original_event.module"], "endpoint");
  assert.equal(shell["kibana.alert.original_event.kind"], "event");
  assert.equal(shell["kibana.alert.original_data_stream.namespace"], "default");
  assert.equal("kibana.alert.original_data_stream.dataset" in shell, false);
  assert.equal(shell["kibana.alert.severity"], "high");
  assert.equal(shell["kibana.alert.risk_score"], 73);
  assert.deepEqual(shell["kibana.alert.rule.threat"], makeRule().threat);
});

test("building blocks carry their whole event, its ancestors and position", () => {
  const [, bb0, bb1] = sequence();
  const s0 = bb0!._source;
  const s1 = bb1!._source;
  assert.equal(s0["kibana.alert.building_block_type"], "default");
  assert.equal(s0["kibana.alert.group.index"], 0);
  assert.equal(s1["kibana.alert.group.index"], 1);
  assert.equal(s0["kibana.alert.depth"], 1);
  assert.deepEqual(s0["kibana.alert.ancestors"], [{ id: "Yk3pQ5ABcD1eF2gH3iJ4", type: "event", index: EXEC_INDEX, depth: 0 }]);
  assert.equal(s0["kibana.alert.original_time"], "2025-06-02T14:03:11.482Z");
  assert.equal(s1["kibana.alert.original_time"], "2025-06-02T14:03:12.917Z");
  assert.equal(s0["kibana.alert.reason"], `process event with process updater, parent process zsh, by jdoe on mbp-jdoe created high alert ${NAME}.`);
  assert.equal(s1["kibana.alert.reason"], `network event with process updater, source 192.168.1.23:53110, destination 91.92.242.14:4444, by jdoe on mbp-jdoe created high alert ${NAME}.`);
  // Event fields kept nested; event.kind moved out of the way; originals copied flat.
  const event0 = s0["event"] as Record<string, unknown>;
  assert.equal(event0["action"], "exec");
  assert.equal("kind" in event0, false);
  assert.deepEqual(s0["kibana.alert.original_event.category"], ["process"]);
  assert.equal(s0["kibana.alert.original_event.kind"], "event");
  assert.equal(s0["kibana.alert.original_data_stream.dataset"], "endpoint.events.process");
  assert.equal((s1["destination"] as Record<string, unknown>)["port"], 4444);
  assert.equal(s0["@timestamp"], NOW);
});

test("re-building gives byte-identical documents (ids and content are deterministic)", () => {
  assert.equal(JSON.stringify(sequence()), JSON.stringify(sequence()));
});

test("missing-event slots produce no building block and do not shift ids of the others", () => {
  const ev0 = makeEvent(execSource(), EXEC_INDEX, "Yk3pQ5ABcD1eF2gH3iJ4");
  const ev1 = makeEvent(netSource(), NET_INDEX, "Zm4qR6BCdE2fG3hI4jK5");
  const alerts = createAlertBuilder(makeRule(), { now: NOW }).sequenceAlerts({ joinKeys: ["k"], events: [ev0, null, ev1] });
  assert.deepEqual(alerts.map((a) => a._id), [SHELL, BB0, BB1]);
  assert.deepEqual(alerts.slice(1).map((a) => a._source["kibana.alert.group.index"]), [0, 1]);
});

test("single-event alert: id, depth 1, overrides applied, dotted source keys handled", () => {
  const rule = makeRule({
    severityMapping: [
      { field: "process.name", operator: "equals", value: "updater", severity: "critical" },
      { field: "process.name", operator: "equals", value: "other", severity: "low" },
    ],
    riskScoreMapping: [{ field: "event.risk_score", operator: "equals", value: "" }],
    ruleNameOverride: "rule.name",
  });
  const source = { ...execSource(), "event.risk_score": 91, "rule.name": "Per-event name", "kibana.alert.foo": 1 };
  const ev0 = makeEvent(source, EXEC_INDEX, "Yk3pQ5ABcD1eF2gH3iJ4");
  const alert = createAlertBuilder(rule, { now: NOW }).eventAlert(ev0)!;
  assert.equal(alert._id, "9a977a6ff53caaa4ea4986ddebdf7878bb36f464ed017b9ba2f09a60041cc940");
  const s = alert._source;
  assert.equal(s["kibana.alert.depth"], 1);
  assert.equal(s["kibana.alert.severity"], "critical");
  assert.equal(s["kibana.alert.risk_score"], 91);
  assert.equal(s["kibana.alert.rule.name"], "Per-event name");
  assert.equal(s["kibana.alert.rule.severity"], "high");
  assert.equal(s["kibana.alert.reason"], "process event with process updater, parent process zsh, by jdoe on mbp-jdoe created critical alert Per-event name.");
  assert.equal(s["kibana.alert.original_event.risk_score"], 91);
  assert.equal("kibana.alert.foo" in s, false);
  assert.equal("kibana.alert.group.id" in s, false);
});

test("metadata fields on a plain input line (routing hints such as _index) stay out of the alert", () => {
  const source = { ...execSource(), _index: "logs-endpoint.events.process-geneve", _id: "x", _meta: { set: 1 } };
  const s = createAlertBuilder(makeRule(), { now: NOW }).eventAlert(makeEvent(source, EXEC_INDEX, "Yk3pQ5ABcD1eF2gH3iJ4"))!._source;
  assert.equal("_index" in s, false);
  assert.equal("_id" in s, false);
  assert.deepEqual(s["_meta"], { set: 1 }, "other underscore fields are event data");
  assert.equal((s["kibana.alert.ancestors"] as { index: string }[])[0]!.index, EXEC_INDEX);
});

test("an alert of the same rule is never re-alerted; a building-block rule marks its shells", () => {
  const builder = createAlertBuilder(makeRule(), { now: NOW });
  const own = makeEvent({ ...execSource(), "kibana.alert.uuid": "x", "kibana.alert.rule.uuid": RULE_UUID }, ".internal.alerts-security.alerts-default-000001", "x");
  assert.equal(builder.eventAlert(own), null);
  const bbRule = createAlertBuilder(makeRule({ buildingBlockType: "default" }), { now: NOW });
  const ev0 = makeEvent(execSource(), EXEC_INDEX, "a");
  const ev1 = makeEvent(netSource(), NET_INDEX, "b");
  const [shell] = bbRule.sequenceAlerts({ joinKeys: [], events: [ev0, ev1] });
  assert.equal(shell!._source["kibana.alert.building_block_type"], "default");
});

test("reason omits numeric ports read from a merged document and keeps array ones", () => {
  const a = { ...netSource(), process: { entity_id: "p" } };
  const b = { ...netSource(), "@timestamp": "2025-06-02T14:03:13Z", process: { entity_id: "p" } };
  const alerts = createAlertBuilder(makeRule(), { now: NOW }).sequenceAlerts({ joinKeys: [], events: [makeEvent(a, NET_INDEX, "1"), makeEvent(b, NET_INDEX, "2")] });
  assert.equal(alerts[0]!._source["kibana.alert.reason"], `network event with source 192.168.1.23 destination 91.92.242.14 by jdoe on mbp-jdoe created high alert ${NAME}.`);
});

test("every alert has the fields Kibana's Security alerts UI needs", () => {
  const required = [
    "@timestamp", "event.kind", "kibana.space_ids", "kibana.alert.rule.rule_type_id", "kibana.alert.rule.consumer", "kibana.alert.uuid",
    "kibana.alert.workflow_status", "kibana.alert.status", "kibana.alert.rule.name", "kibana.alert.rule.uuid", "kibana.alert.rule.rule_id",
    "kibana.alert.rule.type", "kibana.alert.rule.producer", "kibana.alert.rule.category", "kibana.alert.rule.parameters", "kibana.alert.severity",
    "kibana.alert.risk_score", "kibana.alert.reason", "kibana.alert.original_time", "kibana.alert.depth", "kibana.alert.ancestors",
    "kibana.alert.rule.threat", "kibana.alert.workflow_assignee_ids", "kibana.alert.workflow_tags", "kibana.version",
    "kibana.alert.start", "kibana.alert.last_detected", "kibana.alert.intended_timestamp", "kibana.alert.rule.execution.uuid",
  ];
  const builder = createAlertBuilder(makeRule(), { now: NOW });
  const single = builder.eventAlert(makeEvent(execSource(), EXEC_INDEX, "e1"))!;
  for (const alert of [...sequence(), single]) {
    for (const field of required) assert.ok(field in alert._source, `${alert._id} lacks ${field}`);
  }
  const params = single._source["kibana.alert.rule.parameters"] as Record<string, unknown>;
  assert.equal(params["rule_id"], "e7e0588b-2b55-4f88-afd1-cf98e95e0f58");
  assert.equal(params["type"], "eql");
  assert.equal(params["language"], "eql");
  assert.deepEqual(params["index"], ["logs-endpoint.events.process-*", "logs-endpoint.events.network-*"]);
  assert.equal(params["max_signals"], 100);
  assert.equal(params["risk_score"], 73);
});
