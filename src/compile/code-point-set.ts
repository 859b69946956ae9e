// # Sets of code points as sorted, disjoint, inclusive ranges
//
// The Lucene regex translator reduces every character-level construct (a character, a class, `.`, `\d`)
// to one of these sets before emitting RE2 syntax, so negation and Lucene's own class definitions are
// computed exactly rather than borrowed from RE2 (whose `\s` differs from Lucene's).

export type Range = readonly [number, number];
export type CodePointSet = readonly Range[];

export const MAX_CODE_POINT = 0x10ffff;
export const ALL: CodePointSet = [[0, MAX_CODE_POINT]];

/** Sort and merge overlapping or adjacent ranges. */
export function normalize(ranges: readonly Range[]): CodePointSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function union(...sets: readonly CodePointSet[]): CodePointSet {
  return normalize(sets.flat());
}

export function complement(set: CodePointSet): CodePointSet {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of normalize(set)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

export function single(cp: number): CodePointSet {
  return [[cp, cp]];
}

export function isAll(set: CodePointSet): boolean {
  return set.length === 1 && set[0]?.[0] === 0 && set[0]?.[1] === MAX_CODE_POINT;
}
