// Soundness of the raw-byte prefilter: whenever the reference evaluator says an event satisfies some filter
// of a query, the prefilter must say "may match" on the event's JSON line — in canonical JSON.stringify form
// and in legal alternative spellings (\uXXXX escapes, \/). The engine's literal gates, built from the same
// necessary facts, must let that event through too.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { EventFilter, Expr, Query } from "../../src/eql/ast.js";
import { buildPrefilter, buildRouter } from "../../src/compile/prefilter.js";
import * as b from "./ast-builders.js";
import { evaluateFilter, type Json } from "./reference.js";
import { necessaryForFilter } from "../../src/compile/necessary.js";
import { compileQuery } from "../../src/compile/query.js";
import { analyzeQuery } from "../../src/eql/analyze.js";
import { createRecordFactory } from "../../src/event/record.js";
import { compiledFilters, type CompiledQuery } from "../../src/exec/compiled.js";
import { LiteralGates } from "../../src/engine/literal-gate.js";
import { dynamicSchema } from "../../src/schema/dynamic.js";

const filtersOf = (q: Query): EventFilter[] => b.filtersOf(q);

const FIELDS = ["a", "b.c", "event.category", "event.type", "d.e.f", "x.y"] as const;
const TOKENS = ["xy", "XY", "ab", "AB", "kin", "sun", "k", "K", "\u212a", "s", "\u017f", "\\", '"', "/", "é", "É", "ß", "*", "?", "<", "&", " ", ":", "1", "process", "Start", "\u{1f600}", "\n", "null"];
const CATEGORIES = ["process", "network", "Process"];

const PLAIN = ["xy", "kin", "Sun", "process", "Start", "KIN", "/", "\\", " ", ".exe"];
const text = fc.oneof(
  { arbitrary: fc.array(fc.constantFrom(...PLAIN), { minLength: 1, maxLength: 3 }).map((t) => t.join("")), weight: 3 },
  { arbitrary: fc.array(fc.constantFrom(...TOKENS), { minLength: 0, maxLength: 4 }).map((t) => t.join("")), weight: 2 },
);
const fieldName = fc.constantFrom(...FIELDS);

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  { arbitrary: fc.tuple(fieldName, text).map(([f, v]) => b.eq(f, v)), weight: 4 },
  { arbitrary: fc.tuple(fieldName, text).map(([f, v]) => b.neq(f, v)), weight: 1 },
  {
    arbitrary: fc
      .tuple(fieldName, fc.array(text, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.oneof(fc.constant(false), fc.constant(false), fc.constant(true)))
      .map(([f, vs, ci, neg]) => b.inList(f, vs, ci, neg)),
    weight: 4,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(":", "like") as fc.Arbitrary<":" | "like">, fieldName, fc.array(text, { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([op, f, ps, ci]) => b.match(op, f, ps, ci)),
    weight: 6,
  },
  { arbitrary: fc.tuple(fieldName, text).map(([f, v]) => ({ ...b.eq(f, v), left: b.field(f, true) }) as Expr), weight: 1 },
  // numbers: the literal gates' integer conditions (`port == 445`, `port in (80, 443)`)
  { arbitrary: fc.tuple(fieldName, fc.integer({ min: -2, max: 20 })).map(([f, n]) => ({ ...b.eq(f, ""), right: b.num(n) }) as Expr), weight: 2 },
  {
    arbitrary: fc.tuple(fieldName, fc.array(fc.integer({ min: -2, max: 20 }), { minLength: 1, maxLength: 3 }), fc.boolean()).map(
      ([f, ns, neg]) => ({ ...b.inList(f, [], false, neg), list: ns.map((n) => b.num(n)) }) as Expr,
    ),
    weight: 1,
  },
);

const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { arbitrary: leaf, weight: 6 },
    { arbitrary: fc.tuple(tie("e"), tie("e")).map(([l, r]) => b.and(l, r)), weight: 2 },
    { arbitrary: fc.tuple(tie("e"), tie("e")).map(([l, r]) => b.or(l, r)), weight: 2 },
    { arbitrary: tie("e").map((e) => b.not(e)), weight: 1 },
  ),
})).e;

const eventFilter: fc.Arbitrary<EventFilter> = fc.tuple(fc.option(fc.constantFrom(...CATEGORIES), { nil: null }), expr).map(([c, e]) => b.filter(c, e));

const query: fc.Arbitrary<Query> = fc.oneof(
  eventFilter.map((f) => ({ kind: "event", filter: f, pipes: [], span: { start: 0, end: 0 } }) as Query),
  fc.tuple(eventFilter, eventFilter, fc.boolean(), fc.option(eventFilter, { nil: null })).map(([f1, f2, missing, until]) =>
    b.sequence([{ filter: f1 }, { filter: f2, missing }], until),
  ),
);

/** String constants of a query (category names included), to build events that are likely to match. */
function constantsOf(q: Query): string[] {
  const out: string[] = [];
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case "string":
        out.push(e.value);
        return;
      case "logical":
      case "compare":
      case "arith":
        visit(e.left);
        visit(e.right);
        return;
      case "not":
      case "negate":
        visit(e.operand);
        return;
      case "in":
        e.list.forEach(visit);
        return;
      case "match":
        e.patterns.forEach(visit);
        return;
      default:
        return;
    }
  };
  for (const f of filtersOf(q)) {
    if (f.category !== null) out.push(f.category);
    visit(f.condition);
  }
  return out;
}

/** Variants of a constant that satisfy (or nearly satisfy) comparisons with it. */
function variants(c: string): string[] {
  const expanded = c.replace(/\*/g, "zz").replace(/\?/g, "q");
  const exotic = expanded.replace(/k/gi, "\u212a").replace(/s/gi, "\u017f");
  return [c, expanded, c.toUpperCase(), c.toLowerCase(), expanded.toUpperCase(), `pre${expanded}`, `${expanded}post`, exotic];
}

function eventArb(constants: readonly string[]): fc.Arbitrary<Json> {
  const pool = constants.flatMap(variants);
  const str = pool.length > 0 ? fc.oneof({ arbitrary: text, weight: 1 }, { arbitrary: fc.constantFrom(...pool), weight: 5 }) : text;
  const leafValue: fc.Arbitrary<Json> = fc.oneof(str, str, fc.integer({ min: -2, max: 20 }), fc.boolean(), fc.constant(null));
  const value: fc.Arbitrary<Json> = fc.oneof(leafValue, fc.array(leafValue, { maxLength: 3 }));
  return eventOf(value);
}

/** An event: some fields, each stored nested or under a dotted key. */
const eventOf = (value: fc.Arbitrary<Json>): fc.Arbitrary<Json> => fc.array(fc.tuple(fieldName, value, fc.boolean()), { minLength: 2, maxLength: 8 }).map((entries) => {
  const doc: { [k: string]: Json } = {};
  for (const [name, v, dotted] of entries) {
    if (dotted) doc[name] = v;
    else {
      const parts = name.split(".");
      let node = doc;
      for (const p of parts.slice(0, -1)) {
        const child = node[p];
        if (child === undefined || child === null || typeof child !== "object" || Array.isArray(child)) node[p] = {};
        node = node[p] as { [k: string]: Json };
      }
      node[parts[parts.length - 1] ?? ""] = v;
    }
  }
  return doc;
});

const caseArb: fc.Arbitrary<[Query, Json]> = query.chain((q) => eventArb(constantsOf(q)).map((doc): [Query, Json] => [q, doc]));

/** JSON with some characters written as \uXXXX and some slashes as \/ (all legal JSON spellings). */
function serializeEscaped(doc: Json, bits: readonly boolean[]): string {
  let k = 0;
  const flip = (): boolean => bits.length > 0 && (bits[k++ % bits.length] ?? false);
  const str = (s: string): string => {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
      const ch = s[i] ?? "";
      const code = s.charCodeAt(i);
      if (flip()) out += `\\u${code.toString(16).padStart(4, "0")}`;
      else if (ch === "/" && flip()) out += "\\/";
      else out += JSON.stringify(ch).slice(1, -1);
    }
    return out + '"';
  };
  const ser = (v: Json): string => {
    if (v === null || typeof v !== "object") return typeof v === "string" ? str(v) : JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(ser).join(",")}]`;
    return `{${Object.entries(v).map(([key, val]) => `${str(key)}:${ser(val)}`).join(",")}}`;
  };
  return ser(doc);
}


function check(q: Query, doc: Json, lines: readonly string[], forceAutomaton: boolean): void {
  const matching = filtersOf(q).filter((f) => evaluateFilter(doc, f));
  checkGates(q, doc);
  if (matching.length === 0) return;
  // The whole query, and each matching filter on its own (more often constrained than a whole sequence).
  const queries: Query[] = [q, ...matching.map((f): Query => ({ kind: "event", filter: f, pipes: [], span: f.span }))];
  for (const one of queries) checkQuery(one, lines, forceAutomaton);
}

/**
 * The engine's literal gates (src/engine/literal-gate.ts) read the same necessary facts at field level, and must
 * never stop an event the engine's own filters accept (the gates read fields as the engine does, so the ground
 * truth here is the compiled query, not the generous reference): the gate of the whole query, and of each
 * accepting filter alone, let the event through.
 */
function checkGates(q: Query, doc: Json): void {
  const schema = dynamicSchema();
  let compiled: CompiledQuery;
  try {
    compiled = compileQuery(analyzeQuery(q, schema));
  } catch {
    return; // not a valid query for the analyzer: nothing to gate
  }
  const source = doc as Record<string, unknown>;
  const record = createRecordFactory({ schema })(source, "events", "e", 0);
  const ast = filtersOf(q);
  const tests = compiledFilters(compiled);
  const accepting = ast.filter((_, i) => {
    try {
      return tests[i]?.test(record) === true;
    } catch {
      return false;
    }
  });
  const gates = new LiteralGates(schema);
  const facts = (f: EventFilter) => necessaryForFilter(f, { schema });
  const whole = gates.gateFor(ast.map(facts), ast);
  if (accepting.length === 0) {
    if (whole !== null && !whole(source)) gateRejections++;
    return;
  }
  gateChecks++;
  assert.ok(whole === null || whole(source), `gate of the query rejected an accepted event: ${JSON.stringify(doc)}`);
  for (const f of accepting) {
    const gate = gates.gateFor([facts(f)], [f]);
    assert.ok(gate === null || gate(source), `gate of an accepting filter rejected the event: ${JSON.stringify(doc)}`);
  }
}

let gateChecks = 0;
let gateRejections = 0;

function checkQuery(q: Query, lines: readonly string[], forceAutomaton: boolean): void {
  const pf = buildPrefilter([q], { forceAutomaton });
  // The router over [other, q] must route the line to q (index 1).
  const router = buildRouter([b.eventQuery(null, b.eq("zzz", "never-there")), q]);
  for (const line of lines) {
    const buf = Buffer.from(line, "utf8");
    assert.ok(router.route(buf, 0, buf.length).includes(1), `router dropped a matching line: ${line}`);
  }
  for (const line of lines) {
    // Embed the line in a larger buffer to exercise start/end.
    const buf = Buffer.from(`{"pad":1}\n${line}\n{"pad":"process ab x k"}`, "utf8");
    const start = Buffer.byteLength('{"pad":1}\n');
    const end = start + Buffer.byteLength(line);
    assert.equal(pf.mayMatch(buf, start, end), true, `prefilter rejected a matching line: ${line}\nliterals: ${JSON.stringify(pf.literals)}`);
  }
}

test("prefilter is sound on random events and queries (canonical JSON)", () => {
  fc.assert(
    fc.property(caseArb, fc.boolean(), ([q, doc], force) => check(q, doc, [JSON.stringify(doc)], force)),
    { numRuns: 3000, seed: 20261128 },
  );
});

test("prefilter is sound under alternative JSON spellings (\\u escapes, \\/)", () => {
  fc.assert(
    fc.property(caseArb, fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }), fc.boolean(), ([q, doc], bits, force) =>
      check(q, doc, [serializeEscaped(doc, bits)], force),
    ),
    { numRuns: 3000, seed: 7 },
  );
});

test("matching events are found often enough for the property to mean something", () => {
  let matched = 0;
  let constrained = 0;
  let runs = 0;
  fc.assert(
    fc.property(caseArb, ([q, doc]) => {
      runs++;
      const matching = filtersOf(q).filter((f) => evaluateFilter(doc, f));
      if (matching.length > 0) {
        matched++;
        const one: Query = { kind: "event", filter: matching[0] as EventFilter, pipes: [], span: q.span };
        if (!buildPrefilter([one]).passAll) constrained++;
      }
    }),
    { numRuns: 2000, seed: 11 },
  );
  console.log(`# ${matched} of ${runs} cases matched, ${constrained} with a constrained prefilter`);
  assert.ok(matched > runs / 25, `only ${matched} of ${runs} random cases matched`);
  assert.ok(constrained > runs / 100, `only ${constrained} of ${runs} matching cases had a constrained prefilter`);
});

test("literal gates: checked on enough accepted events, and they do reject others", () => {
  console.log(`# literal gates: ${gateChecks} accepted events let through, ${gateRejections} other events rejected`);
  assert.ok(gateChecks > 200, `only ${gateChecks} accepted events checked`);
  assert.ok(gateRejections > 200, `only ${gateRejections} rejections`);
});
