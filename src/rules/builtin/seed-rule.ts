// # Built-in seed rule
//
// "Suspicious Outbound Network Connection via Unsigned Binary", an Elastic prebuilt rule (elastic/detection-rules,
// rules/macos/command_and_control_suspicious_outbound_network_via_unsigned_binary.toml, Elastic License v2),
// shipped so Sequent runs out of the box. Query, metadata, threat and tags are the rule's own; the long
// investigation guide (`note`) is shortened.

import type { RuleSpec } from "../model.js";

export const SEED_RULE_ID = "e7e0588b-2b55-4f88-afd1-cf98e95e0f58";

const QUERY = `sequence by process.entity_id with maxspan=1m
  [process where host.os.type == "macos" and event.type == "start" and event.action == "exec" and 
    (process.code_signature.trusted == false or process.code_signature.exists == false) and
    process.args_count == 1 and
    not process.executable like "/opt/homebrew/*"]
  [network where host.os.type == "macos" and event.type == "start" and 
    destination.domain == null and 
    not destination.port in (443, 80, 53, 22, 25, 587, 993, 465, 8080, 8200, 9200) and 
    destination.port < 49152 and
    not cidrmatch(destination.ip, "0.0.0.0", "240.0.0.0/4", "233.252.0.0/24", "224.0.0.0/4", 
                  "198.19.0.0/16", "192.18.0.0/15", "192.0.0.0/24", "10.0.0.0/8", "127.0.0.0/8", 
                  "169.254.0.0/16", "172.16.0.0/12", "192.0.2.0/24", "192.31.196.0/24", 
                  "192.52.193.0/24", "192.168.0.0/16", "192.88.99.0/24", "100.64.0.0/10", 
                  "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
                  "::1", "FE80::/10", "FF00::/8")]
`;

const NOTE = `## Triage and analysis

### Investigating Suspicious Outbound Network Connection via Unsigned Binary

An unsigned or untrusted binary that connects straight to a raw IP address on a non-standard port is a strong
sign of malware talking to its command-and-control server; legitimate macOS software is normally code-signed.

### Possible investigation steps

- Identify the binary (process.executable, process.hash.*) and look its hash up in threat intelligence.
- Check process.code_signature.* to see why it is untrusted: no signature, or an invalid or revoked one.
- Research destination.ip and destination.port for known malicious infrastructure.
- Follow process.parent.executable and process.command_line back to how the binary was launched and delivered.
- Look for persistence created by or for the binary (LaunchAgents, LaunchDaemons, cron jobs).

### False positive analysis

- In-house tools, development builds and locally compiled open-source utilities may be unsigned; verify and
  add targeted exceptions.

### Response and remediation

- Kill the process, block the destination, quarantine the binary for analysis, and check other hosts for it.
`;

const DESCRIPTION = `Detects the execution of an unsigned or untrusted binary followed by an outbound network connection to a 
raw IP address on a non-standard port. Many malicious payloads will connect directly to C2 or a payload 
server using non-standard ports.
`;

export function seedRule(): RuleSpec {
  return {
    ruleId: SEED_RULE_ID,
    name: "Suspicious Outbound Network Connection via Unsigned Binary",
    description: DESCRIPTION,
    type: "eql",
    language: "eql",
    version: 1,
    enabled: true,
    immutable: true,
    query: QUERY,
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
    tags: [
      "Domain: Endpoint",
      "OS: macOS",
      "Use Case: Threat Detection",
      "Tactic: Command and Control",
      "Data Source: Elastic Defend",
      "Resources: Investigation Guide",
    ],
    threat: [
      {
        framework: "MITRE ATT&CK",
        tactic: { id: "TA0011", name: "Command and Control", reference: "https://attack.mitre.org/tactics/TA0011/" },
        technique: [
          { id: "T1571", name: "Non-Standard Port", reference: "https://attack.mitre.org/techniques/T1571/", subtechnique: [] },
        ],
      },
      {
        framework: "MITRE ATT&CK",
        tactic: { id: "TA0005", name: "Defense Evasion", reference: "https://attack.mitre.org/tactics/TA0005/" },
        technique: [
          {
            id: "T1553",
            name: "Subvert Trust Controls",
            reference: "https://attack.mitre.org/techniques/T1553/",
            subtechnique: [
              { id: "T1553.001", name: "Gatekeeper Bypass", reference: "https://attack.mitre.org/techniques/T1553/001/" },
            ],
          },
        ],
      },
    ],
    author: ["Elastic"],
    license: "Elastic License v2",
    references: [],
    falsePositives: [],
    note: NOTE,
    actions: [],
    maturity: "production",
    deprecated: false,
    createdAt: "2026-01-30T00:00:00.000Z",
    updatedAt: "2026-03-24T00:00:00.000Z",
    integrations: ["endpoint"],
    typeParams: {},
    source: { file: "<builtin>/seed-rule", format: "builtin" },
  };
}

/** The rules Sequent ships with. */
export function builtinRules(): RuleSpec[] {
  return [seedRule()];
}
