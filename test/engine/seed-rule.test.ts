// Golden tests of the built-in seed rule over test/engine/fixtures/seed-cases.ndjson: one case per condition
// of the rule (each case its own process.entity_id, five minutes apart, lines shuffled). Event ids are
// "<case>/<role>", so the expected alerts name exactly which events pair.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { seedRule, SEED_RULE_ID } from "../../src/rules/builtin/seed-rule.js";
import { ruleUuidOf } from "../../src/alerts/build.js";
import { REPO_ROOT, readFixture, runEngine, shellEvents } from "./helpers.js";

const NOW = "2026-03-10T14:00:00.000Z";
const FIXTURE = join(REPO_ROOT, "test/engine/fixtures/seed-cases.ndjson");

// case → the events of its one alert, in sequence order. Every other case must produce nothing.
const EXPECTED: Record<string, readonly string[]> = {
  base: ["base/exec", "base/net"],
  "port-49151": ["port-49151/exec", "port-49151/net"],
  "port-8443": ["port-8443/exec", "port-8443/net"],
  "cidr-172.32-outside": ["cidr-172.32-outside/exec", "cidr-172.32-outside/net"],
  "cidr-100.128-outside": ["cidr-100.128-outside/exec", "cidr-100.128-outside/net"],
  "cidr-fec0-outside": ["cidr-fec0-outside/exec", "cidr-fec0-outside/net"],
  "ipv6-public": ["ipv6-public/exec", "ipv6-public/net"],
  "maxspan-1m": ["maxspan-1m/exec", "maxspan-1m/net"],
  "homebrew-lookalike": ["homebrew-lookalike/exec", "homebrew-lookalike/net"],
  "signed-untrusted": ["signed-untrusted/exec", "signed-untrusted/net"],
  // ES semantics: the exec's partial sequence is completed (and consumed) by the first qualifying connection;
  // later connections of the same process find no open sequence.
  "one-exec-many-connections": ["one-exec-many-connections/exec", "one-exec-many-connections/net1"],
  // A connection that fails the stage filter (port 443) is simply not a stage event; the next one pairs.
  "excluded-then-qualifying": ["excluded-then-qualifying/exec", "excluded-then-qualifying/net"],
  "dotted-keys": ["dotted-keys/exec", "dotted-keys/net"],
  // Elasticsearch plans `cidrmatch(field, constants…)` as a terms query and `not` as must_not, so a
  // connection without destination.ip passes `not cidrmatch(destination.ip, …)`.
  "no-destination-ip": ["no-destination-ip/exec", "no-destination-ip/net"],
};

const NEGATIVE = [
  "port-49152", "port-443", "port-80", "port-53", "port-22", "port-25", "port-587", "port-993", "port-465", "port-8080",
  "port-8200", "port-9200", "cidr-0.0.0.0", "cidr-10/8", "cidr-127/8", "cidr-169.254/16", "cidr-172.16/12", "cidr-192.168/16",
  "cidr-100.64/10", "cidr-224/4", "cidr-240/4", "cidr-198.18/15", "cidr-203.0.113/24", "cidr-192.0.2/24", "cidr-::1",
  "cidr-fe80::/10", "cidr-fe80::/10-top", "cidr-ff00::/8", "maxspan-1m+1ms", "homebrew", "args-count-2", "signed-trusted",
  "no-code-signature", "fork-not-exec", "linux", "domain-set", "network-end", "wrong-join-key",
  "net-before-exec",
];

function run() {
  return runEngine([seedRule()], readFixture(FIXTURE), { now: NOW });
}

test("seed rule: exactly the expected cases fire, each with the expected events", () => {
  const result = run();
  const fired = new Map<string, string[]>();
  for (const { events } of shellEvents(result.alerts)) {
    const name = events[0]!.split("/")[0]!;
    assert.equal(fired.has(name), false, `case ${name} fired twice`);
    fired.set(name, events);
  }
  assert.deepEqual(Object.fromEntries([...fired].sort()), Object.fromEntries(Object.entries(EXPECTED).sort()));
  for (const name of NEGATIVE) assert.equal(fired.has(name), false, `negative case ${name} fired`);
  assert.equal(result.alerts.length, Object.keys(EXPECTED).length * 3);
  const summary = result.summaries[0]!;
  assert.equal(summary.ruleId, SEED_RULE_ID);
  assert.equal(summary.matches, Object.keys(EXPECTED).length);
  assert.equal(summary.alerts, Object.keys(EXPECTED).length * 3);
  assert.deepEqual(summary.errors, []);
  assert.equal(summary.limitReached, false);
});

test("seed rule: alert documents of one case (rule, group, building blocks, reasons)", () => {
  const result = run();
  const base = shellEvents(result.alerts).find((s) => s.events[0] === "base/exec")!;
  const shell = base.shell._source;
  const name = "Suspicious Outbound Network Connection via Unsigned Binary";
  assert.equal(shell["kibana.alert.rule.rule_id"], SEED_RULE_ID);
  assert.equal(shell["kibana.alert.rule.uuid"], ruleUuidOf(seedRule()));
  assert.equal(shell["kibana.alert.rule.name"], name);
  assert.equal(shell["kibana.alert.severity"], "high");
  assert.equal(shell["kibana.alert.risk_score"], 73);
  assert.equal(shell["kibana.alert.depth"], 2);
  assert.equal(shell["kibana.alert.reason"], `event with process SyncHelper, by mlopez on mbp-lab-07 created high alert ${name}.`);
  assert.deepEqual(base.blocks.map((b) => b._source["kibana.alert.group.index"]), [0, 1]);
  const [exec, net] = base.blocks.map((b) => b._source);
  assert.equal(exec!["kibana.alert.reason"], `process event with process SyncHelper, parent process zsh, by mlopez on mbp-lab-07 created high alert ${name}.`);
  assert.match(String(net!["kibana.alert.reason"]), /^network event with process SyncHelper, source 10\.20\.30\.41:\d+, destination 185\.220\.101\.7:4444, by mlopez on mbp-lab-07 created high alert /);
  assert.equal(exec!["kibana.alert.original_time"], "2026-03-10T09:00:00.000Z");
  assert.equal(net!["kibana.alert.original_time"], "2026-03-10T09:00:01.432Z");
  const ancestors = shell["kibana.alert.ancestors"] as { id: string; index: string; type: string }[];
  assert.deepEqual(ancestors.map((a) => [a.type, a.index]), [
    ["event", ".ds-logs-endpoint.events.process-default-2026.03.10-000001"],
    ["signal", ""],
    ["event", ".ds-logs-endpoint.events.network-default-2026.03.10-000001"],
    ["signal", ""],
  ]);
});

test("seed rule: the same input gives the same alert ids on every run", () => {
  const a = run().alerts.map((x) => x._id);
  const b = runEngine([seedRule()], readFixture(FIXTURE), { now: "2030-01-01T00:00:00.000Z" }).alerts.map((x) => x._id);
  assert.deepEqual(a, b);
});
