// # Pattern matchers used by `:`, like, regex and the wildcard queries Elasticsearch builds
//
// Case-insensitive field queries fold ASCII letters only (Lucene's case-insensitive automata); equality on
// computed values in scripts uses Java's equalsIgnoreCase ("java" folding).
// Wildcards: `*` any sequence, `?` one code point, matched in linear-ish time (no regex backtracking, as
// rule text is untrusted). Two dialects: EQL patterns (`:` and `like`, where only `*`/`?` are special) and
// raw Lucene wildcard strings (built by Elasticsearch for endsWith/stringContains, where `\` escapes).
// Regex: Lucene syntax, anchored to the whole value, run on RE2 (linear time).

import { compileLuceneRegex } from "./lucene-regex.js";
import { asciiLower } from "./strings.js";
import { compileEquals, compileWildcard, type EqualsFolding } from "./wildcard.js";

export type StringMatcher = (value: string) => boolean;

const STAR = -1;
const ANY = -2;

function compileLuceneWildcard(pattern: string, luceneEscapes: boolean): number[] {
  const out: number[] = [];
  const cps = [...pattern];
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    if (luceneEscapes && ch === "\\" && i + 1 < cps.length) {
      out.push(cps[++i]!.codePointAt(0)!);
    } else if (ch === "*") {
      if (out[out.length - 1] !== STAR) out.push(STAR);
    } else if (ch === "?") {
      out.push(ANY);
    } else {
      out.push(ch.codePointAt(0)!);
    }
  }
  return out;
}

function wildcardMatch(p: readonly number[], s: string): boolean {
  let si = 0;
  let pi = 0;
  let starPi = -1;
  let starSi = 0;
  const n = s.length;
  while (si < n) {
    const cp = s.codePointAt(si)!;
    const width = cp > 0xffff ? 2 : 1;
    const tok = p[pi];
    if (tok !== undefined && tok !== STAR && (tok === ANY || tok === cp)) {
      pi++;
      si += width;
    } else if (tok === STAR) {
      starPi = pi++;
      starSi = si;
    } else if (starPi >= 0) {
      pi = starPi + 1;
      const back = s.codePointAt(starSi)!;
      starSi += back > 0xffff ? 2 : 1;
      si = starSi;
    } else {
      return false;
    }
  }
  while (p[pi] === STAR) pi++;
  return pi === p.length;
}

/** Does an EQL pattern contain wildcards? */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/** A wildcard matcher. `luceneEscapes`: `\` escapes the next character (raw Lucene wildcard strings). */
export function wildcardMatcher(pattern: string, caseInsensitive: boolean, luceneEscapes = false): StringMatcher {
  if (!luceneEscapes) return compileWildcard(pattern, caseInsensitive);
  const p = compileLuceneWildcard(caseInsensitive ? asciiLower(pattern) : pattern, luceneEscapes);
  if (caseInsensitive) return (value) => wildcardMatch(p, asciiLower(value));
  return (value) => wildcardMatch(p, value);
}

/** Equality, optionally case-insensitive (Lucene's case-insensitive term query). */
export function equalsMatcher(text: string, caseInsensitive: boolean, folding: EqualsFolding = "ascii"): StringMatcher {
  if (!caseInsensitive) return (value) => value === text;
  return compileEquals(text, true, folding);
}

/** Lucene regular expression, whole value (throws PatternError on syntax Elasticsearch rejects). */
export function regexMatcher(pattern: string, caseInsensitive: boolean): StringMatcher {
  return compileLuceneRegex(pattern, caseInsensitive);
}
