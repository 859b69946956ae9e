// Test helpers: a RuleSpec with Kibana's defaults and EventRecords built straight from JSON.

import type { EventRecord } from "../../src/exec/event.js";
import type { RuleSpec } from "../../src/rules/model.js";

export const RULE_UUID = "3c1f7e2a-8d4b-4e0f-9a61-2b5d7c9e4f10";
export const NOW = "2025-06-02T14:05:00.731Z";

export function makeRule(overrides: Partial<RuleSpec> = {}): RuleSpec {
  return {
    ruleId: "e7e0588b-2b55-4f88-afd1-cf98e95e0f58",
    id: RULE_UUID,
    name: "Suspicious Outbound Network Connection via Unsigned Binary",
    description: "An unsigned binary starts and connects to a raw IP on an unusual port.",
    type: "eql",
    language: "eql",
    version: 1,
    enabled: true,
    immutable: true,
    query: "sequence by process.entity_id with maxspan=1m [process where true] [network where true]",
    index: ["logs-endpoint.events.process-*", "logs-endpoint.events.network-*"],
    from: "now-9m",
    to: "now",
    interval: "5m",
    maxSignals: 100,
    filters: [],
    exceptionsList: [],
    severity: "high",
    riskScore: 73,
    severityMapping: [],
    riskScoreMapping: [],
    tags: ["Domain: Endpoint", "OS: macOS", "Tactic: Command and Control"],
    threat: [
      {
        framework: "MITRE ATT&CK",
        tactic: { id: "TA0011", name: "Command and Control", reference: "https://attack.mitre.org/tactics/TA0011/" },
        technique: [{ id: "T1571", name: "Non-Standard Port", reference: "https://attack.mitre.org/techniques/T1571/", subtechnique: [] }],
      },
    ],
    author: ["Elastic"],
    license: "Elastic License v2",
    references: [],
    falsePositives: [],
    actions: [],
    deprecated: false,
    integrations: ["endpoint"],
    typeParams: {},
    source: { file: "<test>", format: "builtin" },
    ...overrides,
  };
}

let seq = 0;
export function makeEvent(source: Record<string, unknown>, index: string, id: string): EventRecord {
  const ts = typeof source["@timestamp"] === "string" ? Date.parse(source["@timestamp"]) : Number.NaN;
  return { source, index, id, tsMs: ts, tsNs: 0, tiebreaker: null, seq: seq++ };
}

export const EXEC_INDEX = ".ds-logs-endpoint.events.process-default-2025.06.02-000001";
export const NET_INDEX = ".ds-logs-endpoint.events.network-default-2025.06.02-000001";

export function execSource(): Record<string, unknown> {
  return {
    "@timestamp": "2025-06-02T14:03:11.4821934Z",
    agent: { id: "b3f1c0de-2a44-4c1e-9d1e-7f0a9c2b5e11", type: "endpoint", version: "8.18.1" },
    data_stream: { type: "logs", dataset: "endpoint.events.process", namespace: "default" },
    event: { kind: "event", module: "endpoint", dataset: "endpoint.events.process", category: ["process"], type: ["start"], action: "exec" },
    host: { name: "mbp-jdoe", os: { type: "macos", name: "macOS" } },
    process: {
      entity_id: "ZW50aXR5LTQyNDI=",
      pid: 4242,
      name: "updater",
      executable: "/Users/jdoe/Downloads/updater",
      args: ["/Users/jdoe/Downloads/updater"],
      args_count: 1,
      code_signature: { exists: false, trusted: false },
      parent: { pid: 4200, name: "zsh", executable: "/bin/zsh" },
    },
    user: { id: "501", name: "jdoe" },
  };
}

export function netSource(): Record<string, unknown> {
  return {
    "@timestamp": "2025-06-02T14:03:12.9170551Z",
    agent: { id: "b3f1c0de-2a44-4c1e-9d1e-7f0a9c2b5e11", type: "endpoint", version: "8.18.1" },
    data_stream: { type: "logs", dataset: "endpoint.events.network", namespace: "default" },
    event: { kind: "event", module: "endpoint", dataset: "endpoint.events.network", category: ["network"], type: ["start"], action: "connection_attempted" },
    host: { name: "mbp-jdoe", os: { type: "macos", name: "macOS" } },
    process: { entity_id: "ZW50aXR5LTQyNDI=", pid: 4242, name: "updater", executable: "/Users/jdoe/Downloads/updater", code_signature: { exists: false, trusted: false } },
    source: { ip: "192.168.1.23", port: 53110 },
    destination: { ip: "91.92.242.14", port: 4444 },
    user: { id: "501", name: "jdoe" },
  };
}
