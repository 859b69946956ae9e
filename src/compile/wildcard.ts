// # EQL wildcard patterns (`:` and `like`)
//
// `*` matches any run of characters and `?` exactly one character (one Unicode code point, as Lucene's
// automata count). There is no escape: Elasticsearch rewrites the pattern into a LIKE pattern escaping
// only `%` and `_`, so a backslash is an ordinary character ("C:\\Windows\\*" works as written) and a
// literal `*` or `?` cannot be expressed. A `:` pattern without `*` or `?` is a case-insensitive equality.
//
// The same matcher serves raw Lucene wildcard strings (`escapes`: the `wildcard` queries Elasticsearch builds
// for endsWith/stringContains, and Kibana's exception and filter wildcards), where `\` makes the next
// character literal.
//
// Case-insensitive matching folds ASCII letters only, as Elasticsearch's case-insensitive keyword queries
// (and its script fallback) do; see case-fold.ts. "É*" does not match "é".
//
// Matching is linear-ish and never backtracks: the pattern is split at `*` into segments; the first is
// anchored at the start, the last at the end, and each middle segment is placed at its leftmost occurrence
// after the previous one (leftmost placement is always safe for `*`-separated segments). Worst case
// O(value × pattern) character comparisons; no regular expressions are involved.

import { asciiLower, asciiOtherCase, codePoints, javaEqualsIgnoreCase } from "./case-fold.js";

export type StringMatcher = (value: string) => boolean;

/** Whether `:` should treat the pattern as a wildcard (it contains `*` or `?`), else as equality. */
export function hasWildcards(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

const ANY = -1;

/** One pattern position: ANY (`?`), or the accepted code points (one or two). */
type Item = number | readonly [number, number];

function itemOf(cp: number, caseInsensitive: boolean): Item {
  if (cp === 0x3f) return ANY;
  return caseInsensitive ? asciiItem(cp) : cp;
}

function accepts(item: Item, cp: number): boolean {
  if (typeof item === "number") return item === ANY || item === cp;
  return item[0] === cp || item[1] === cp;
}

/** Whether `segment` matches `value` starting at code point index `at` (caller checks bounds). */
function matchesAt(segment: readonly Item[], value: readonly number[], at: number): boolean {
  for (let i = 0; i < segment.length; i++) {
    if (!accepts(segment[i] as Item, value[at + i] as number)) return false;
  }
  return true;
}

function compileSegments(segments: readonly (readonly Item[])[]): StringMatcher {
  const first = segments[0] as readonly Item[];
  const last = segments[segments.length - 1] as readonly Item[];
  const middle = segments.slice(1, -1);
  const minLength = segments.reduce((n, s) => n + s.length, 0);
  if (segments.length === 1) {
    return (s) => {
      const value = codePoints(s);
      return value.length === first.length && matchesAt(first, value, 0);
    };
  }
  return (s) => {
    const value = codePoints(s);
    if (value.length < minLength) return false;
    if (!matchesAt(first, value, 0)) return false;
    const tailStart = value.length - last.length;
    if (!matchesAt(last, value, tailStart)) return false;
    let pos = first.length;
    for (const seg of middle) {
      let found = -1;
      for (let at = pos; at + seg.length <= tailStart; at++) {
        if (matchesAt(seg, value, at)) {
          found = at;
          break;
        }
      }
      if (found < 0) return false;
      pos = found + seg.length;
    }
    return true;
  };
}

/** Fast path: case-sensitive and no `?`: plain UTF-16 string operations give the same answers. */
function compileExactSegments(parts: readonly string[]): StringMatcher {
  if (parts.length === 1) {
    const only = parts[0] as string;
    return (s) => s === only;
  }
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const middle = parts.slice(1, -1).filter((p) => p !== "");
  const minLength = parts.reduce((n, p) => n + p.length, 0);
  // The two commonest shapes, `*text*` and `prefix*suffix` (either may be empty), without the general loop.
  if (middle.length === 0) return (s) => s.length >= minLength && s.startsWith(first) && s.endsWith(last);
  if (middle.length === 1 && first === "" && last === "") {
    const only = middle[0]!;
    return (s) => s.includes(only);
  }
  return (s) => {
    if (s.length < minLength || !s.startsWith(first) || !s.endsWith(last)) return false;
    const end = s.length - last.length;
    let pos = first.length;
    for (const part of middle) {
      const at = s.indexOf(part, pos);
      if (at < 0 || at + part.length > end) return false;
      pos = at + part.length;
    }
    return true;
  };
}

/** Segments of a pattern in which `\` escapes the next character (a trailing `\` is itself). */
function escapedSegments(pattern: string, caseInsensitive: boolean): Item[][] {
  const cps = codePoints(pattern);
  const segments: Item[][] = [[]];
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i] as number;
    const current = segments[segments.length - 1] as Item[];
    if (cp === 0x5c && i + 1 < cps.length) {
      const next = cps[++i] as number;
      current.push(caseInsensitive ? asciiItem(next) : next);
    } else if (cp === 0x2a) segments.push([]);
    else current.push(itemOf(cp, caseInsensitive));
  }
  return segments;
}

/**
 * The `*`-separated literal parts of a pattern in which `\` escapes the next character, or null when it has
 * an unescaped `?` (which needs the code point matcher).
 */
function literalParts(pattern: string): string[] | null {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\" && i + 1 < pattern.length) current += pattern[++i];
    else if (c === "*") {
      parts.push(current);
      current = "";
    } else if (c === "?") return null;
    else current += c;
  }
  parts.push(current);
  return parts;
}

/**
 * Compile a `*`/`?` pattern into a whole-value matcher. `escapes`: a raw Lucene wildcard string, where `\`
 * makes the next character literal (EQL patterns have no escape).
 */
export function compileWildcard(pattern: string, caseInsensitive: boolean, escapes = false): StringMatcher {
  if (caseInsensitive) {
    // ASCII-only folding on both sides: a value matches iff its ASCII lower case matches the folded pattern.
    const folded = compileFoldedWildcard(pattern, escapes);
    return (s) => folded(asciiLower(s));
  }
  if (escapes && pattern.includes("\\")) {
    const literal = literalParts(pattern);
    if (literal === null) return compileSegments(escapedSegments(pattern, false));
    return compileExactSegments(literal);
  }
  const parts = pattern.split("*");
  if (!pattern.includes("?")) return compileExactSegments(parts);
  const general = compileSegments(parts.map((p) => codePoints(p).map((cp) => itemOf(cp, false))));
  // On a value without surrogates code points are UTF-16 units: match units.
  const units = compileUnitSegments(parts);
  return (s) => (surrogateFree(s) ? units(s) : general(s));
}

/**
 * The case-insensitive matcher of a `*`/`?` pattern, for values already ASCII-folded (`asciiLower`): callers
 * that fold a value once and test it against many patterns. Each pattern letter accepts exactly its two
 * cases and every other character only itself, so matching the folded value against the folded pattern
 * gives the case-insensitive answer (folding changes neither lengths nor code point counts).
 */
export function compileFoldedWildcard(pattern: string, escapes = false): StringMatcher {
  if (escapes && pattern.includes("\\")) {
    const literal = literalParts(pattern);
    if (literal === null) return compileSegments(escapedSegments(pattern, true));
    return compileExactSegments(literal.map(asciiLower));
  }
  const parts = pattern.split("*");
  if (!pattern.includes("?")) return compileExactSegments(parts.map(asciiLower));
  const general = compileSegments(parts.map((p) => codePoints(p).map((cp) => itemOf(cp, true))));
  const units = compileUnitSegments(parts.map(asciiLower));
  return (v) => (surrogateFree(v) ? units(v) : general(v));
}

const ANY_UNIT = "?";

/** Whether `part` matches `value` at unit index `at` (`?` = any unit; caller checks bounds). */
function unitsAt(part: string, value: string, at: number): boolean {
  for (let i = 0; i < part.length; i++) {
    const c = part[i];
    if (c !== ANY_UNIT && c !== value[at + i]) return false;
  }
  return true;
}

/** compileSegments over UTF-16 units, for values without surrogates; `?` in a part is any unit. */
function compileUnitSegments(parts: readonly string[]): StringMatcher {
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const middle = parts.slice(1, -1);
  const minLength = parts.reduce((n, p) => n + p.length, 0);
  if (parts.length === 1) return (v) => v.length === first.length && unitsAt(first, v, 0);
  return (v) => {
    if (v.length < minLength) return false;
    if (!unitsAt(first, v, 0)) return false;
    const tailStart = v.length - last.length;
    if (!unitsAt(last, v, tailStart)) return false;
    let pos = first.length;
    for (const seg of middle) {
      let found = -1;
      for (let at = pos; at + seg.length <= tailStart; at++) {
        if (unitsAt(seg, v, at)) {
          found = at;
          break;
        }
      }
      if (found < 0) return false;
      pos = found + seg.length;
    }
    return true;
  };
}

let lastSurrogateIn = "";
let lastSurrogateFree = true;

/** Whether a string has no UTF-16 surrogate (remembers the last string asked about). */
function surrogateFree(s: string): boolean {
  if (s === lastSurrogateIn) return lastSurrogateFree;
  lastSurrogateIn = s;
  lastSurrogateFree = !/[\uD800-\uDFFF]/.test(s);
  return lastSurrogateFree;
}

/**
 * How a case-insensitive equality folds: `ascii` for a field (Elasticsearch's case-insensitive term query),
 * `java` for a computed value (Java's `compareToIgnoreCase`, simple Unicode case mappings).
 */
export type EqualsFolding = "ascii" | "java";

/**
 * Equality without wildcards (`:` on a pattern with no `*`/`?`, `in~`, `==`). Case-insensitive equality
 * folds as `folding` says (see case-fold.ts).
 */
export function compileEquals(text: string, caseInsensitive: boolean, folding: EqualsFolding = "ascii"): StringMatcher {
  if (!caseInsensitive) return (s) => s === text;
  switch (folding) {
    case "ascii": {
      const lowered = asciiLower(text);
      return (s) => asciiLower(s) === lowered;
    }
    case "java":
      return (s) => javaEqualsIgnoreCase(s, text);
  }
}

function asciiItem(cp: number): Item {
  const other = asciiOtherCase(cp);
  return other === cp ? cp : [cp, other];
}
