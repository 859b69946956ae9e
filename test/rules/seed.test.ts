import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseQuery } from "../../src/eql/parser.js";
import { builtinRules, SEED_RULE_ID, seedRule } from "../../src/rules/builtin/seed-rule.js";
import { parseRuleToml } from "../../src/rules/parse-toml.js";
import { sharedDir } from "./helpers.js";

test("built-in seed rule: identity, settings, threat; its query parses", () => {
  const rules = builtinRules();
  assert.equal(rules.length, 1);
  const r = rules[0]!;
  assert.equal(r.ruleId, SEED_RULE_ID);
  assert.equal(r.name, "Suspicious Outbound Network Connection via Unsigned Binary");
  assert.equal(r.type, "eql");
  assert.equal(r.severity, "high");
  assert.equal(r.riskScore, 73);
  assert.equal(r.from, "now-9m");
  assert.equal(r.interval, "5m");
  assert.equal(r.maxSignals, 100);
  assert.deepEqual(r.index, ["logs-endpoint.events.process-*", "logs-endpoint.events.network-*"]);
  assert.deepEqual(
    r.threat.map((t) => [t.tactic.id, t.technique.map((x) => [x.id, x.subtechnique.map((s) => s.id)])]),
    [
      ["TA0011", [["T1571", []]]],
      ["TA0005", [["T1553", [["T1553.001"]].flat()]]],
    ],
  );
  const q = parseQuery(r.query!, "<builtin>");
  assert.equal(q.kind, "sequence");
});

const shared = sharedDir();
test("built-in seed rule equals the corpus file (except the shortened note)", { skip: shared === undefined ? "../shared not present" : false }, () => {
  const file = join(shared!, "corpus/detection-rules/rules/macos/command_and_control_suspicious_outbound_network_via_unsigned_binary.toml");
  const fromFile = parseRuleToml(readFileSync(file, "utf8"), file).rules[0]!;
  const { note: _n1, source: _s1, queryOrigin: _q1, ...a } = fromFile;
  const { note: _n2, source: _s2, queryOrigin: _q2, ...b } = seedRule();
  assert.deepEqual(b, a);
});
