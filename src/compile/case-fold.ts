// # Case-insensitive comparison, the two ways Elasticsearch EQL does it
//
// 1. Queries on fields (`:`, `like~`, `in~`, `regex~` against a keyword field) run as Lucene automata built
//    by Elasticsearch's AutomatonQueries: each pattern character below U+0080 also accepts its other case;
//    nothing else is folded. So only ASCII letters are case-insensitive ("É" does not match "é"). Wildcard
//    patterns evaluated in scripts use a Java regex with CASE_INSENSITIVE, which folds ASCII only too.
// 2. Equality on computed values (`:` / `in~` without wildcards whose left side is a function result)
//    runs Java's `String.compareToIgnoreCase`: per UTF-16 unit, equal when the units, their upper cases,
//    or the lower cases of their upper cases are equal (simple one-character mappings).

/** The other ASCII case of a code point, or the code point itself. */
export function asciiOtherCase(cp: number): number {
  if (cp >= 0x41 && cp <= 0x5a) return cp + 32;
  if (cp >= 0x61 && cp <= 0x7a) return cp - 32;
  return cp;
}

function singleUnit(text: string, fallback: number): number {
  return text.length === 1 ? text.charCodeAt(0) : fallback;
}

/** Java `Character.toUpperCase(char)`: the simple mapping; a multi-character full mapping keeps the char. */
function upperUnit(c: number): number {
  return singleUnit(String.fromCharCode(c).toUpperCase(), c);
}

/** Java `Character.toLowerCase(char)`; U+0130 (İ) lower-cases to "i" as a single character. */
function lowerUnit(c: number): number {
  if (c === 0x130) return 0x69;
  return singleUnit(String.fromCharCode(c).toLowerCase(), c);
}

/** Java `a.equalsIgnoreCase(b)` / `compareToIgnoreCase(b) == 0`. */
export function javaEqualsIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const ux = upperUnit(x);
    const uy = upperUnit(y);
    if (ux !== uy && lowerUnit(ux) !== lowerUnit(uy)) return false;
  }
  return true;
}

/** The code points of a string (a lone surrogate stands for itself). */
export function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i) as number;
    out.push(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

/**
 * ASCII-only lower case (A–Z → a–z, nothing else folded: the case-insensitive field queries' folding).
 * Memoized: the many `:`/`like~`/`in~` patterns of the loaded rules test the same few values of an event, so
 * each value is folded once (last value, then a bounded map of recent ones).
 */
export function asciiLower(s: string): string {
  if (s === lastLowerIn) return lastLowerOut;
  let out = LOWER_CACHE.get(s);
  if (out === undefined) {
    out = foldAscii(s);
    if (LOWER_CACHE.size >= LOWER_CACHE_LIMIT) LOWER_CACHE.clear();
    LOWER_CACHE.set(s, out);
  }
  lastLowerIn = s;
  lastLowerOut = out;
  return out;
}

const LOWER_CACHE = new Map<string, string>();
const LOWER_CACHE_LIMIT = 4096;
let lastLowerIn = "";
let lastLowerOut = "";

/**
 * `asciiLower` without its memo, for a caller that keeps the answer itself (field-view.ts folds each value
 * once per event: a lookup in the memo would hash every new string for nothing).
 */
export function foldAscii(s: string): string {
  if (!/[A-Z]/.test(s)) return s;
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
