// Unit tests: literal derivation and the raw-byte search around JSON escaping and case folding.

import { test } from "node:test";
import assert from "node:assert/strict";
import { buildPrefilter, hasEscape } from "../../src/compile/prefilter.js";
import { bestClause, necessaryForFilter, necessaryForQuery, rawSpelling } from "../../src/compile/necessary.js";
import * as b from "./ast-builders.js";
import type { Query } from "../../src/eql/ast.js";
import type { ResolvedField, Schema } from "../../src/eql/types.js";

function may(q: Query, line: string, forceAutomaton = false): boolean {
  const pf = buildPrefilter([q], { forceAutomaton });
  const buf = Buffer.from(line, "utf8");
  return pf.mayMatch(buf, 0, buf.length);
}

function both(q: Query, line: string): boolean {
  const a = may(q, line, false);
  const c = may(q, line, true);
  assert.equal(a, c, `strategies disagree on ${line}`);
  return a;
}

test("raw spelling is JSON's canonical form; unusable strings give null", () => {
  assert.equal(rawSpelling("C:\\Windows", false), "C:\\\\Windows");
  assert.equal(rawSpelling('say "hi"', false), 'say \\"hi\\"');
  assert.equal(rawSpelling("café", false), "café");
  assert.equal(rawSpelling("café", true), null);
  assert.equal(rawSpelling("CMD.exe", true), "cmd.exe");
  assert.equal(rawSpelling("a\nb", false), null);
  assert.equal(rawSpelling("\ud800x", false), null);
  assert.equal(rawSpelling("", false), null);
});

test("windows path with backslashes is found in its escaped form", () => {
  const q = b.eventQuery("process", b.eq("process.executable", "C:\\Windows\\System32\\cmd.exe"));
  assert.equal(both(q, JSON.stringify({ event: { category: ["process"] }, process: { executable: "C:\\Windows\\System32\\cmd.exe" } })), true);
  assert.equal(both(q, JSON.stringify({ event: { category: ["process"] }, process: { executable: "C:\\Windows\\System32\\calc.exe" } })), false);
});

test("a \\u escape anywhere makes the line a candidate; an escaped backslash before u does not", () => {
  const q = b.eventQuery(null, b.eq("process.name", "cmd.exe"));
  assert.equal(both(q, '{"process":{"name":"\\u0063md.exe"}}'), true);
  assert.equal(both(q, '{"process":{"name":"calc.exe","executable":"C:\\\\users\\\\x"}}'), false);
  assert.equal(both(q, '{"process":{"name":"calc.exe","executable":"C:\\\\\\u0075sers"}}'), true);
  assert.equal(hasEscape(Buffer.from('"a\\\\u"')), false);
  assert.equal(hasEscape(Buffer.from('"a\\\\\\u0041"')), true);
  assert.equal(hasEscape(Buffer.from('"\\/bin\\/sh"')), true);
});

test("escaped slash and HTML-escaped characters are candidates", () => {
  const q = b.eventQuery(null, b.match("like", "process.executable", ["/opt/homebrew/*"], false));
  assert.equal(both(q, '{"process":{"executable":"\\/opt\\/homebrew\\/bin\\/wget"}}'), true);
  const amp = b.eventQuery(null, b.eq("process.command_line", "a && b"));
  assert.equal(both(amp, '{"process":{"command_line":"a \\u0026\\u0026 b"}}'), true);
});

test("quotes inside constants are searched escaped", () => {
  const q = b.eventQuery(null, b.eq("process.command_line", 'echo "hi"'));
  assert.equal(both(q, JSON.stringify({ process: { command_line: 'echo "hi"' } })), true);
  assert.equal(both(q, JSON.stringify({ process: { command_line: "echo hi" } })), false);
});

test("non-ASCII constants are searched as UTF-8 when case-sensitive", () => {
  const q = b.eventQuery(null, b.eq("user.name", "José"));
  assert.equal(both(q, JSON.stringify({ user: { name: "José" } })), true);
  assert.equal(both(q, JSON.stringify({ user: { name: "Jose" } })), false);
});

test("case-insensitive search folds ASCII; any non-ASCII byte makes the line a candidate", () => {
  const q = b.eventQuery(null, b.match(":", "process.name", ["KERNEL*"], true));
  assert.equal(both(q, JSON.stringify({ process: { name: "kernel_task" } })), true);
  assert.equal(both(q, JSON.stringify({ process: { name: "KeRnEl" } })), true);
  assert.equal(both(q, JSON.stringify({ process: { name: "launchd" } })), false);
  // U+212A KELVIN SIGN lower-cases to "k".
  assert.equal(both(q, JSON.stringify({ process: { name: "\u212aernel" } })), true);
});

test("case-sensitive operators do not match other cases", () => {
  const q = b.eventQuery(null, b.eq("process.name", "Cmd.exe"));
  assert.equal(both(q, JSON.stringify({ process: { name: "cmd.exe" } })), false);
  assert.equal(both(q, JSON.stringify({ process: { name: "Cmd.exe" } })), true);
});

test("not, !=, optional fields and coercible constants give no constraint", () => {
  for (const cond of [
    b.not(b.eq("process.name", "cmd.exe")),
    b.neq("process.name", "cmd.exe"),
    { ...b.eq("process.name", "cmd.exe"), left: b.field("process.name", true) },
    b.eq("source.ip", "::1"),
    b.eq("destination.port", "443"),
    b.eq("process.code_signature.trusted", "false"),
    b.inList("process.name", ["cmd.exe"], false, true),
  ]) {
    const n = necessaryForFilter(b.filter(null, cond));
    assert.equal(bestClause(n), null, JSON.stringify(cond));
  }
});

test("and keeps both sides, or unions, the category is a condition", () => {
  const f = b.filter(
    "process",
    b.and(b.inList("process.name", ["curl", "wget"]), b.or(b.eq("host.os.type", "macos"), b.eq("host.os.type", "linux"))),
  );
  const n = necessaryForFilter(f);
  const byField = new Map(n.conditions.map((c) => [c.field, c.values]));
  assert.deepEqual(byField.get("event.category"), ["process"]);
  assert.deepEqual(byField.get("process.name"), ["curl", "wget"]);
  assert.deepEqual(byField.get("host.os.type"), ["macos", "linux"]);
  assert.deepEqual(bestClause(n)?.map((l) => l.raw), ['"curl"', '"wget"']);
});

test("like patterns: anchored segments carry their quote, the longest segment wins", () => {
  const n = necessaryForFilter(b.filter(null, b.match("like", "process.executable", ["/opt/homebrew/*"], false)));
  assert.deepEqual(bestClause(n)?.map((l) => l.raw), ['"/opt/homebrew/']);
  const w = necessaryForFilter(b.filter(null, b.match(":", "process.executable", ["?:\\Windows\\System32\\*.EXE"], true)));
  assert.deepEqual(bestClause(w)?.map((l) => l.raw), [":\\\\windows\\\\system32\\\\"]);
});

test("sequences: every stage, missing stage and until contributes", () => {
  const q = b.sequence(
    [{ filter: b.filter("process", b.eq("process.name", "alpha")) }, { filter: b.filter("network", b.eq("process.name", "beta")), missing: true }],
    b.filter("process", b.eq("process.name", "gamma")),
  );
  assert.deepEqual(necessaryForQuery(q).map((f) => f.role), ["stage", "missing", "until"]);
  for (const name of ["alpha", "beta", "gamma"]) assert.equal(both(q, JSON.stringify({ process: { name } })), true);
  assert.equal(both(q, JSON.stringify({ process: { name: "delta" } })), false);
});

test("a filter without usable literal makes the prefilter pass everything", () => {
  const pf = buildPrefilter([b.eventQuery(null, b.eq("process.name", "cmd.exe")), b.eventQuery(null, b.neq("process.name", "x"))]);
  assert.equal(pf.passAll, true);
  assert.equal(pf.unconstrained.length, 1);
});

test("false conditions are unsatisfiable: nothing may match", () => {
  const q = b.eventQuery(null, { kind: "boolean", value: false, span: { start: 0, end: 0 } });
  assert.equal(both(q, "{}"), false);
});

test("a literal closing a string does not count where that string is an object key", () => {
  const q = b.eventQuery("process", b.eq("host.os.type", "macos"));
  const pf = buildPrefilter([q], { score: (l) => (l.field === "event.category" ? 100 : 1) });
  assert.deepEqual(pf.literals.map((l) => l.raw), ['"process"']);
  for (const force of [false, true]) {
    const f = buildPrefilter([q], { forceAutomaton: force, score: (l) => (l.field === "event.category" ? 100 : 1) });
    const test = (line: string): boolean => f.mayMatch(Buffer.from(line), 0, Buffer.byteLength(line));
    assert.equal(test('{"event":{"category":["network"]},"process":{"name":"x"}}'), false);
    assert.equal(test('{"event":{"category":["network"]},"process" \t:{"name":"x"}}'), false);
    assert.equal(test('{"event":{"category":["process"]},"process":{"name":"x"}}'), true);
    assert.equal(test('{"event":{"category":[ "process" ]}}'), true);
    assert.equal(test('{"event":{"category":"process"}}'), true);
    assert.equal(test('{"x":"process"}'), true);
  }
});

test("sampled frequencies pick the rarest clause", async () => {
  const { sampleFrequency } = await import("../../src/compile/prefilter.js");
  const q = b.eventQuery("process", b.and(b.eq("host.os.type", "macos"), b.eq("event.action", "exec")));
  const sample = [
    '{"event":{"category":["process"],"action":"exec"},"host":{"os":{"type":"linux"}}}',
    '{"event":{"category":["process"],"action":"exec"},"host":{"os":{"type":"windows"}}}',
    '{"event":{"category":["process"],"action":"exec"},"host":{"os":{"type":"macos"}}}',
  ].map((l) => Buffer.from(l));
  const pf = buildPrefilter([q], { frequency: sampleFrequency(sample) });
  assert.deepEqual(pf.literals.map((l) => l.raw), ['"macos"']);
});

test("schema types decide: constant_keyword, null_value and non-string fields give nothing", () => {
  const types: Record<string, ResolvedField> = {
    "data_stream.dataset": { name: "data_stream.dataset", path: "data_stream.dataset", type: "constant_keyword", missing: false },
    "process.name": { name: "process.name", path: "process.name", type: "keyword", missing: false },
    "process.title": { name: "process.title", path: "process.title", type: "keyword", missing: false, nullValue: "NULL" },
    "source.ip": { name: "source.ip", path: "source.ip", type: "ip", missing: false },
  };
  const schema: Schema = { strict: true, lookup: (name) => types[name] };
  const clause = (cond: Parameters<typeof b.filter>[1]) => bestClause(necessaryForFilter(b.filter(null, cond), { schema }));
  assert.equal(clause(b.eq("data_stream.dataset", "endpoint.events.process")), null);
  assert.equal(clause(b.eq("process.title", "NULL")), null);
  assert.equal(clause(b.eq("source.ip", "localhost")), null);
  assert.equal(clause(b.eq("unknown.field", "abc")), null);
  // A keyword field takes even number-looking constants (no coercion there).
  assert.deepEqual(clause(b.eq("process.name", "7z.exe"))?.map((l) => l.raw), ['"7z.exe"']);
  // Without a schema, data_stream.* is read from _source like any field.
  assert.deepEqual(bestClause(necessaryForFilter(b.filter(null, b.eq("data_stream.dataset", "endpoint.alerts"))))?.map((l) => l.raw), ['"endpoint.alerts"']);
});

test("a sample that the literals mostly match turns the prefilter off (unselective)", () => {
  const q = b.eventQuery("process", b.eq("process.name", "cmd.exe"));
  const line = (name: string): string => `{"event":{"category":"process"},"process":{"name":"${name}"}}`;
  const sample = [line("cmd.exe"), line("cmd.exe"), line("x.exe")].map((l) => Buffer.from(l));
  const off = buildPrefilter([q], { sample });
  assert.equal(off.passAll, true);
  assert.equal(off.unselective, true);
  assert.ok(Math.abs((off.sampleKeptShare ?? 0) - 2 / 3) < 1e-9);
  const on = buildPrefilter([q], { sample, maxKeptShare: 0.9 });
  assert.equal(on.passAll, false);
  assert.deepEqual(on.literals.map((l) => l.raw), ['"cmd.exe"']);
  assert.equal(on.mayMatch(Buffer.from(line("x.exe")), 0, Buffer.byteLength(line("x.exe"))), false);
  // no single literal keeps half the sample, their union does: found by running the search on the sample
  const two = b.eventQuery("process", b.inList("process.name", ["a.exe", "b.exe"], false, false));
  const mixed = [line("a.exe"), line("b.exe"), line("x.exe")].map((l) => Buffer.from(l));
  const union = buildPrefilter([two], { sample: mixed });
  assert.equal(union.unselective, true);
  assert.ok(Math.abs((union.sampleKeptShare ?? 0) - 2 / 3) < 1e-9);
});

test("the report names the commonest chosen literal of the sample and the rules that chose it", () => {
  const line = (name: string): string => `{"event":{"category":"process"},"process":{"name":"${name}"}}`;
  const sample = ["cmd.exe", "cmd.exe", "cmd.exe", "a.exe", "x.exe"].map((n) => Buffer.from(line(n)));
  const cmd = b.eventQuery("process", b.eq("process.name", "cmd.exe"));
  const a = b.eventQuery("process", b.eq("process.name", "a.exe"));
  const pf = buildPrefilter([a, cmd, cmd], { sample });
  assert.equal(pf.unselective, true);
  assert.equal(pf.commonest?.literal.raw, '"cmd.exe"');
  assert.equal(pf.commonest?.share, 3 / 5);
  assert.deepEqual(pf.commonest?.rules, [1, 2]);
  // without a sample there is nothing to count
  assert.equal(buildPrefilter([a, cmd]).commonest, null);
});
