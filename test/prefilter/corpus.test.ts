// The prefilter over the real rule corpus (../shared/corpus/detection-rules, when present):
// - how many filters of the active EQL rules get a usable literal clause (reported, and most must);
// - soundness against the real evaluator (parse → analyze → compile): for each rule, on the package's sample
//   events and on generated Elastic Defend events, a line the rule's prefilter rejects satisfies none of the
//   rule's filters, and neither does an event the rule's literal gate (src/engine/literal-gate.ts) rejects.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import type { Query } from "../../src/eql/ast.js";
import { compiledFilters, type CompiledQuery } from "../../src/exec/compiled.js";
import { parseQuery } from "../../src/eql/parser.js";
import { analyzeQuery } from "../../src/eql/analyze.js";
import { compileQuery } from "../../src/compile/query.js";
import { dynamicSchema } from "../../src/schema/dynamic.js";
import { createRecordFactory } from "../../src/event/record.js";
import { buildPrefilter, buildRouter, type Prefilter } from "../../src/compile/prefilter.js";
import { necessaryForQuery } from "../../src/compile/necessary.js";
import { LiteralGates } from "../../src/engine/literal-gate.js";
import { generate } from "../../bench/generate.js";

// dist*/test/prefilter/ → repository root → ../shared
const SHARED = fileURLToPath(new URL("../../../../shared/", import.meta.url));
const RULES = join(SHARED, "corpus/detection-rules/rules");
const SAMPLES = join(SHARED, "corpus/ecs-samples");
const skip = existsSync(RULES) ? false : `shared corpus not found at ${RULES}`;

interface CorpusRule {
  readonly file: string;
  readonly name: string;
  readonly query: Query;
  readonly categoryField: string | undefined;
}

function tomlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "_deprecated") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) tomlFiles(path, out);
    else if (name.endsWith(".toml")) out.push(path);
  }
  return out;
}

function activeEqlRules(): { rules: CorpusRule[]; unparsed: string[] } {
  const rules: CorpusRule[] = [];
  const unparsed: string[] = [];
  for (const file of tomlFiles(RULES)) {
    const doc = parseToml(readFileSync(file, "utf8")) as { metadata?: { maturity?: string }; rule?: Record<string, unknown> };
    const rule = doc.rule;
    if (rule === undefined || rule["type"] !== "eql" || doc.metadata?.maturity !== "production") continue;
    const text = rule["query"];
    if (typeof text !== "string") continue;
    try {
      const override = rule["event_category_override"];
      rules.push({ file, name: String(rule["name"]), query: parseQuery(text), categoryField: typeof override === "string" ? override : undefined });
    } catch {
      unparsed.push(file);
    }
  }
  return { rules, unparsed };
}

test("corpus: most filters of the active EQL rules get a usable literal clause", { skip }, () => {
  const { rules, unparsed } = activeEqlRules();
  const perRule = rules.map((r) => buildPrefilter([{ query: r.query, ...(r.categoryField !== undefined ? { options: { categoryField: r.categoryField } } : {}) }]));
  const filters = perRule.reduce((n, p) => n + p.filterCount, 0);
  const constrained = perRule.reduce((n, p) => n + p.constrainedFilterCount, 0);
  const all = buildPrefilter(rules.map((r) => ({ query: r.query, ...(r.categoryField !== undefined ? { options: { categoryField: r.categoryField } } : {}) })));
  const insensitive = all.literals.filter((l) => l.caseInsensitive).length;
  console.log(
    `# corpus: ${rules.length} active EQL rules (${unparsed.length} unparsed), ${filters} filters, ${constrained} with a literal clause; ` +
      `whole set: ${all.literalCount} literals (${insensitive} case-insensitive), strategy ${all.strategy}` +
      (all.unconstrained.length > 0 ? `; unconstrained: ${all.unconstrained.map((u) => rules[u.rule]?.name).join("; ")}` : ""),
  );
  assert.ok(rules.length > 500, `only ${rules.length} rules parsed`);
  assert.ok(constrained >= 0.97 * filters, `${constrained} of ${filters} filters constrained`);
});

test("corpus: rule prefilters are sound against the real evaluator on sample and generated events", { skip }, () => {
  const { rules } = activeEqlRules();
  const schema = dynamicSchema();
  const factory = createRecordFactory({ schema });
  const lines: string[] = [];
  for (const name of ["process.json", "network.json"]) {
    const path = join(SAMPLES, name);
    if (existsSync(path)) lines.push(JSON.stringify(JSON.parse(readFileSync(path, "utf8"))));
  }
  generate({ events: 1200, seed: 7, trueEvery: 150, nearMissEvery: 40 }, (line) => lines.push(line));
  const records = lines.map((line, seq) => ({ buf: Buffer.from(line, "utf8"), record: factory(JSON.parse(line) as Record<string, unknown>, "events", `e${seq}`, seq) }));
  let compiled = 0;
  let rejected = 0;
  let matched = 0;
  const router = buildRouter(rules.map((r) => ({ query: r.query, ...(r.categoryField !== undefined ? { options: { categoryField: r.categoryField } } : {}) })));
  const routed = records.map(({ buf }) => new Set(router.route(buf, 0, buf.length)));
  let routedPairs = 0;
  const gates = new LiteralGates(schema);
  let gated = 0;
  let gateRejected = 0;
  for (const [ruleIndex, rule] of rules.entries()) {
    let query: CompiledQuery;
    try {
      query = compileQuery(analyzeQuery(rule.query, schema), rule.categoryField !== undefined ? { categoryField: rule.categoryField } : {});
    } catch {
      continue; // analysis/compile problems are other tests' business
    }
    compiled++;
    const pf: Prefilter = buildPrefilter([{ query: rule.query, ...(rule.categoryField !== undefined ? { options: { categoryField: rule.categoryField } } : {}) }]);
    const filters = compiledFilters(query);
    const ruleFacts = necessaryForQuery(rule.query, { schema, ...(rule.categoryField !== undefined ? { categoryField: rule.categoryField } : {}) });
    const gate = gates.gateFor(
      ruleFacts.map((f) => f.necessity),
      ruleFacts.map((f) => f.filter),
    );
    if (gate !== null) gated++;
    for (const [lineIndex, { buf, record }] of records.entries()) {
      const isRouted = routed[lineIndex]?.has(ruleIndex) === true;
      if (isRouted) routedPairs++;
      let matches = false;
      for (const f of filters) {
        try {
          if (f.test(record)) matches = true;
        } catch {
          // evaluation errors are not matches
        }
      }
      const may = pf.mayMatch(buf, 0, buf.length);
      if (!may) rejected++;
      const through = gate === null || gate(record.source);
      if (!through) gateRejected++;
      if (matches) {
        assert.equal(through, true, `${rule.name} (${rule.file}) matches an event its literal gate rejects: ${buf.toString("utf8").slice(0, 300)}…`);
        matched++;
        assert.equal(may, true, `${rule.name} (${rule.file}) matches a line its prefilter rejects: ${buf.toString("utf8").slice(0, 300)}…`);
        assert.equal(isRouted, true, `${rule.name} (${rule.file}) matches a line the router does not route to it`);
      }
    }
  }
  console.log(
    `# soundness: ${compiled} rules × ${records.length} lines; ${matched} (rule, line) matches all passed; ${rejected} of ${compiled * records.length} pairs rejected by the per-rule prefilters; ` +
      `the router over all rules routes ${routedPairs} pairs (${(routedPairs / records.length).toFixed(1)} rules per line); ` +
      `${gated} rules have a literal gate, which rejects ${gateRejected} pairs`,
  );
  assert.ok(compiled > 500);
});

test("corpus: the seed rule's prefilter keeps every planted sequence event", { skip: existsSync(join(RULES, "macos")) ? false : `no macos rules under ${RULES}` }, () => {
  const file = join(RULES, "macos/command_and_control_suspicious_outbound_network_via_unsigned_binary.toml");
  if (!existsSync(file)) return;
  const doc = parseToml(readFileSync(file, "utf8")) as { rule: { query: string } };
  const query = parseQuery(doc.rule.query);
  const pf = buildPrefilter([query]);
  const schema = dynamicSchema();
  const compiled = compileQuery(analyzeQuery(query, schema));
  const factory = createRecordFactory({ schema });
  const filters = compiledFilters(compiled);
  let kept = 0;
  let total = 0;
  let needed = 0;
  generate({ events: 10_000, seed: 3 }, (line) => {
    total++;
    const buf = Buffer.from(line);
    const may = pf.mayMatch(buf, 0, buf.length);
    if (may) kept++;
    const record = factory(JSON.parse(line) as Record<string, unknown>, "events", `e${total}`, total);
    if (filters.some((f) => f.test(record))) {
      needed++;
      assert.equal(may, true, line);
    }
  });
  console.log(`# seed rule: prefilter keeps ${kept} of ${total} generated lines (${needed} satisfy a stage); literals ${pf.literals.map((l) => l.raw).join(" ")}`);
  assert.ok(kept < total / 2, `prefilter kept ${kept} of ${total}`);
});
