import assert from "node:assert/strict";
import { test } from "node:test";
import { RuleError, renderDiagnostic } from "../../src/diag/diagnostic.js";
import { parseRuleToml } from "../../src/rules/parse-toml.js";
import { scanToml } from "../../src/rules/toml-scan.js";
import { tomlRule } from "./helpers.js";

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split("\n").length;
}

function parseError(text: string, file = "r.toml"): RuleError {
  try {
    parseRuleToml(text, file);
  } catch (e) {
    if (e instanceof RuleError) return e;
    throw e;
  }
  assert.fail("expected a RuleError");
}

test("TOML rule: fields, defaults, metadata and threat", () => {
  const text = tomlRule({
    extra: `from = "now-9m"
index = ["logs-endpoint.events.process-*"]
timestamp_override = "event.ingested"
building_block_type = "default"
max_signals = 33
references = ["https://example.com"]

[[rule.threat]]
framework = "MITRE ATT&CK"
[[rule.threat.technique]]
id = "T1553"
name = "Subvert Trust Controls"
reference = "https://attack.mitre.org/techniques/T1553/"
[[rule.threat.technique.subtechnique]]
id = "T1553.001"
name = "Gatekeeper Bypass"
reference = "https://attack.mitre.org/techniques/T1553/001/"
[rule.threat.tactic]
id = "TA0005"
name = "Defense Evasion"
reference = "https://attack.mitre.org/tactics/TA0005/"

[rule.investigation_fields]
field_names = ["process.name"]

[rule.new_terms]
field = "new_terms_fields"
value = ["host.id"]
`,
  }).replace(/\nquery = '''[\s\S]*$/, "");
  // put the query back inside [rule] (before the sub-tables)
  const withQuery = text.replace('type = "eql"\n', "type = \"eql\"\nquery = '''\nprocess where true\n'''\n");
  const { rules } = parseRuleToml(withQuery, "x.toml");
  assert.equal(rules.length, 1);
  const r = rules[0]!;
  assert.equal(r.ruleId, "r1");
  assert.equal(r.type, "eql");
  assert.equal(r.language, "eql");
  assert.equal(r.query, "process where true\n");
  assert.equal(r.from, "now-9m");
  assert.equal(r.to, "now");
  assert.equal(r.interval, "5m");
  assert.equal(r.maxSignals, 33);
  assert.equal(r.timestampOverride, "event.ingested");
  assert.equal(r.buildingBlockType, "default");
  assert.equal(r.maturity, "production");
  assert.equal(r.deprecated, false);
  assert.equal(r.immutable, true);
  assert.equal(r.createdAt, "2026-01-30T00:00:00.000Z");
  assert.equal(r.updatedAt, "2026-03-24T00:00:00.000Z");
  assert.deepEqual(r.investigationFields, ["process.name"]);
  assert.deepEqual(r.threat, [
    {
      framework: "MITRE ATT&CK",
      tactic: { id: "TA0005", name: "Defense Evasion", reference: "https://attack.mitre.org/tactics/TA0005/" },
      technique: [
        {
          id: "T1553",
          name: "Subvert Trust Controls",
          reference: "https://attack.mitre.org/techniques/T1553/",
          subtechnique: [{ id: "T1553.001", name: "Gatekeeper Bypass", reference: "https://attack.mitre.org/techniques/T1553/001/" }],
        },
      ],
    },
  ]);
  assert.deepEqual(r.typeParams["new_terms"], { field: "new_terms_fields", value: ["host.id"] });
  assert.deepEqual(r.source, { file: "x.toml", format: "toml" });
  assert.deepEqual(r.queryOrigin, { file: "x.toml", line: lineOf(withQuery, "process where true"), column: 1 });
});

test("TOML literal strings keep backslashes verbatim; query origin points at its first character", () => {
  const q = 'process where process.executable : "?:\\\\Windows\\\\*.exe" and process.args : "\\"quoted\\""';
  const text = tomlRule({ query: q });
  const r = parseRuleToml(text, "w.toml").rules[0]!;
  assert.equal(r.query, q + "\n");
  assert.ok(r.query!.includes("\\\\Windows\\\\"));
  const line = lineOf(text, "process where process.executable");
  assert.deepEqual(r.queryOrigin, { file: "w.toml", line, column: 1 });
});

test("query starting on the same line as the delimiter, and basic strings", () => {
  const text = `[rule]\nname = "n"\ndescription = "d"\nrisk_score = 21\nseverity = "low"\nrule_id = "x"\ntype = "eql"\nquery = '''process where true'''\n`;
  const r = parseRuleToml(text, "a.toml").rules[0]!;
  assert.deepEqual(r.queryOrigin, { file: "a.toml", line: 8, column: 12 });
  const text2 = text.replace("query = '''process where true'''", 'query = """\nany where true"""');
  const r2 = parseRuleToml(text2, "b.toml").rules[0]!;
  assert.equal(r2.query, "any where true");
  assert.deepEqual(r2.queryOrigin, { file: "b.toml", line: 9, column: 1 });
});

test("the scanner is not fooled by table headers and keys inside strings, or by other tables' query keys", () => {
  const text = `[rule]
note = """
[rule]
query = "not this"
"""
name = 'a'
query = '''
real query
'''

[[transform.osquery]]
query = "SELECT 1"
`;
  const scan = scanToml(text);
  const queries = scan.entries.filter((e) => e.key === "query");
  assert.deepEqual(
    queries.map((e) => e.table),
    ["rule", "transform.osquery"],
  );
  assert.equal(text.slice(queries[0]!.string!.contentStart, queries[0]!.string!.contentStart + 10), "real query");
});

test("invalid TOML: RULE3001 with the file position", () => {
  const e = parseError('[rule]\nname = "x"\nrisk_score = = 3\n', "bad.toml");
  const d = e.diagnostics[0]!;
  assert.equal(d.code, "RULE3001");
  assert.match(renderDiagnostic(d), /^bad\.toml:3:\d+: invalid TOML/);
});

test("missing and invalid fields point at the key or the table", () => {
  const e = parseError('[rule]\nname = "x"\nrisk_score = "high"\nrule_id = "r"\nseverity = "severe"\ntype = "eql"\nquery = "any where true"\n', "f.toml");
  const rendered = e.diagnostics.map(renderDiagnostic);
  assert.deepEqual(
    e.diagnostics.map((d) => d.code),
    ["RULE3003", "RULE3004", "RULE3004"],
  );
  assert.match(rendered[0]!, /^f\.toml:1:1: missing required field "description"/);
  assert.match(rendered[1]!, /^f\.toml:3:1: field "risk_score" must be a number/);
  assert.match(rendered[2]!, /^f\.toml:5:1: field "severity" must be one of low, medium, high, critical/);
});

test("unknown rule type is RULE3005; language must be eql for eql rules", () => {
  assert.equal(parseError(tomlRule({ type: "frobnicate" })).diagnostics[0]!.code, "RULE3005");
  const e = parseError(tomlRule().replace('language = "eql"', 'language = "kuery"'));
  assert.match(e.diagnostics[0]!.message, /language/);
});

test("a file with neither [rule] nor [hunt] is an error", () => {
  assert.equal(parseError('[metadata]\nmaturity = "production"\n').diagnostics[0]!.code, "RULE3003");
});

test("metadata.integration may be a single string (corpus quirk); deprecated maturity", () => {
  const r = parseRuleToml(tomlRule({ metadata: 'integration = "endpoint"' }), "i.toml").rules[0]!;
  assert.deepEqual(r.integrations, ["endpoint"]);
  const d = parseRuleToml(tomlRule().replace('maturity = "production"', 'maturity = "deprecated"\ndeprecation_date = "2025/01/01"'), "d.toml").rules[0]!;
  assert.equal(d.deprecated, true);
  assert.equal(d.maturity, "deprecated");
});

test("non-EQL rules load with their type (no error)", () => {
  const r = parseRuleToml(tomlRule({ type: "query", query: "process.name:a" }), "q.toml").rules[0]!;
  assert.equal(r.type, "query");
  assert.equal(r.language, "kuery");
});

test("hunting queries: language list marks EQL; one rule per query; SQL-only hunts are labelled", () => {
  const hunt = (lang: string) => `[hunt]
author = "Sequent"
name = "Hunt"
uuid = "u-1"
description = "d"
integration = ["endpoint"]
language = ${lang}
license = "Apache-2.0"
mitre = ["T1105"]
notes = ["a", "b"]
query = [
'''
process where true
''',
'''
file where true
'''
]
`;
  const { rules } = parseRuleToml(hunt('["EQL"]'), "h.toml");
  assert.deepEqual(
    rules.map((r) => [r.ruleId, r.type, r.source.format, r.query]),
    [
      ["u-1:1", "eql", "hunting-toml", "process where true\n"],
      ["u-1:2", "eql", "hunting-toml", "file where true\n"],
    ],
  );
  assert.equal(rules[0]!.queryOrigin!.line, 13);
  assert.equal(rules[1]!.queryOrigin!.line, 16);
  assert.deepEqual(rules[0]!.author, ["Sequent"]);
  assert.deepEqual(parseRuleToml(hunt('["SQL"]'), "s.toml"), { rules: [], skipped: ["hunting:sql"] });
  assert.equal(parseRuleToml(hunt('["ES|QL", "SQL"]'), "e.toml").rules[0]!.type, "esql");
});
