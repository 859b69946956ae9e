// # Pattern matchers used by `:`, like, regex and the wildcard queries Elasticsearch builds
//
// Case-insensitive field queries fold ASCII letters only (Lucene's case-insensitive automata); equality on
// computed values in scripts uses Java's equalsIgnoreCase ("java" folding).
// Wildcards: `*` any sequence, `?` one code point, matched in linear-ish time (no regex backtracking, as
// rule text is untrusted). Two dialects: EQL patterns (`:` and `like`, where only `*`/`?` are special) and
// raw Lucene wildcard strings (built by Elasticsearch for endsWith/stringContains, where `\` escapes).
// Regex: Lucene syntax, anchored to the whole value, run on RE2 (linear time).

import { compileLuceneRegex } from "./lucene-regex.js";
import { compileEquals, compileWildcard, type EqualsFolding, type StringMatcher } from "./wildcard.js";

export { hasWildcards, type StringMatcher } from "./wildcard.js";

/** A wildcard matcher. `luceneEscapes`: `\` escapes the next character (raw Lucene wildcard strings). */
export function wildcardMatcher(pattern: string, caseInsensitive: boolean, luceneEscapes = false): StringMatcher {
  return compileWildcard(pattern, caseInsensitive, luceneEscapes);
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
