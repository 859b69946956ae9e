// # String comparison rules
//
// Three orders matter: Lucene term ranges compare UTF-8 bytes (= code point order), Java's
// String.compareTo (scripts) compares UTF-16 code units, and case-insensitive matching folds each code
// point on its own (Lucene's case-insensitive term/wildcard automata), never changing a string's length.

/** Java `String.compareTo`: UTF-16 code unit order. */
export function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lucene BytesRef order on UTF-8: code point order (the same order join keys sort by). */
export { compareUtf8 as compareCodePoints } from "../exec/key-order.js";

const foldCache = new Map<number, string>();

function foldCodePoint(cp: number): string {
  let f = foldCache.get(cp);
  if (f === undefined) {
    const s = String.fromCodePoint(cp);
    const lower = s.toLowerCase();
    // Keep one-to-one mappings only (Java Character.toLowerCase never expands a character).
    f = [...lower].length === 1 ? lower : s;
    foldCache.set(cp, f);
  }
  return f;
}

/** Per-code-point lower-casing; ASCII fast path. */
export function foldCase(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s.toLowerCase();
  let out = "";
  for (const ch of s) out += foldCodePoint(ch.codePointAt(0)!);
  return out;
}

/** Lower-case ASCII letters only (what Lucene's case-insensitive queries fold). */
export function asciiLower(s: string): string {
  let out = "";
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      out += s.slice(start, i) + String.fromCharCode(c + 32);
      start = i + 1;
    }
  }
  return start === 0 ? s : out + s.slice(start);
}
