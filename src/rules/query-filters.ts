// # A rule's Kibana `filters` as an event predicate
//
// Kibana ANDs a rule's filters (Kibana Filter objects: `{meta: {negate, disabled}, query: <query DSL>}`) into
// the search, so an event must pass every enabled filter (a negated one must *not* match) to be seen by
// the rule. Sequent evaluates the query DSL clauses rules use, with keyword-field semantics:
//   bool (must, filter, should + minimum_should_match, must_not), match_all, match_none,
//   term / terms / match / match_phrase (equality with any value; `case_insensitive` on term),
//   wildcard / prefix (with `case_insensitive`), exists, range (gt/gte/lt/lte; numbers, dates, strings).
// `match`/`match_phrase` on analysed text fields are approximated by equality. Anything else
// (query_string, script, nested, geo …) is reported, so the caller can refuse to run the rule rather
// than run it without the filter.

import { fieldRead, equalsTest, textOf, wildcardQueryMatcher, type EventSource } from "./field-values.js";
import { isJsonObject } from "./from-api.js";
import type { JsonObject, JsonValue } from "./model.js";

export type EventPredicate = (source: EventSource) => boolean;

export type CompiledFilters =
  | { readonly ok: true; readonly keep: EventPredicate; readonly count: number }
  | { readonly ok: false; readonly problems: readonly string[] };

class Unsupported extends Error {}

/** The single `{ field: spec }` pair of a leaf clause. */
function fieldAndSpec(body: JsonValue | undefined, clause: string): [string, JsonValue] {
  if (!isJsonObject(body)) throw new Unsupported(`${clause} clause must be an object`);
  const entries = Object.entries(body);
  const pair = entries.find(([k]) => k !== "boost" && k !== "_name");
  if (pair === undefined) throw new Unsupported(`${clause} clause names no field`);
  return pair;
}

/** `value` or `{ <key>: value, case_insensitive }`. */
function valueSpec(spec: JsonValue, key: string): { value: JsonValue; caseInsensitive: boolean } {
  if (isJsonObject(spec)) return { value: spec[key] ?? spec["value"] ?? null, caseInsensitive: spec["case_insensitive"] === true };
  return { value: spec, caseInsensitive: false };
}

function scalarText(v: JsonValue, clause: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new Unsupported(`${clause} value must be a string, number or boolean`);
}

function equality(field: string, values: readonly string[], caseInsensitive: boolean): EventPredicate {
  const { read, caseless } = fieldRead(field);
  const eq = equalsTest(values, caseless || caseInsensitive);
  return (s) => eq(read(s));
}

type Bound = { readonly op: "gt" | "gte" | "lt" | "lte"; readonly value: JsonValue };

function compareTo(v: unknown, bound: JsonValue): number | undefined {
  if (typeof bound === "number") {
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    return Number.isNaN(n) ? undefined : n - bound;
  }
  if (typeof bound === "string") {
    const t = textOf(v);
    if (t === undefined) return undefined;
    const a = Date.parse(t);
    const b = Date.parse(bound);
    if (!Number.isNaN(a) && !Number.isNaN(b) && /\d{4}-\d{2}/.test(bound)) return a - b;
    if (typeof v === "number" && !Number.isNaN(Number(bound))) return v - Number(bound);
    return t < bound ? -1 : t > bound ? 1 : 0;
  }
  return undefined;
}

function rangeTest(field: string, spec: JsonValue): EventPredicate {
  if (!isJsonObject(spec)) throw new Unsupported("range clause must be an object");
  const bounds: Bound[] = [];
  for (const op of ["gt", "gte", "lt", "lte"] as const) {
    const v = spec[op];
    if (v !== undefined && v !== null) bounds.push({ op, value: v });
  }
  if (typeof spec["from"] !== "undefined" || typeof spec["to"] !== "undefined") throw new Unsupported("range from/to is not supported (use gt/gte/lt/lte)");
  for (const b of bounds) if (typeof b.value === "string" && /^now|\|\|/.test(b.value)) throw new Unsupported("date math in range is not supported");
  const { read } = fieldRead(field);
  return (s) =>
    read(s).some((v) =>
      bounds.every((b) => {
        const c = compareTo(v, b.value);
        if (c === undefined) return false;
        return b.op === "gt" ? c > 0 : b.op === "gte" ? c >= 0 : b.op === "lt" ? c < 0 : c <= 0;
      }),
    );
}

function clauses(v: JsonValue | undefined): JsonValue[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? (v as JsonValue[]) : [v];
}

/** Compile one query DSL clause. Throws Unsupported. */
export function compileDsl(q: JsonValue): EventPredicate {
  if (!isJsonObject(q)) throw new Unsupported("query must be an object");
  const keys = Object.keys(q);
  if (keys.length !== 1) throw new Unsupported(`a query clause must have exactly one key, not ${keys.length} (${keys.join(", ")})`);
  const kind = keys[0]!;
  const body = q[kind];
  switch (kind) {
    case "match_all":
      return () => true;
    case "match_none":
      return () => false;
    case "bool": {
      if (!isJsonObject(body)) throw new Unsupported("bool clause must be an object");
      const must = [...clauses(body["must"]), ...clauses(body["filter"])].map(compileDsl);
      const should = clauses(body["should"]).map(compileDsl);
      const mustNot = clauses(body["must_not"]).map(compileDsl);
      const msmRaw = body["minimum_should_match"];
      const msm = typeof msmRaw === "number" ? msmRaw : typeof msmRaw === "string" && /^\d+$/.test(msmRaw) ? Number(msmRaw) : should.length > 0 && must.length === 0 ? 1 : 0;
      if (typeof msmRaw === "string" && !/^\d+$/.test(msmRaw)) throw new Unsupported(`minimum_should_match "${msmRaw}" is not supported`);
      return (s) => {
        for (const t of must) if (!t(s)) return false;
        for (const t of mustNot) if (t(s)) return false;
        if (msm > 0) {
          let n = 0;
          for (const t of should) if (t(s) && ++n >= msm) return true;
          return false;
        }
        return true;
      };
    }
    case "term":
    case "match":
    case "match_phrase": {
      const [field, spec] = fieldAndSpec(body, kind);
      const { value, caseInsensitive } = valueSpec(spec, kind === "term" ? "value" : "query");
      return equality(field, [scalarText(value, kind)], caseInsensitive);
    }
    case "terms": {
      const [field, spec] = fieldAndSpec(body, kind);
      if (!Array.isArray(spec)) throw new Unsupported("terms lookup is not supported (give a list of values)");
      return equality(field, (spec as JsonValue[]).map((v) => scalarText(v, kind)), false);
    }
    case "wildcard":
    case "prefix": {
      const [field, spec] = fieldAndSpec(body, kind);
      const key = kind === "wildcard" && isJsonObject(spec) && spec["wildcard"] !== undefined ? "wildcard" : "value";
      const { value, caseInsensitive } = valueSpec(spec, key);
      const text = scalarText(value, kind);
      const pattern = kind === "prefix" ? text.replace(/[\\*?]/g, "\\$&") + "*" : text;
      const { read, caseless } = fieldRead(field);
      const match = wildcardQueryMatcher(pattern, caseless || caseInsensitive);
      return (s) =>
        read(s).some((v) => {
          const t = textOf(v);
          return t !== undefined && match(t);
        });
    }
    case "exists": {
      if (!isJsonObject(body) || typeof body["field"] !== "string") throw new Unsupported("exists clause needs a field");
      const { read } = fieldRead(body["field"]);
      return (s) => read(s).length > 0;
    }
    case "range": {
      const [field, spec] = fieldAndSpec(body, kind);
      return rangeTest(field, spec);
    }
    default:
      throw new Unsupported(`query clause "${kind}" is not supported`);
  }
}

const FILTER_META_KEYS = new Set(["meta", "$state", "query"]);

/** The query DSL of a Kibana filter: `query`, or (older filters) the remaining top-level clause. */
function filterQuery(f: JsonObject): JsonValue {
  if (f["query"] !== undefined) return f["query"];
  const rest = Object.entries(f).filter(([k]) => !FILTER_META_KEYS.has(k));
  if (rest.length === 1) return { [rest[0]![0]]: rest[0]![1] };
  throw new Unsupported("filter has no query");
}

/** Compile a rule's `filters` into "keep this event" (every enabled filter passes). */
export function compileRuleFilters(filters: readonly JsonValue[]): CompiledFilters {
  const tests: EventPredicate[] = [];
  const problems: string[] = [];
  filters.forEach((f, i) => {
    try {
      if (!isJsonObject(f)) throw new Unsupported("filter must be an object");
      const meta = isJsonObject(f["meta"]) ? f["meta"] : {};
      if (meta["disabled"] === true) return;
      const test = compileDsl(filterQuery(f));
      tests.push(meta["negate"] === true ? (s) => !test(s) : test);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      problems.push(`filters[${i}]: ${e.message}`);
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  const keep: EventPredicate = tests.length === 0 ? () => true : (s) => tests.every((t) => t(s));
  return { ok: true, keep, count: tests.length };
}
