// # Lucene numeric intervals `<n-m>` as RE2 syntax
//
// Lucene's `<n-m>` accepts the decimal numbers from n to m. When n and m are written with the same number of
// digits the numbers must be zero-padded to exactly that width ("<01-10>" accepts "01".."10"); otherwise
// any number of leading zeros is accepted ("<5-100>" accepts "5", "05", "100"). This builds an equivalent
// regular expression from digit ranges.

function allChar(s: string, c: string): boolean {
  for (const ch of s) if (ch !== c) return false;
  return true;
}

function digitClass(lo: number, hi: number): string {
  return lo === hi ? String(lo) : `[${lo}-${hi}]`;
}

/** Equal-width decimal strings a..b (a <= b) as a regex. */
function fixedWidthRange(a: string, b: string): string {
  if (a.length === 0) return "";
  if (a === b) return a;
  const rest = a.length - 1;
  const a0 = Number(a[0]);
  const b0 = Number(b[0]);
  const aTail = a.slice(1);
  const bTail = b.slice(1);
  if (a0 === b0) return `${a0}${fixedWidthRange(aTail, bTail)}`;
  if (allChar(aTail, "0") && allChar(bTail, "9")) {
    return `${digitClass(a0, b0)}${rest > 0 ? `[0-9]{${rest}}` : ""}`;
  }
  const parts: string[] = [];
  let lo = a0;
  let hi = b0;
  if (!allChar(aTail, "0")) {
    parts.push(`${a0}${fixedWidthRange(aTail, "9".repeat(rest))}`);
    lo = a0 + 1;
  }
  const lastFull = allChar(bTail, "9");
  if (!lastFull) hi = b0 - 1;
  if (lo <= hi) parts.push(`${digitClass(lo, hi)}${rest > 0 ? `[0-9]{${rest}}` : ""}`);
  if (!lastFull) parts.push(`${b0}${fixedWidthRange("0".repeat(rest), bTail)}`);
  return parts.length === 1 ? (parts[0] as string) : `(?:${parts.join("|")})`;
}

/** Canonical decimal numbers (no leading zeros) from lo to hi. */
function canonicalRange(lo: number, hi: number): string {
  const parts: string[] = [];
  const loText = String(lo);
  const hiText = String(hi);
  for (let width = loText.length; width <= hiText.length; width++) {
    const from = width === loText.length ? loText : "1" + "0".repeat(width - 1);
    const to = width === hiText.length ? hiText : "9".repeat(width);
    parts.push(fixedWidthRange(from, to));
  }
  return parts.length === 1 ? (parts[0] as string) : `(?:${parts.join("|")})`;
}

/** The RE2 expression for Lucene's `<min-max>` with `digits` (0 = free width). min <= max, both >= 0. */
export function decimalIntervalRegex(min: number, max: number, digits: number): string {
  if (digits > 0) {
    return `(?:${fixedWidthRange(String(min).padStart(digits, "0"), String(max).padStart(digits, "0"))})`;
  }
  return `(?:0*${canonicalRange(min, max)})`;
}
