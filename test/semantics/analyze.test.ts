// Analysis rejects what Elasticsearch's analyzer/verifier rejects, all problems at once, with spans and the
// caller's source/origin.

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseQuery } from "../../src/eql/parser.js";
import { analyzeQuery, AnalysisCodes } from "../../src/eql/analyze.js";
import { QueryError } from "../../src/diag/diagnostic.js";
import { mappingSchema } from "../../src/schema/mapping.js";
import { dynamicSchema, withDynamicFields } from "../../src/schema/dynamic.js";
import { errorCodes, mappingWith } from "./helpers.js";

const schema = mappingSchema([
  mappingWith({
    pid: { type: "long" },
    name: { type: "keyword" },
    addr: { type: "ip" },
    ts: { type: "date" },
    body: { type: "text" },
    loc: { type: "geo_point" },
    procs: { type: "nested", properties: { pid: { type: "long" } } },
    r: { type: "integer_range" },
  }),
]);

test("valid queries are accepted", () => {
  for (const q of [
    "process where pid == 1 and name : \"a*\" and addr == \"10.0.0.1\"",
    "any where ts < \"2020-01-01\" and ts > 0",
    "any where ?unknown == null",
    "any where cidrMatch(addr, \"10.0.0.0/8\") and startsWith~(name, \"a\")",
    "any where 1 < pid",
    "sequence by pid [process where true] [file where true]",
    "sequence [process where true] by pid [file where true] by pid until [x where true] by pid",
    "sample by name [a where true] by pid [b where true] by pid",
  ]) {
    assert.deepEqual(errorCodes(q, schema), [], q);
  }
});

test("unknown fields are errors unless optional; without a mapping everything is known", () => {
  assert.deepEqual(errorCodes("any where nope == 1", schema), [AnalysisCodes.unknownField]);
  assert.deepEqual(errorCodes("any where ?nope == 1", schema), []);
  assert.deepEqual(errorCodes("any where nope == 1", dynamicSchema()), []);
  assert.deepEqual(errorCodes("sequence by nope [a where true] [b where true]", schema), [AnalysisCodes.unknownField]);
});

test("unusable field types", () => {
  assert.deepEqual(errorCodes("any where loc == 1", schema), [AnalysisCodes.unsupportedFieldType]);
  assert.deepEqual(errorCodes("any where procs.pid == 1", schema), [AnalysisCodes.unsupportedFieldType]);
  assert.deepEqual(errorCodes("any where r == 1", schema), [AnalysisCodes.unsupportedFieldType]);
  assert.deepEqual(errorCodes("any where body == \"x\"", schema), [AnalysisCodes.noExactField]);
});

test("functions: unknown, arity, ~ without an insensitive form, argument types, constants", () => {
  assert.deepEqual(errorCodes("any where frobnicate(name)", schema), [AnalysisCodes.unknownFunction]);
  assert.deepEqual(errorCodes("any where length(name, name) == 1", schema), [AnalysisCodes.arity]);
  assert.deepEqual(errorCodes("any where length~(name) == 1", schema), [AnalysisCodes.noInsensitiveVariant]);
  assert.deepEqual(errorCodes("any where length(pid) == 1", schema), [AnalysisCodes.typeMismatch]);
  assert.deepEqual(errorCodes("any where cidrMatch(name, \"10.0.0.0/8\")", schema), [AnalysisCodes.typeMismatch]);
  assert.deepEqual(errorCodes("any where cidrMatch(addr, name)", schema), [AnalysisCodes.nonConstant]);
  assert.deepEqual(errorCodes("any where cidrMatch(addr, \"10.0.0.0/99\")", schema), [AnalysisCodes.invalidPattern]);
  assert.deepEqual(errorCodes("any where CONCAT(name, pid) == \"x1\"", schema), []);
});

test("operand types", () => {
  // comparisons convert constants as the field's query would; only unconvertible ones are errors
  assert.deepEqual(errorCodes("any where pid == \"1\"", schema), []);
  assert.deepEqual(errorCodes("any where name == 1", schema), []);
  assert.deepEqual(errorCodes("any where pid == \"abc\"", schema), [AnalysisCodes.typeMismatch]);
  assert.deepEqual(errorCodes("any where addr == 1", schema), [AnalysisCodes.typeMismatch]);
  assert.deepEqual(errorCodes("any where pid in (\"1\")", schema), [AnalysisCodes.typeMismatch]);
  assert.deepEqual(errorCodes("any where pid : \"1\"", schema), [AnalysisCodes.typeMismatch]);
  assert.deepEqual(errorCodes("any where pid like \"1*\"", schema), [AnalysisCodes.typeMismatch]);
  assert.deepEqual(errorCodes("any where name + 1 == 2", schema), [AnalysisCodes.typeMismatch]);
  assert.deepEqual(errorCodes("any where pid in (1, \"2\")", schema), [AnalysisCodes.typeMismatch]);
  assert.deepEqual(errorCodes("any where addr == \"not-an-ip\"", schema), [AnalysisCodes.typeMismatch]);
  assert.deepEqual(errorCodes("any where ts == \"yesterday\"", schema), [AnalysisCodes.typeMismatch]);
  assert.deepEqual(errorCodes("any where name regex \"[a\"", schema), [AnalysisCodes.invalidPattern]);
});

test("comparisons against fields, non-boolean conditions", () => {
  assert.deepEqual(errorCodes("any where pid == pid", schema), [AnalysisCodes.nonConstant]);
  assert.deepEqual(errorCodes("any where name in (name, \"a\")", schema), [AnalysisCodes.nonConstant]);
  // (the parser may already reject a non-literal pattern)
  assert.equal(errorCodes("any where name : name", schema).length, 1);
  assert.deepEqual(errorCodes("any where pid", schema), [AnalysisCodes.notBoolean]);
  assert.deepEqual(errorCodes("any where pid + 1", schema), [AnalysisCodes.notBoolean]);
  assert.deepEqual(errorCodes("any where not name", schema), [AnalysisCodes.notBoolean]);
});

test("join keys: the same number per stage (parse or analysis error)", () => {
  for (const q of ["sequence [a where true] by pid [b where true]", "sequence [a where true] by pid [b where true] by pid until [c where true]"]) {
    const codes = errorCodes(q, schema);
    assert.equal(codes.length, 1, q);
    assert.match(codes[0]!, /^EQL(1\d{3}|2010)$/);
  }
});

test("every problem is reported at once, with spans, source and origin", () => {
  const text = "any where nope == 1 and frob(pid) and addr == 2";
  try {
    analyzeQuery(parseQuery(text), schema, { source: text, origin: "rule.toml", originLine: 7 });
    assert.fail("expected a QueryError");
  } catch (err) {
    assert.ok(err instanceof QueryError);
    assert.deepEqual(
      err.diagnostics.map((d) => d.code),
      [AnalysisCodes.unknownField, AnalysisCodes.unknownFunction, AnalysisCodes.typeMismatch],
    );
    const first = err.diagnostics[0]!;
    assert.equal(text.slice(first.span!.start, first.span!.end), "nope");
    assert.equal(first.origin, "rule.toml");
    assert.equal(first.originLine, 7);
    assert.equal(first.source, text);
    assert.match(err.render(), /rule\.toml:7:11: Unknown column \[nope\]/);
  }
});

test("side tables: resolved fields and expression types", () => {
  const q = parseQuery("process where pid + 1 > 2 and ?nope == null and event.category == \"x\"");
  const a = analyzeQuery(q, schema);
  assert.equal(q.kind, "event");
  if (q.kind !== "event") return;
  const and = q.filter.condition;
  assert.equal(and.kind, "logical");
  if (and.kind !== "logical" || and.left.kind !== "logical") return;
  const cmp = and.left.left;
  assert.equal(a.typeOf(cmp), "boolean");
  if (cmp.kind !== "compare" || cmp.left.kind !== "arith" || cmp.left.left.kind !== "field") return;
  assert.equal(a.typeOf(cmp.left), "integer");
  assert.equal(a.field(cmp.left.left).type, "long");
  const nullCheck = and.left.right;
  if (nullCheck.kind !== "compare" || nullCheck.left.kind !== "field") return;
  assert.equal(a.field(nullCheck.left).missing, true);
  const alias = and.right;
  if (alias.kind !== "compare" || alias.left.kind !== "field") return;
  assert.equal(a.field(alias.left).path, "event_type");
});

test("unknown names come with suggestions", () => {
  try {
    analyzeQuery(parseQuery("any where nmae == \"x\" and lenght(name) > 1"), schema);
    assert.fail("expected a QueryError");
  } catch (err) {
    assert.ok(err instanceof QueryError);
    assert.match(err.diagnostics[0]!.message, /Unknown column \[nmae\], did you mean \[name\]\?/);
    assert.match(err.diagnostics[1]!.message, /Unknown function \[lenght\], did you mean \[length\]\?/);
  }
});

test("conflicting types across indices are reported when the field is used", () => {
  const multi = mappingSchema([{ properties: { a: { type: "long" }, b: { type: "keyword" } } }, { properties: { a: { type: "keyword" }, b: { type: "keyword" } } }]);
  assert.deepEqual(errorCodes("any where a == 1", multi), [AnalysisCodes.conflictingTypes]);
  assert.deepEqual(errorCodes("any where b == \"x\"", multi), []);
  const withDynamic = withDynamicFields(multi, [{ c: 1 }]);
  assert.deepEqual(errorCodes("any where a == 1", withDynamic), [AnalysisCodes.conflictingTypes]);
});

test("sequence join keys need compatible types across stages", () => {
  assert.deepEqual(errorCodes("sequence [a where true] by pid [b where true] by name", schema), [AnalysisCodes.joinKeyTypes]);
  assert.deepEqual(errorCodes("sequence [a where true] by pid [b where true] by pid until [c where true] by addr", schema), [AnalysisCodes.joinKeyTypes]);
  assert.deepEqual(errorCodes("sequence [a where true] by pid [b where true] by ?nope", schema), []);
  assert.deepEqual(errorCodes("sample [a where true] by pid [b where true] by name", schema), []);
});
