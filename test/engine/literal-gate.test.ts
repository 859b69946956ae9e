// Literal gates (src/engine/literal-gate.ts): which events a rule's gate lets through, case by case. Soundness
// at large is property-tested with the prefilter (test/prefilter/soundness.test.ts) and checked on the corpus
// (test/prefilter/corpus.test.ts, geneve recall).

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseQuery } from "../../src/eql/parser.js";
import { necessaryForQuery } from "../../src/compile/necessary.js";
import { LiteralGates, type Gate } from "../../src/engine/literal-gate.js";
import { dynamicSchema } from "../../src/schema/dynamic.js";

function gateOf(query: string): Gate | null {
  const schema = dynamicSchema();
  const facts = necessaryForQuery(parseQuery(query), { schema });
  return new LiteralGates(schema).gateFor(
    facts.map((f) => f.necessity),
    facts.map((f) => f.filter),
  );
}

function passes(query: string, source: Record<string, unknown>): boolean {
  const gate = gateOf(query);
  assert.ok(gate !== null, `expected a gate for ${query}`);
  return gate(source);
}

test("a literal is looked for in its own field — also when another field of the clause has the same text", () => {
  const q = 'any where file.path : ("/etc/hosts", "/private/etc/hosts") or process.args : "/etc/hosts"';
  assert.equal(passes(q, { process: { args: ["vi", "/etc/hosts"] } }), true);
  assert.equal(passes(q, { file: { path: "/etc/hosts" } }), true);
  assert.equal(passes(q, { file: { path: "/etc/passwd" }, process: { args: ["vi", "/etc/passwd"] } }), false);
  // the text in some other field does not count
  assert.equal(passes(q, { message: "/etc/hosts" }), false);
});

test("whole values, prefixes, suffixes and substrings from ==, in and wildcards", () => {
  assert.equal(passes('process where process.name == "cmd.exe"', { event: { category: "process" }, process: { name: "cmd.exe" } }), true);
  assert.equal(passes('process where process.name == "cmd.exe"', { event: { category: "process" }, process: { name: "xcmd.exe" } }), false);
  assert.equal(passes('process where process.name : "python*"', { event: { category: "process" }, process: { name: "Python3.11" } }), true);
  assert.equal(passes('process where process.name : "python*"', { event: { category: "process" }, process: { name: "mypython" } }), false);
  assert.equal(passes('process where process.name like "*.exe"', { event: { category: "process" }, process: { name: "a.exe" } }), true);
  assert.equal(passes('process where process.name like "*.exe"', { event: { category: "process" }, process: { name: "a.exe.bak" } }), false);
  const paths = 'process where process.executable : ("?:\\\\Windows\\\\Temp\\\\*.exe", "?:\\\\Users\\\\Public\\\\*")';
  assert.equal(passes(paths, { event: { category: "process" }, process: { executable: "C:\\WINDOWS\\temp\\x.exe" } }), true);
  assert.equal(passes(paths, { event: { category: "process" }, process: { executable: "C:\\Program Files\\x.exe" } }), false);
});

test("multi-valued fields: any element; a missing field: no", () => {
  const q = 'process where process.args : "*-enc*"';
  assert.equal(passes(q, { event: { category: ["process"] }, process: { args: ["powershell", "-EncodedCommand", "x"] } }), true);
  assert.equal(passes(q, { event: { category: ["process"] }, process: { args: ["powershell", "-c", "x"] } }), false);
  assert.equal(passes(q, { event: { category: ["process"] } }), false);
  // objects in arrays and dotted keys are read as the engine reads them
  assert.equal(passes(q, { event: { category: "process" }, "process.args": ["-enc"] }), true);
});

test("values the gate cannot judge go through: numbers and booleans, non-ASCII text for case-insensitive literals", () => {
  assert.equal(passes('any where user.name : "admin*"', { user: { name: 12 } }), true);
  assert.equal(passes('any where user.name : "admin*"', { user: { name: true } }), true);
  // U+212A KELVIN SIGN lower-cases to "k"
  assert.equal(passes('any where process.name : "kill"', { process: { name: "\u212aill" } }), true);
  assert.equal(passes('any where process.name : "kill"', { process: { name: "éill" } }), true);
  // case-sensitive: non-ASCII text is compared as it is
  assert.equal(passes('any where process.name == "kill"', { process: { name: "\u212aill" } }), false);
});

test("per filter: the category and value conditions of the filter the literals belong to", () => {
  const q = 'sequence by process.entity_id [process where process.name : "curl*"] [network where destination.port == 443]';
  assert.equal(passes(q, { event: { category: "process" }, process: { name: "curl" } }), true);
  assert.equal(passes(q, { event: { category: "process" }, process: { name: "wget" } }), false);
  // a network event may match the second stage (no literal there: its category and port decide)
  assert.equal(passes(q, { event: { category: "network" }, destination: { port: 443 } }), true);
  assert.equal(passes(q, { event: { category: "network" }, destination: { port: 22 } }), false);
  // a file event matches neither stage
  assert.equal(passes(q, { event: { category: "file" }, process: { name: "curl" } }), false);
});

test("no gate when some filter constrains nothing", () => {
  assert.equal(gateOf("any where true"), null);
  assert.equal(gateOf('any where not process.name : "x"'), null);
  assert.equal(gateOf('sequence [process where process.name == "a"] [any where true]'), null);
});

test("field values are read once per event and not reused for the next event", () => {
  const gate = gateOf('any where process.name : "abc*"')!;
  const e1 = { process: { name: "abc" } };
  const e2 = { process: { name: "xyz" } };
  assert.equal(gate(e1), true);
  assert.equal(gate(e2), false);
  assert.equal(gate(e1), true);
});

test("integer conditions (== and in on numbers): other integers are told apart, anything that may coerce passes", () => {
  const q = "network where destination.port == 445";
  assert.equal(passes(q, { event: { category: "network" }, destination: { port: 445 } }), true);
  assert.equal(passes(q, { event: { category: "network" }, destination: { port: 80 } }), false);
  assert.equal(passes(q, { event: { category: "network" }, destination: { port: "445" } }), true);
  assert.equal(passes(q, { event: { category: "network" }, destination: { port: "80" } }), true, "a string may be compared numerically: not judged");
  assert.equal(passes(q, { event: { category: "network" }, destination: { port: 445.5 } }), true, "not an integer: not judged");
  assert.equal(passes(q, { event: { category: "network" }, destination: { port: [80, 445] } }), true);
  assert.equal(passes(q, { event: { category: "network" } }), false, "missing");
  const list = "network where destination.port in (80, 443)";
  assert.equal(passes(list, { event: { category: "network" }, destination: { port: 443 } }), true);
  assert.equal(passes(list, { event: { category: "network" }, destination: { port: 22 } }), false);
  // negated or under `or`/`not`: no condition
  assert.equal(gateOf("network where destination.port not in (80, 443)") !== null, true, "the category still gates");
  assert.equal(passes("network where destination.port not in (80, 443)", { event: { category: "network" }, destination: { port: 80 } }), true);
  assert.equal(passes('network where destination.port == 445 or process.name == "smb.exe"', { event: { category: "network" }, destination: { port: 80 } }), true);
});

test("a field's values from an earlier event are not seen again: one gate over events with fewer values each time", () => {
  // the gates keep per-field scratch arrays from event to event; only the current event's values count
  for (const q of ['process where process.args : "*-enc*"', 'process where process.args == "-enc"', 'process where process.args : "-ENC"']) {
    const gate = gateOf(q)!;
    const events: [Record<string, unknown>, boolean][] = [
      [{ event: { category: "process" }, process: { args: ["powershell", "x", "-enc"] } }, true],
      [{ event: { category: "process" }, process: { args: ["powershell", "y"] } }, false],
      [{ event: { category: "process" }, process: { args: "cmd" } }, false],
      [{ event: { category: "process" }, process: { args: [] } }, false],
      [{ event: { category: "process" }, process: { args: ["-enc"] } }, true],
      [{ event: { category: "process" }, process: {} }, false],
    ];
    for (const [source, expected] of events) assert.equal(gate(source), expected, `${q} on ${JSON.stringify(source)}`);
  }
});

test("numeric conditions see only the current event's numbers", () => {
  const gate = gateOf("network where destination.port in (445, 139)")!;
  assert.equal(gate({ event: { category: "network" }, destination: { port: [80, 445] } }), true);
  assert.equal(gate({ event: { category: "network" }, destination: { port: 80 } }), false);
  assert.equal(gate({ event: { category: "network" }, destination: { port: 139 } }), true);
  assert.equal(gate({ event: { category: "network" }, destination: {} }), false);
});
