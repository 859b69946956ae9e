// The run's prefilter takes the necessary facts the engine already derived for its rules (dispatch, gates)
// instead of deriving them again: it must come out exactly as when it derives them itself.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../src/engine/engine.js";
import { enginePrefilter } from "../../src/engine/feed.js";
import { buildPrefilter } from "../../src/compile/prefilter.js";
import { necessaryForQuery } from "../../src/compile/necessary.js";
import { makeRule } from "../alerts/helpers.js";

const QUERIES = [
  'process where host.os.type == "windows" and process.name : ("cmd.exe", "powershell.exe") and process.args : "*-enc*"',
  'sequence by host.id with maxspan=1m [process where event.action == "exec" and process.executable like "/tmp/*"] ![network where destination.port == 443]',
  'file where file.path : "?:\\\\Users\\\\*\\\\AppData\\\\*.lnk" and not file.name : "desktop.ini"',
  'any where true',
];

test("prefilter: the engine's own facts give the same prefilter as deriving them (literals, counts, blockers)", () => {
  const rules = QUERIES.map((query, i) => makeRule({ ruleId: `r${i}`, name: `rule ${i}`, query, ...(i === 2 ? { eventCategoryOverride: "event.type" } : {}) }));
  const engine = createEngine(rules, { now: "2026-03-10T14:00:00.000Z" });
  assert.equal(engine.ruleCount, QUERIES.length);
  const sample = [Buffer.from('{"process":{"name":"cmd.exe","args":["-enc","x"]},"host":{"os":{"type":"windows"}}}')];
  for (const count of [QUERIES.length - 1, QUERIES.length]) {
    const prepared = engine.preparedRules.slice(0, count);
    for (const r of prepared) assert.deepEqual(r.facts, necessaryForQuery(r.query, { schema: engine.schema, categoryField: r.categoryField }));
    const derived = buildPrefilter(
      prepared.map((r) => ({ query: r.query, options: { categoryField: r.categoryField } })),
      { schema: engine.schema, sample },
    );
    const reused = buildPrefilter(
      prepared.map((r) => ({ query: r.query, options: { categoryField: r.categoryField }, facts: r.facts })),
      { schema: engine.schema, sample },
    );
    const view = (p: typeof derived) => ({ literals: p.literals, passAll: p.passAll, filters: p.filterCount, constrained: p.constrainedFilterCount, unconstrained: p.unconstrained, kept: p.sampleKeptShare });
    assert.deepEqual(view(reused), view(derived));
  }
  // the engine's entry point passes its facts: the whole rule set, one filter without a literal ("any where true")
  const pf = enginePrefilter(engine, sample);
  assert.equal(pf.passAll, true);
  assert.deepEqual(pf.unconstrained.map((u) => u.rule), [3]);
});
