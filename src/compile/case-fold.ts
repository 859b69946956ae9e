// # Per-character case alternatives, as Elasticsearch's case-insensitive term/wildcard queries build them
//
// Elasticsearch answers `:` / `like~` / `in~` on keyword fields with a case-insensitive Lucene query whose
// automaton accepts, for each pattern character c, c itself or its other case: upper case when c is lower
// case, else lower case (Java's simple, one-character mappings: `Character.toUpperCase/toLowerCase`). The
// value is not transformed. So pattern "ǅ" matches "ǅ" and "ǆ" (not "Ǆ"); "İ" matches "İ" and "i".

// Fixed internal patterns (not user input).
const LOWERCASE = /^\p{Lowercase}$/u;

function single(text: string, fallback: number): number {
  const cp = text.codePointAt(0) as number;
  return text.length === (cp > 0xffff ? 2 : 1) ? cp : fallback;
}

/** Java `Character.toUpperCase(int)` (simple mapping; a multi-character full mapping leaves c unchanged). */
export function simpleUpper(cp: number): number {
  return single(String.fromCodePoint(cp).toUpperCase(), cp);
}

/** Java `Character.toLowerCase(int)`; U+0130 (İ) maps to "i", the one multi-character lower-case mapping. */
export function simpleLower(cp: number): number {
  if (cp === 0x130) return 0x69;
  return single(String.fromCodePoint(cp).toLowerCase(), cp);
}

/** The other case Lucene/Elasticsearch accepts for a pattern character, or the character itself. */
export function otherCase(cp: number): number {
  return LOWERCASE.test(String.fromCodePoint(cp)) ? simpleUpper(cp) : simpleLower(cp);
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
