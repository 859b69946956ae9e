// # Necessary conditions of event filters
//
// For each event filter of a query we derive facts that every matching event must satisfy, without
// evaluating anything:
//
// - *value conditions*: `field ∈ {v1, v2, …}` (a multi-valued field satisfies it when any element does; two
//   conditions on one field in a conjunction are never intersected, as different elements may satisfy them),
//   for a rule index that dispatches parsed events only to the rules that can match them;
// - *literal clauses*: a conjunction of clauses, each a disjunction of strings, such that the raw JSON line
//   of any matching event contains at least one string of every clause. The raw-byte prefilter
//   (src/compile/prefilter.ts) searches for one chosen clause before paying for JSON.parse.
//
// Soundness over precision. Facts come only from conjunctions of positive comparisons of a (non-optional)
// field with string constants: `==`, `in`, `in~`, `:`, `like`, `like~`. `or` unions both sides, `and` keeps
// both sides' facts, everything else (`not`, `!=`, functions, regex, numbers, null tests, optional fields,
// field-to-field comparisons) yields no constraint.
//
// Raw form of a string in a JSON line: JSON allows any character to be written as `\uXXXX` and `/` as `\/`.
// We take the canonical form (JSON.stringify without the quotes: `\` → `\\`, `"` → `\"`, other characters
// as themselves, UTF-8 encoded). A line that uses a `\u` or `\/` escape anywhere is always a candidate
// (the prefilter checks that), so the canonical form is the only spelling left to search for.
// Case-insensitive constants must be ASCII; their search folds ASCII letters only, and the prefilter treats
// every line with a non-ASCII byte as a candidate (Unicode case mappings take e.g. U+212A KELVIN SIGN to
// "k"). Control characters are never used.
//
// Values compared with non-string fields are coerced (IP, number, date, boolean, version), so their raw
// spelling may differ from the constant ("::1" vs "0:0:0:0:0:0:0:1"). With a schema, only keyword-like
// fields give facts, and not for constants spelled like a number or boolean (a keyword field indexes the
// JSON number 5 as "5"); without one (or for a field it does not know) constants that could be coerced —
// anything starting with a digit, a sign or NaN/Infinity, spelling
// true/false/null, or an IPv6 address — give no facts. Fields the schema types `constant_keyword` (the value
// may come from the mapping, not `_source`: Elastic's `data_stream.*`) or gives a mapping `null_value` give
// none. So pass the schema the engine uses.

import type { ComparisonOp, EventFilter, Expr, FieldRef, Query } from "../eql/ast.js";
import { assertNever } from "../eql/ast.js";
import type { FieldType, Schema } from "../eql/types.js";

/** `field ∈ values` (any element of a multi-valued field). Case-insensitive sets hold lower-cased values. */
export interface ValueCondition {
  readonly field: string;
  readonly values: readonly string[];
  readonly caseInsensitive: boolean;
}

/**
 * A string that must occur in the raw line. `raw` is the canonical JSON spelling of (part of) a string
 * value, with the opening/closing quote when the value must start/end there; for a case-insensitive
 * literal it is ASCII and lower-cased.
 */
export interface RawLiteral {
  readonly raw: string;
  readonly caseInsensitive: boolean;
  /** The field whose comparison produced it (for scoring and reports). */
  readonly field: string;
}

/** A disjunction: a matching line contains at least one of these. An empty clause is unsatisfiable. */
export type LiteralClause = readonly RawLiteral[];

export interface FilterNecessity {
  /** All hold for every matching event. */
  readonly conditions: readonly ValueCondition[];
  /** All hold for every matching line (CNF). No clauses = no constraint. */
  readonly clauses: readonly LiteralClause[];
}

export type FilterRole = "event" | "stage" | "missing" | "until" | "sample";

export interface FilterFacts {
  readonly role: FilterRole;
  /** Position among the query's filters of this role (0-based). */
  readonly index: number;
  readonly filter: EventFilter;
  readonly necessity: FilterNecessity;
}

export interface NecessaryOptions {
  /** Field types. Without one, constants are judged by their shape (see above). */
  readonly schema?: Schema;
  /** The field `process where` tests (a rule's event_category_override). Default `event.category`. */
  readonly categoryField?: string;
  /** At most this many clauses are kept per expression (the best ones). Default 8. */
  readonly maxClauses?: number;
  /** Clauses with more alternatives than this are dropped. Default 512. */
  readonly maxAlternatives?: number;
}

const DEFAULT_CATEGORY_FIELD = "event.category";

/** Facts for every filter of a query: event filter, sequence stages (missing ones too), until, sample stages. */
export function necessaryForQuery(query: Query, options: NecessaryOptions = {}): FilterFacts[] {
  switch (query.kind) {
    case "event":
      return [{ role: "event", index: 0, filter: query.filter, necessity: necessaryForFilter(query.filter, options) }];
    case "sequence": {
      const out: FilterFacts[] = [];
      let positive = 0;
      let missing = 0;
      for (const stage of query.stages) {
        const necessity = necessaryForFilter(stage.filter, options);
        if (stage.missing) out.push({ role: "missing", index: missing++, filter: stage.filter, necessity });
        else out.push({ role: "stage", index: positive++, filter: stage.filter, necessity });
      }
      if (query.until !== null) {
        out.push({ role: "until", index: 0, filter: query.until.filter, necessity: necessaryForFilter(query.until.filter, options) });
      }
      return out;
    }
    case "sample":
      return query.stages.map((stage, index) => ({
        role: "sample" as const,
        index,
        filter: stage.filter,
        necessity: necessaryForFilter(stage.filter, options),
      }));
    default:
      return assertNever(query, "query");
  }
}

/** Facts for one event filter: its category and condition. */
export function necessaryForFilter(filter: EventFilter, options: NecessaryOptions = {}): FilterNecessity {
  const ctx = makeContext(options);
  let facts = factsOf(filter.condition, ctx);
  if (filter.category !== null) {
    const field = options.categoryField ?? DEFAULT_CATEGORY_FIELD;
    facts = and(equalityFacts(field, [filter.category], false, ctx), facts, ctx);
  }
  return { conditions: [...facts.conditions.values()], clauses: facts.clauses };
}

/**
 * A heuristic selectivity of a literal: longer is rarer; values of fields that nearly every event carries
 * (categories, event types, OS types) count for little. Higher = more selective.
 */
export function literalScore(literal: RawLiteral): number {
  const weight = LOW_SELECTIVITY_FIELDS.has(literal.field) ? 0.3 : 1;
  return Math.min(literal.raw.length, 24) * weight * (literal.caseInsensitive ? 0.9 : 1);
}

/** Score of a clause: its weakest alternative, less a little per alternative. */
export function clauseScore(clause: LiteralClause, score: (l: RawLiteral) => number = literalScore): number {
  if (clause.length === 0) return Number.POSITIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (const l of clause) min = Math.min(min, score(l));
  return min - Math.log2(clause.length);
}

/** The most selective clause of a filter, or null when the filter constrains nothing. */
export function bestClause(necessity: FilterNecessity, score?: (l: RawLiteral) => number): LiteralClause | null {
  let best: LiteralClause | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const clause of necessity.clauses) {
    const s = clauseScore(clause, score);
    if (s > bestScore) {
      best = clause;
      bestScore = s;
    }
  }
  return best;
}

/** Canonical raw JSON spelling of a string inside a JSON string literal, or null when it cannot be used. */
export function rawSpelling(value: string, caseInsensitive: boolean): string | null {
  if (value.length === 0) return null;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return null;
    if (c >= 0xd800 && c <= 0xdfff) {
      // Only well-formed surrogate pairs; U+FFFD stands in for undecodable bytes, skip it too.
      const next = value.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return null;
      i++;
      continue;
    }
    if (c === 0xfffd) return null;
    if (caseInsensitive && c >= 0x80) return null;
  }
  const raw = JSON.stringify(value).slice(1, -1);
  return caseInsensitive ? asciiLower(raw) : raw;
}

// ## Internals

const LOW_SELECTIVITY_FIELDS: ReadonlySet<string> = new Set([
  "event.category",
  "event.type",
  "event.kind",
  "event.outcome",
  "event.module",
  "host.os.type",
  "host.os.family",
  "host.os.platform",
  "host.os.name",
  "agent.type",
  "network.direction",
  "network.transport",
]);

const STRING_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(["keyword", "wildcard", "text", "match_only_text"]);

interface Context {
  readonly schema: Schema | undefined;
  readonly maxClauses: number;
  readonly maxAlternatives: number;
}

interface Facts {
  readonly conditions: ReadonlyMap<string, ValueCondition>;
  readonly clauses: readonly LiteralClause[];
}

const NONE: Facts = { conditions: new Map(), clauses: [] };
const IMPOSSIBLE: Facts = { conditions: new Map(), clauses: [[]] };

function makeContext(options: NecessaryOptions): Context {
  return { schema: options.schema, maxClauses: options.maxClauses ?? 8, maxAlternatives: options.maxAlternatives ?? 512 };
}

function factsOf(expr: Expr, ctx: Context): Facts {
  switch (expr.kind) {
    case "logical": {
      const left = factsOf(expr.left, ctx);
      const right = factsOf(expr.right, ctx);
      return expr.op === "and" ? and(left, right, ctx) : or(left, right, ctx);
    }
    case "compare":
      return compareFacts(expr.op, expr.left, expr.right, ctx);
    case "in": {
      if (expr.negated) return NONE;
      const values = stringConstants(expr.list);
      if (values === null || values.length === 0) return NONE;
      return fieldFacts(expr.value, values, expr.caseInsensitive, ctx);
    }
    case "match": {
      if (expr.op === "regex") return NONE;
      const patterns = stringConstants(expr.patterns);
      if (patterns === null || patterns.length === 0) return NONE;
      return patternFacts(expr.value, patterns, expr.caseInsensitive, ctx);
    }
    case "string":
    case "number":
      // A non-boolean condition: EQL rejects it at analysis; claim nothing.
      return NONE;
    case "boolean":
      return expr.value ? NONE : IMPOSSIBLE;
    case "null":
      return IMPOSSIBLE;
    case "field":
    case "call":
    case "not":
    case "negate":
    case "arith":
      return NONE;
    default:
      return assertNever(expr, "expression");
  }
}

function compareFacts(op: ComparisonOp, left: Expr, right: Expr, ctx: Context): Facts {
  if (op !== "==") return NONE;
  if (left.kind === "field" && right.kind === "string") return fieldFacts(left, [right.value], false, ctx);
  if (right.kind === "field" && left.kind === "string") return fieldFacts(right, [left.value], false, ctx);
  return NONE;
}

function stringConstants(list: readonly Expr[]): string[] | null {
  const out: string[] = [];
  for (const e of list) {
    if (e.kind !== "string") return null;
    out.push(e.value);
  }
  return out;
}

function fieldFacts(value: Expr, constants: readonly string[], caseInsensitive: boolean, ctx: Context): Facts {
  if (value.kind !== "field") return NONE;
  const field = usableField(value, ctx);
  if (field === null) return NONE;
  return equalityFacts(field, constants, caseInsensitive, ctx);
}

/** Facts of `field ∈ constants` (exact, or ASCII case-insensitive). */
function equalityFacts(field: string, constants: readonly string[], caseInsensitive: boolean, ctx: Context): Facts {
  const values: string[] = [];
  const literals: RawLiteral[] = [];
  for (const c of constants) {
    if (!usableConstant(field, c, ctx)) return NONE;
    const raw = rawSpelling(c, caseInsensitive);
    if (raw === null) return NONE;
    values.push(caseInsensitive ? c.toLowerCase() : c);
    // The whole JSON string equals the constant, so its quotes are part of the necessary bytes.
    literals.push({ raw: `"${raw}"`, caseInsensitive, field });
  }
  const conditions = new Map([[field, { field, values: dedupe(values), caseInsensitive }]]);
  return { conditions, clauses: clauseList([dedupeLiterals(literals)], ctx) };
}

/** `field : patterns` / `like` / `like~`: `*` and `?` are wildcards, everything else (backslash too) literal. */
function patternFacts(value: Expr, patterns: readonly string[], caseInsensitive: boolean, ctx: Context): Facts {
  if (value.kind !== "field") return NONE;
  const field = usableField(value, ctx);
  if (field === null) return NONE;
  const literals: RawLiteral[] = [];
  let exact = true;
  for (const p of patterns) {
    if (!usableConstant(field, p, ctx)) return NONE;
    const segments = p.split(/[*?]/);
    if (segments.length > 1) exact = false;
    let best: string | null = null;
    for (let i = 0; i < segments.length; i++) {
      const raw = rawSpelling(segments[i] ?? "", caseInsensitive);
      // An empty or unusable segment is just not chosen; every other segment is still necessary.
      if (raw === null) continue;
      // The first segment starts the JSON string and the last one ends it: their quotes are necessary too.
      const quoted = `${i === 0 ? '"' : ""}${raw}${i === segments.length - 1 ? '"' : ""}`;
      if (best === null || quoted.length > best.length) best = quoted;
    }
    if (best === null) return NONE; // e.g. "*": matches anything non-null
    literals.push({ raw: best, caseInsensitive, field });
  }
  const conditions = new Map<string, ValueCondition>();
  if (exact) {
    const values = patterns.map((p) => (caseInsensitive ? p.toLowerCase() : p));
    // Case-insensitive exact values are only kept as conditions when ASCII (dispatch lower-cases ASCII).
    if (!caseInsensitive || patterns.every(isAscii)) conditions.set(field, { field, values: dedupe(values), caseInsensitive });
  }
  return { conditions, clauses: clauseList([dedupeLiterals(literals)], ctx) };
}

function usableField(ref: FieldRef, _ctx: Context): string | null {
  if (ref.optional) return null;
  return ref.name;
}

function usableConstant(field: string, value: string, ctx: Context): boolean {
  const resolved = ctx.schema?.lookup(field);
  if (resolved !== undefined) {
    if (resolved.missing || resolved.nullValue !== undefined) return false;
    // A keyword field indexes a JSON number or boolean as its text ({"code": 5} is "5"), so a constant
    // spelled like one need not occur quoted in the line.
    if (resolved.type !== "unknown") return STRING_TYPES.has(resolved.type) && !jsonScalarText(value);
  } else if (ctx.schema !== undefined && ctx.schema.strict) {
    // Unknown to a strict schema: a query error upstream; claim nothing.
    return false;
  }
  return !coercible(value);
}

/** Is this constant the text of a JSON number or boolean (what a keyword field indexes for one)? */
function jsonScalarText(value: string): boolean {
  return value === "true" || value === "false" || /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/.test(value);
}

/** Could this constant be compared with a non-string field after coercion (number, IP, date, boolean)? */
function coercible(value: string): boolean {
  const t = value.trim().toLowerCase();
  if (t === "" || t === "true" || t === "false" || t === "null") return true;
  // Numbers (Java also parses "NaN"/"Infinity"), IPv4, dates and versions start with a digit or a sign.
  if (/^[+-]?(?:[0-9.]|nan|infinity)/.test(t)) return true;
  // IPv6 (also "::1", "fe80::1%en0") and CIDR-like text.
  return t.includes(":") && /^[0-9a-f:.%/a-z]*$/.test(t) && /^[0-9a-f:.]*(?:%[a-z0-9]+)?(?:\/\d+)?$/.test(t);
}

function and(a: Facts, b: Facts, ctx: Context): Facts {
  if (a.clauses.length === 0 && a.conditions.size === 0) return b;
  if (b.clauses.length === 0 && b.conditions.size === 0) return a;
  const conditions = new Map(a.conditions);
  for (const [field, cb] of b.conditions) {
    const ca = conditions.get(field);
    if (ca === undefined) conditions.set(field, cb);
    else conditions.set(field, narrower(ca, cb));
  }
  return { conditions, clauses: clauseList([...a.clauses, ...b.clauses], ctx) };
}

function or(a: Facts, b: Facts, ctx: Context): Facts {
  if (isImpossible(a)) return b;
  if (isImpossible(b)) return a;
  const conditions = new Map<string, ValueCondition>();
  for (const [field, ca] of a.conditions) {
    const cb = b.conditions.get(field);
    if (cb !== undefined) conditions.set(field, union(ca, cb));
  }
  const clauses: LiteralClause[] = [];
  for (const ca of a.clauses) {
    for (const cb of b.clauses) clauses.push(dedupeLiterals([...ca, ...cb]));
  }
  return { conditions, clauses: clauseList(clauses, ctx) };
}

function isImpossible(f: Facts): boolean {
  return f.clauses.some((c) => c.length === 0);
}

/**
 * Both conditions hold, but possibly on different values of a multi-valued field (`process.args : "a" and
 * process.args : "b"` holds for ["a", "b"]), so their intersection is not necessary: keep one of them, the
 * one with fewer values (the exact one on a tie).
 */
function narrower(a: ValueCondition, b: ValueCondition): ValueCondition {
  if (a.values.length !== b.values.length) return a.values.length < b.values.length ? a : b;
  return a.caseInsensitive && !b.caseInsensitive ? b : a;
}

function union(a: ValueCondition, b: ValueCondition): ValueCondition {
  if (a.caseInsensitive === b.caseInsensitive) {
    return { field: a.field, values: dedupe([...a.values, ...b.values]), caseInsensitive: a.caseInsensitive };
  }
  return { field: a.field, values: dedupe([...a.values, ...b.values].map((v) => v.toLowerCase())), caseInsensitive: true };
}

/** Keeps the best clauses; dropping a clause (a weaker conjunction) is always sound. */
function clauseList(clauses: readonly LiteralClause[], ctx: Context): LiteralClause[] {
  const seen = new Set<string>();
  const kept: LiteralClause[] = [];
  for (const c of clauses) {
    if (c.length > ctx.maxAlternatives) continue;
    const key = c.map(literalKey).sort().join("\u0000");
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(c);
  }
  if (kept.length <= ctx.maxClauses) return kept;
  return kept
    .map((c) => ({ c, s: clauseScore(c) }))
    .sort((x, y) => y.s - x.s)
    .slice(0, ctx.maxClauses)
    .map((x) => x.c);
}

/** Field included: a literal stands for its own field (the engine's literal gates test it there). */
function literalKey(l: RawLiteral): string {
  return `${l.caseInsensitive ? "i" : "s"}:${l.field}\u0000${l.raw}`;
}

function dedupeLiterals(list: readonly RawLiteral[]): RawLiteral[] {
  const seen = new Set<string>();
  const out: RawLiteral[] = [];
  for (const l of list) {
    const k = literalKey(l);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(l);
    }
  }
  return out;
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

