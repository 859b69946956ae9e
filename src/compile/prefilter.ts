// # Raw-byte prefilter: skip JSON.parse for lines no rule can match
//
// For every event filter of every rule we pick one necessary literal clause (src/compile/necessary.ts):
// any event the filter matches has, in its raw JSON line, at least one of the clause's strings. The
// union of the chosen clauses over all filters (sequence stages, missing stages, until, sample stages)
// is the set searched for; a line that contains none of them cannot match any filter and need not be
// parsed. If any filter has no usable clause, every line may match (`passAll`).
//
// A literal that ends with a string's closing quote (`"exec"`) only counts where that string is a value,
// not an object key (`"process":{…}` does not satisfy `"process"`): in valid JSON a key is followed by
// optional whitespace and `:`, a value never is.
//
// Beyond the literals, a line is always a candidate when
// - it contains a JSON `\uXXXX` or `\/` escape (the literals are searched in canonical spelling only), or
// - it contains a non-ASCII byte and some literal is case-insensitive (Unicode case mappings reach ASCII).
//
// Search: up to four case-sensitive literals use Buffer#indexOf (native); otherwise one Aho-Corasick DFA
// over ASCII-folded bytes scans the line once, verifying case-sensitive hits against the original bytes.

import type { Query } from "../eql/ast.js";
import { bestClause, clauseScore, necessaryForQuery, type FilterFacts, type FilterRole, type LiteralClause, type NecessaryOptions, type RawLiteral } from "./necessary.js";

/** "May this raw line (bytes `start`..`end` of `line`, no newline) match some rule?" */
export type MayMatch = (line: Buffer, start: number, end: number) => boolean;

/**
 * Visits, in order, the lines of `buf[start, end)` that may match: `visit(lineStart, lineEnd)` (lines split
 * on "\n", a trailing "\r" excluded, empty lines skipped). Faster than MayMatch per line for few literals:
 * each literal is searched once over the whole block (native Buffer#indexOf) and only the lines holding a hit
 * are visited; lines in between are never looked at.
 */
export type CandidateScan = (buf: Buffer, start: number, end: number, visit: (lineStart: number, lineEnd: number) => void) => void;

/** A query with options of its own (e.g. a rule's event_category_override as `categoryField`). */
export interface PrefilterRule {
  readonly query: Query;
  readonly options?: NecessaryOptions;
  /**
   * The query's facts when the caller has them already: `necessaryForQuery(query, …)` with the prefilter's
   * schema and these options (an engine's prepared rules), so they are not derived again.
   */
  readonly facts?: readonly FilterFacts[];
}

export interface PrefilterOptions extends NecessaryOptions {
  /** Literal selectivity (higher = rarer); defaults to `literalScore`. */
  readonly score?: (literal: RawLiteral) => number;
  /**
   * Share of lines (0..1) expected to contain a literal, e.g. `sampleFrequency(lines)`. When given, each
   * filter gets the clause with the smallest summed share (ties: `score`).
   */
  readonly frequency?: (literal: RawLiteral) => number;
  /**
   * Representative input lines (a few hundred to a few thousand). Sets `frequency` from them (unless given),
   * and when the finished prefilter would keep more than `maxKeptShare` of them, it is not worth its scan:
   * the result passes everything (`unselective`).
   */
  readonly sample?: readonly Buffer[];
  /** Default 0.5. */
  readonly maxKeptShare?: number;
  /** Use the automaton even for a few case-sensitive literals (for tests). */
  readonly forceAutomaton?: boolean;
}

/** A filter that got no usable clause, so it forces `passAll`. */
export interface UnconstrainedFilter {
  readonly rule: number;
  readonly role: FilterRole;
  readonly index: number;
}

export interface Prefilter {
  readonly mayMatch: MayMatch;
  readonly forEachCandidate: CandidateScan;
  /** Distinct literals searched for. */
  readonly literalCount: number;
  readonly literals: readonly RawLiteral[];
  /** Every line may match: some filter has no usable literal, or (with a sample) the literals are too common. */
  readonly passAll: boolean;
  /** Share of the sample lines the literal search kept (null without a sample; unselective: at least this). */
  readonly sampleKeptShare: number | null;
  /** True when passAll because the literal search kept more than `maxKeptShare` of the sample. */
  readonly unselective: boolean;
  readonly filterCount: number;
  readonly constrainedFilterCount: number;
  readonly unconstrained: readonly UnconstrainedFilter[];
  /**
   * With a sample: the chosen literal found on the most sample lines, its share of them, and the rules (indices)
   * whose chosen clauses hold it. When the prefilter is unselective, these rules are the first to look at.
   */
  readonly commonest: { readonly literal: RawLiteral; readonly share: number; readonly rules: readonly number[] } | null;
  readonly strategy: "pass-all" | "none" | "index-of" | "automaton";
}

/** Builds the prefilter of a rule set. */
export function buildPrefilter(rules: readonly (Query | PrefilterRule)[], options: PrefilterOptions = {}): Prefilter {
  const { frequency, perRule } = factsOfRules(rules, options);
  const chosen: RawLiteral[] = [];
  /** Rules (indices) per chosen literal, by literalKey. */
  const chosenBy = new Map<string, number[]>();
  const unconstrained: UnconstrainedFilter[] = [];
  let filterCount = 0;
  perRule.forEach((allFacts, ruleIndex) => {
    for (const facts of allFacts) {
      filterCount++;
      const clause = frequency !== undefined ? cheapestClause(facts.necessity.clauses, frequency, options.score) : bestClause(facts.necessity, options.score);
      if (clause === null) {
        unconstrained.push({ rule: ruleIndex, role: facts.role, index: facts.index });
        continue;
      }
      chosen.push(...clause);
      for (const l of clause) {
        const by = chosenBy.get(literalKey(l));
        if (by === undefined) chosenBy.set(literalKey(l), [ruleIndex]);
        else if (by[by.length - 1] !== ruleIndex) by.push(ruleIndex);
      }
    }
  });
  const literals = dedupe(chosen);
  let commonest: Prefilter["commonest"] = null;
  if (options.sample !== undefined && options.sample.length > 0 && frequency !== undefined && options.frequency === undefined) {
    // frequencies counted exactly on the sample when the clauses were chosen
    let best: RawLiteral | null = null;
    let most = -1;
    for (const l of literals) {
      const n = sampleCount(frequency(l), options.sample.length);
      if (n > most) [best, most] = [l, n];
    }
    if (best !== null) commonest = { literal: best, share: most / options.sample.length, rules: chosenBy.get(literalKey(best)) ?? [] };
  }
  const base = { filterCount, constrainedFilterCount: filterCount - unconstrained.length, unconstrained, commonest };
  const all: MayMatch = () => true;
  const passAll = { mayMatch: all, forEachCandidate: perLine(all), literalCount: literals.length, literals, passAll: true, strategy: "pass-all" } as const;
  if (unconstrained.length > 0) return { ...base, ...passAll, sampleKeptShare: null, unselective: false };
  const maxKept = options.maxKeptShare ?? 0.5;
  if (options.sample !== undefined && options.sample.length > 0 && frequency !== undefined && options.frequency === undefined) {
    // Every sample line holding one chosen literal is kept, so the most frequent literal's share (counted
    // exactly on the sample when the clauses were chosen) bounds the kept share from below: past the limit,
    // skip building the matcher (thousands of literals for a whole rule pack).
    const share = commonest?.share ?? 0;
    if (share > maxKept) return { ...base, ...passAll, sampleKeptShare: share, unselective: true };
  }
  const { mayMatch, forEachCandidate, strategy } = literalMatcher(literals, options.forceAutomaton === true);
  let sampleKeptShare: number | null = null;
  if (options.sample !== undefined && options.sample.length > 0) {
    let kept = 0;
    for (const line of options.sample) if (mayMatch(line, 0, line.length)) kept++;
    sampleKeptShare = kept / options.sample.length;
    if (sampleKeptShare > maxKept) return { ...base, ...passAll, sampleKeptShare, unselective: true };
  }
  return { ...base, mayMatch, forEachCandidate, literalCount: literals.length, literals, passAll: false, strategy, sampleKeptShare, unselective: false };
}

/**
 * Each rule's necessary facts, and the literal frequencies to choose clauses by (from `options.frequency`, or
 * counted on `options.sample`, every clause literal in one pass).
 */
function factsOfRules(
  rules: readonly (Query | PrefilterRule)[],
  options: PrefilterOptions,
): { frequency: ((l: RawLiteral) => number) | FrequencyEstimator | undefined; perRule: (readonly FilterFacts[])[] } {
  const frequency: ((l: RawLiteral) => number) | FrequencyEstimator | undefined =
    options.frequency ?? (options.sample !== undefined ? sampleFrequency(options.sample) : undefined);
  const perRule = rules.map((rule): readonly FilterFacts[] => {
    if (!("query" in rule)) return necessaryForQuery(rule, options);
    return rule.facts ?? necessaryForQuery(rule.query, { ...options, ...rule.options });
  });
  const prime = (frequency as Partial<FrequencyEstimator> | undefined)?.prime;
  if (typeof prime === "function") prime(perRule.flatMap((facts) => facts.flatMap((f) => f.necessity.clauses.flat())));
  return { frequency, perRule };
}

/** The clause whose literals are expected in the fewest lines. */
function cheapestClause(clauses: readonly LiteralClause[], frequency: (l: RawLiteral) => number, score?: (l: RawLiteral) => number): LiteralClause | null {
  let best: LiteralClause | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const clause of clauses) {
    let cost = 0;
    for (const l of clause) cost += frequency(l);
    const s = clauseScore(clause, score);
    if (cost < bestCost || (cost === bestCost && s > bestScore)) {
      best = clause;
      bestCost = cost;
      bestScore = s;
    }
  }
  return best;
}

/**
 * Literal frequencies measured on sample lines: the share of lines containing the literal (case-sensitive or
 * ASCII-folded as the literal says, object-key hits of string-closing literals not counted; the escape and
 * non-ASCII fallbacks are ignored, this is an estimate). Unseen literals count as half a line. Literals are
 * counted in batches: the first query of an unknown literal counts it together with `prime`d ones in one
 * automaton pass over the sample.
 */
export interface FrequencyEstimator {
  (literal: RawLiteral): number;
  /** Count these literals now, in one pass (call before querying many literals). */
  prime(literals: readonly RawLiteral[]): void;
}

/** The sample line count behind a `sampleFrequency` estimate (it adds half a line: (count + 0.5) / (n + 1)). */
function sampleCount(estimate: number, sampleLines: number): number {
  return Math.max(0, Math.round(estimate * (sampleLines + 1) - 0.5));
}

export function sampleFrequency(sample: readonly Buffer[]): FrequencyEstimator {
  const memo = new Map<string, number>();
  const prime = (literals: readonly RawLiteral[]): void => {
    const todo = dedupe(literals.filter((l) => !memo.has(literalKey(l))));
    if (todo.length === 0) return;
    const counts = countLines(todo, sample);
    todo.forEach((l, i) => memo.set(literalKey(l), ((counts[i] ?? 0) + 0.5) / (sample.length + 1)));
  };
  const estimate = ((literal: RawLiteral): number => {
    const key = literalKey(literal);
    let f = memo.get(key);
    if (f === undefined) {
      prime([literal]);
      f = memo.get(key) ?? 1;
    }
    return f;
  }) as FrequencyEstimator;
  estimate.prime = prime;
  return estimate;
}

/** 1 at the row offset of every state where some pattern ends. */
function outputRows(outputs: readonly (readonly number[])[], states: number, classes: number): Uint8Array {
  const rows = new Uint8Array(states * classes);
  for (let st = 0; st < states; st++) if ((outputs[st]?.length ?? 0) > 0) rows[st * classes] = 1;
  return rows;
}

function literalKey(l: RawLiteral): string {
  return `${l.caseInsensitive ? "i" : "s"}:${l.raw}`;
}

/** For each literal, the number of sample lines containing it (one automaton pass over each line). */
function countLines(literals: readonly RawLiteral[], sample: readonly Buffer[]): number[] {
  const { exact, classOf, classes, states, delta, outputs } = compileDfa(literals);
  const hasOut = outputRows(outputs, states, classes);
  const closing = literals.map((l) => closesString(l.raw));
  const counts = new Array<number>(literals.length).fill(0);
  const lastLine = new Int32Array(literals.length).fill(-1);
  sample.forEach((line, lineNo) => {
    let row = 0;
    for (let i = 0; i < line.length; i++) {
      const b = line[i] as number;
      row = delta[row + (classOf[b] as number)] as number;
      if (hasOut[row] === 0) continue;
      for (const id of outputs[row / classes] ?? []) {
        if (lastLine[id] === lineNo) continue;
        if (!confirmed(line, exact[id] as Buffer, literals[id]?.caseInsensitive === true, closing[id] === true, i, 0, line.length)) continue;
        lastLine[id] = lineNo;
        counts[id] = (counts[id] ?? 0) + 1;
      }
    }
  });
  return counts;
}

/** A "contains one of these literals" matcher with the escape and non-ASCII fallbacks described above. */
export function literalMatcher(
  literals: readonly RawLiteral[],
  forceAutomaton = false,
): { readonly mayMatch: MayMatch; readonly forEachCandidate: CandidateScan; readonly strategy: "none" | "index-of" | "automaton" } {
  if (literals.length === 0) {
    const none: MayMatch = () => false;
    return { mayMatch: none, forEachCandidate: () => undefined, strategy: "none" };
  }
  const anyInsensitive = literals.some((l) => l.caseInsensitive);
  if (!anyInsensitive && literals.length <= 4 && !forceAutomaton) {
    const needles = literals.map((l) => Buffer.from(l.raw, "utf8"));
    const closing = literals.map((l) => closesString(l.raw));
    const mayMatch: MayMatch = (line, start, end) => {
      const view = line.subarray(start, end);
      for (let k = 0; k < needles.length; k++) {
        const n = needles[k] as Buffer;
        let at = view.indexOf(n);
        if (!closing[k]) {
          if (at !== -1) return true;
          continue;
        }
        while (at !== -1) {
          if (!isKey(view, at + n.length, view.length)) return true;
          at = view.indexOf(n, at + 1);
        }
      }
      return hasEscape(view);
    };
    return { mayMatch, forEachCandidate: blockScan(needles, closing), strategy: "index-of" };
  }
  const dfa = buildAutomaton(literals);
  const mayMatch: MayMatch = (line, start, end) => {
    if (dfa.scan(line, start, end)) return true;
    return hasEscape(line.subarray(start, end));
  };
  return { mayMatch, forEachCandidate: perLine(mayMatch), strategy: "automaton" };
}

/** CandidateScan by testing every line. */
function perLine(mayMatch: MayMatch): CandidateScan {
  return (buf, start, end, visit) => {
    let ls = start;
    while (ls < end) {
      let nl = buf.indexOf(0x0a, ls);
      if (nl === -1 || nl > end) nl = end;
      let le = nl;
      if (le > ls && buf[le - 1] === 0x0d) le--;
      if (le > ls && mayMatch(buf, ls, le)) visit(ls, le);
      ls = nl + 1;
    }
  };
}

/**
 * CandidateScan for a few case-sensitive literals: the next accepted occurrence of every literal and of every
 * real `\u` / `\/` escape is tracked over the block; the earliest one names the next candidate line.
 */
function blockScan(needles: readonly Buffer[], closing: readonly boolean[]): CandidateScan {
  const all = [...needles, NEEDLE_U, NEEDLE_SLASH];
  const kinds = [...closing.map((c) => (c ? KIND_CLOSING : KIND_PLAIN)), KIND_ESCAPE, KIND_ESCAPE];
  // Buffer#indexOf slows down badly on a needle whose first byte is everywhere (a `"` in JSON: ten times
  // slower here): such needles are searched without their first byte, which is then checked.
  const skips = all.map((n) => (n.length > 1 && n[0] === QUOTE ? 1 : 0));
  const tails = all.map((n, k) => n.subarray(skips[k]!));
  const locate = (buf: Buffer, k: number, from: number): number => {
    const skip = skips[k]!;
    if (skip === 0) return buf.indexOf(all[k] as Buffer, from);
    const tail = tails[k] as Buffer;
    for (let at = buf.indexOf(tail, from + skip); at !== -1; at = buf.indexOf(tail, at + 1)) {
      if (buf[at - 1] === QUOTE) return at - 1;
    }
    return -1;
  };
  return (buf, start, end, visit) => {
    const next = new Array<number>(all.length).fill(-2);
    // The next accepted occurrence of needle k at or after `from`, or -1 before `end`.
    const find = (k: number, from: number): number => {
      const n = all[k] as Buffer;
      const kind = kinds[k];
      let at = locate(buf, k, from);
      while (at !== -1 && at + n.length <= end) {
        if (kind === KIND_PLAIN) return at;
        if (kind === KIND_CLOSING) {
          if (!isKey(buf, at + n.length, end)) return at;
        } else {
          let j = at;
          while (j >= start && buf[j] === BACKSLASH) j--;
          if ((at - j) % 2 === 1) return at;
        }
        at = locate(buf, k, at + 1);
      }
      return -1;
    };
    let pos = start;
    while (pos < end) {
      let m = -1;
      for (let k = 0; k < all.length; k++) {
        let at = next[k] as number;
        if (at !== -1 && at < pos) {
          at = find(k, pos);
          next[k] = at;
        }
        if (at !== -1 && (m === -1 || at < m)) m = at;
      }
      if (m === -1) return;
      const prev = m > start ? buf.lastIndexOf(0x0a, m - 1) : -1;
      const ls = prev < start ? start : prev + 1;
      let nl = buf.indexOf(0x0a, m);
      if (nl === -1 || nl > end) nl = end;
      let le = nl;
      if (le > ls && buf[le - 1] === 0x0d) le--;
      if (le > ls) visit(ls, le);
      pos = nl + 1;
    }
  };
}

const QUOTE = 0x22;
const KIND_PLAIN = 0;
const KIND_CLOSING = 1;
const KIND_ESCAPE = 2;

/**
 * A literal whose last byte is the closing quote of a JSON string (an unescaped `"`). Its hits that are object
 * keys (followed by optional whitespace and `:`) cannot be the compared value, so they do not count.
 */
function closesString(raw: string): boolean {
  if (!raw.endsWith('"') || raw.length < 2) return false;
  let backslashes = 0;
  for (let i = raw.length - 2; i >= 0 && raw.charCodeAt(i) === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** Is the string token that ended just before `from` an object key? */
/**
 * Does literal `p`, which the automaton reports ending at byte `last` (it matched ASCII-folded), really occur
 * there within [start, end): byte for byte unless case-insensitive, and — for a literal closing a string — as
 * a value, not an object key?
 */
function confirmed(line: Uint8Array, p: Uint8Array, caseInsensitive: boolean, closes: boolean, last: number, start: number, end: number): boolean {
  const from = last + 1 - p.length;
  if (from < start) return false;
  if (!caseInsensitive) {
    for (let k = 0; k < p.length; k++) if (line[from + k] !== p[k]) return false;
  }
  return !(closes && isKey(line, last + 1, end));
}

function isKey(line: Uint8Array, from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    const b = line[i];
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x3a;
  }
  return false;
}

/** True when the bytes contain a real JSON `\u` or `\/` escape (an odd run of backslashes before it). */
export function hasEscape(view: Buffer): boolean {
  return escapedBefore(view, 0x75) || escapedBefore(view, 0x2f);
}

const BACKSLASH = 0x5c;
const NEEDLE_U = Buffer.from("\\u", "latin1");
const NEEDLE_SLASH = Buffer.from("\\/", "latin1");

function escapedBefore(view: Buffer, next: number): boolean {
  const needle = next === 0x75 ? NEEDLE_U : NEEDLE_SLASH;
  let from = 0;
  for (;;) {
    const i = view.indexOf(needle, from);
    if (i === -1) return false;
    let j = i;
    while (j >= 0 && view[j] === BACKSLASH) j--;
    if ((i - j) % 2 === 1) return true;
    from = i + 2;
  }
}

// ## Aho-Corasick over ASCII-folded bytes

interface Automaton {
  scan(line: Buffer, start: number, end: number): boolean;
}

const ACCEPT_NONE = 0;
const ACCEPT_FOLDED = 1;
const ACCEPT_VERIFY = 2;

/** The outputs of the states where no pattern ends (shared, never written). */
const NO_OUTPUT: readonly number[] = Object.freeze([]);

interface Dfa {
  readonly exact: readonly Buffer[];
  readonly classOf: Uint16Array;
  readonly classes: number;
  readonly states: number;
  /** Transitions to row offsets (state × classes). */
  readonly delta: Int32Array;
  /** Pattern ids ending at each state (suffixes included). */
  readonly outputs: readonly (readonly number[])[];
}

function buildAutomaton(literals: readonly RawLiteral[]): Automaton {
  const { exact, classOf, classes, states, delta, outputs } = compileDfa(literals);
  return acceptor(literals, exact, classOf, classes, states, delta, outputs);
}

function compileDfa(literals: readonly RawLiteral[]): Dfa {
  const fold = new Uint8Array(256);
  for (let b = 0; b < 256; b++) fold[b] = b >= 0x41 && b <= 0x5a ? b + 32 : b;

  const exact: Buffer[] = literals.map((l) => Buffer.from(l.raw, "utf8"));
  const folded: Uint8Array[] = exact.map((bytes) => bytes.map((b) => fold[b] ?? b));

  // Byte classes: each folded byte used by a pattern gets its own class, every other byte class 0.
  const classOf = new Uint16Array(256);
  let classes = 1;
  for (const p of folded) {
    for (const b of p) if (classOf[b] === 0) classOf[b] = classes++;
  }
  for (let b = 0x41; b <= 0x5a; b++) classOf[b] = classOf[b + 32] ?? 0;

  // Trie, in typed arrays: each state's children as a linked list (first child, next sibling, the class of the
  // edge into a state). A whole rule pack has thousands of literals and tens of thousands of states.
  let maxStates = 1;
  for (const p of folded) maxStates += p.length;
  const firstChild = new Int32Array(maxStates).fill(-1);
  const nextSibling = new Int32Array(maxStates).fill(-1);
  const edgeClass = new Uint16Array(maxStates);
  /** Pattern ids ending at a state (only states where some pattern ends). */
  const endsHere = new Map<number, number[]>();
  let states = 1;
  folded.forEach((p, id) => {
    let s = 0;
    for (const b of p) {
      const c = classOf[b] ?? 0;
      let t = firstChild[s] ?? -1;
      while (t !== -1 && edgeClass[t] !== c) t = nextSibling[t] ?? -1;
      if (t === -1) {
        t = states++;
        edgeClass[t] = c;
        nextSibling[t] = firstChild[s] ?? -1;
        firstChild[s] = t;
      }
      s = t;
    }
    const ends = endsHere.get(s);
    if (ends === undefined) endsHere.set(s, [id]);
    else ends.push(id);
  });

  // Full DFA by BFS; transitions hold the target's row offset (state × classes). A state moves as its failure
  // state does (a shallower state, whose row is complete), except along its own trie edges: a row copy and a
  // few writes per state instead of a lookup per state and class.
  const delta = new Int32Array(states * classes);
  const fail = new Int32Array(states);
  const outputs: (readonly number[])[] = new Array<readonly number[]>(states).fill(NO_OUTPUT);
  for (const [state, ids] of endsHere) outputs[state] = ids;
  const queue: number[] = [];
  for (let t = firstChild[0] ?? -1; t !== -1; t = nextSibling[t] ?? -1) {
    delta[edgeClass[t] ?? 0] = t * classes;
    queue.push(t);
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q] ?? 0;
    const f = fail[s] ?? 0;
    const inherited = outputs[f] ?? NO_OUTPUT;
    if (inherited.length > 0) outputs[s] = [...(outputs[s] ?? NO_OUTPUT), ...inherited];
    // (a plain loop: copyWithin's per-call cost dominates rows this short)
    const row = s * classes;
    const failRow = f * classes;
    for (let c = 0; c < classes; c++) delta[row + c] = delta[failRow + c] ?? 0;
    for (let t = firstChild[s] ?? -1; t !== -1; t = nextSibling[t] ?? -1) {
      const c = edgeClass[t] ?? 0;
      fail[t] = (delta[f * classes + c] ?? 0) / classes;
      delta[s * classes + c] = t * classes;
      queue.push(t);
    }
  }

  return { exact, classOf, classes, states, delta, outputs };
}

function acceptor(
  literals: readonly RawLiteral[],
  exact: readonly Buffer[],
  classOf: Uint16Array,
  classes: number,
  states: number,
  delta: Int32Array,
  outputs: readonly (readonly number[])[],
): Automaton {
  // Acceptance per row: a case-insensitive, non-closing pattern ends here (done), or only patterns that need
  // a check (case-sensitive: exact bytes; closing a string: not an object key).
  const closing = literals.map((l) => closesString(l.raw));
  const accept = new Uint8Array(states * classes);
  const verify: (readonly number[])[] = new Array<readonly number[]>(states).fill([]);
  for (let s = 0; s < states; s++) {
    const out = outputs[s] ?? [];
    if (out.length === 0) continue;
    if (out.some((id) => literals[id]?.caseInsensitive === true && closing[id] !== true)) accept[s * classes] = ACCEPT_FOLDED;
    else {
      accept[s * classes] = ACCEPT_VERIFY;
      verify[s] = out;
    }
  }
  const anyInsensitive = literals.some((l) => l.caseInsensitive);

  const verified = (line: Buffer, last: number, start: number, end: number, ids: readonly number[]): boolean => {
    for (const id of ids) {
      const p = exact[id];
      if (p !== undefined && confirmed(line, p, literals[id]?.caseInsensitive === true, closing[id] === true, last, start, end)) return true;
    }
    return false;
  };

  return {
    scan(line, start, end) {
      let row = 0;
      let high = 0;
      for (let i = start; i < end; i++) {
        const b = line[i] as number;
        high |= b;
        row = delta[row + (classOf[b] as number)] as number;
        const a = accept[row];
        if (a !== ACCEPT_NONE) {
          if (a === ACCEPT_FOLDED) return true;
          if (verified(line, i, start, end, verify[row / classes] ?? [])) return true;
        }
      }
      return anyInsensitive && (high & 0x80) !== 0;
    },
  };
}

function dedupe(literals: readonly RawLiteral[]): RawLiteral[] {
  const seen = new Set<string>();
  const out: RawLiteral[] = [];
  for (const l of literals) {
    const key = `${l.caseInsensitive ? "i" : "s"}:${l.raw}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(l);
    }
  }
  return out;
}

// ## Rule routing on raw bytes

/** Which rules of a set may match a raw line. */
export interface RuleRouter {
  /**
   * Indices (into the rule list) of the rules that may match the line: rules with an unconstrained filter,
   * plus rules with a filter whose chosen clause has a literal in the line; every rule when the line has a
   * JSON escape, or a non-ASCII byte while some literal is case-insensitive. The array is reused by the next
   * call.
   */
  route(line: Buffer, start: number, end: number): readonly number[];
  /** Rules routed every line (some filter has no usable literal). */
  readonly alwaysRules: readonly number[];
  readonly literalCount: number;
}

/**
 * A per-rule prefilter: one automaton pass over the line finds the literals present, and so the rules
 * that may match. Sound for each rule as buildPrefilter is for a set.
 */
export function buildRouter(rules: readonly (Query | PrefilterRule)[], options: PrefilterOptions = {}): RuleRouter {
  const { frequency, perRule } = factsOfRules(rules, options);
  const literals: RawLiteral[] = [];
  const literalIndex = new Map<string, number>();
  const literalRules: number[][] = [];
  const always: number[] = [];
  perRule.forEach((allFacts, ruleIndex) => {
    const mine = new Set<number>();
    let unconstrained = false;
    for (const facts of allFacts) {
      const clause = frequency !== undefined ? cheapestClause(facts.necessity.clauses, frequency, options.score) : bestClause(facts.necessity, options.score);
      if (clause === null) {
        unconstrained = true;
        break;
      }
      for (const l of clause) {
        const key = literalKey(l);
        let id = literalIndex.get(key);
        if (id === undefined) {
          id = literals.length;
          literals.push(l);
          literalIndex.set(key, id);
          literalRules.push([]);
        }
        mine.add(id);
      }
    }
    if (unconstrained) always.push(ruleIndex);
    else for (const id of mine) literalRules[id]?.push(ruleIndex);
  });
  const everyRule = rules.map((_, i) => i);
  if (literals.length === 0) {
    return { route: () => always, alwaysRules: always, literalCount: 0 };
  }
  const { exact, classOf, classes, states, delta, outputs } = compileDfa(literals);
  const hasOut = outputRows(outputs, states, classes);
  const closing = literals.map((l) => closesString(l.raw));
  const anyInsensitive = literals.some((l) => l.caseInsensitive);
  const literalStamp = new Int32Array(literals.length).fill(-1);
  const ruleStamp = new Int32Array(rules.length).fill(-1);
  const result: number[] = [];
  let stamp = 0;
  return {
    alwaysRules: always,
    literalCount: literals.length,
    route(line, start, end) {
      stamp++;
      result.length = 0;
      for (const r of always) {
        ruleStamp[r] = stamp;
        result.push(r);
      }
      let row = 0;
      let high = 0;
      for (let i = start; i < end; i++) {
        const b = line[i] as number;
        high |= b;
        row = delta[row + (classOf[b] as number)] as number;
        if (hasOut[row] === 0) continue;
        for (const id of outputs[row / classes] ?? []) {
          if (literalStamp[id] === stamp) continue;
          if (!confirmed(line, exact[id] as Buffer, literals[id]?.caseInsensitive === true, closing[id] === true, i, start, end)) continue;
          literalStamp[id] = stamp;
          for (const r of literalRules[id] ?? []) {
            if (ruleStamp[r] !== stamp) {
              ruleStamp[r] = stamp;
              result.push(r);
            }
          }
        }
      }
      if ((anyInsensitive && (high & 0x80) !== 0) || hasEscape(line.subarray(start, end))) return everyRule;
      return result;
    },
  };
}
