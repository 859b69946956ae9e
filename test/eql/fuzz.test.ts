// Fuzz: random and mutated query text never makes the parser throw anything but a QueryError with an
// EQL1xxx code and a span inside the text, and the diagnostic always renders. Deterministic (seeded).

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseQuery } from "../../src/eql/parser.js";
import { QueryError, renderDiagnostic } from "../../src/diag/diagnostic.js";
import { fuzzInputs } from "./fuzz-inputs.js";

function check(text: string): "ok" | "error" {
  try {
    parseQuery(text, "fuzz");
    return "ok";
  } catch (e) {
    if (!(e instanceof QueryError)) {
      assert.fail(`non-QueryError ${String(e)} for ${JSON.stringify(text)}`);
    }
    for (const d of e.diagnostics) {
      assert.match(d.code, /^EQL1\d{3}$/, JSON.stringify(text));
      assert.ok(d.span !== undefined && d.span.start >= 0 && d.span.start <= d.span.end && d.span.start <= text.length, JSON.stringify(text));
      assert.equal(typeof renderDiagnostic(d), "string");
    }
    return "error";
  }
}

test("fuzz: mutated and random queries only ever raise QueryError", () => {
  const tally = { ok: 0, error: 0 };
  const iterations = 6000;
  const t0 = performance.now();
  for (const text of fuzzInputs(20261128, iterations)) tally[check(text)]++;
  const ms = performance.now() - t0;
  console.log(`fuzz: ${iterations} inputs (${tally.ok} parsed, ${tally.error} rejected) in ${ms.toFixed(0)} ms`);
  assert.ok(tally.error > 0 && tally.ok > 0);
});
