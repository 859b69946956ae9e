// # Date values
//
// Elasticsearch date and date_nanos values as (epoch milliseconds, nanoseconds within the millisecond).
// Accepted inputs follow the default mapping format `strict_date_optional_time||epoch_millis`: ISO-8601
// strings (any fraction up to nanoseconds, `Z` or an offset), epoch millis as numbers or numeric strings
// (a fraction carries nanoseconds, e.g. "131509374294.365140"), plus custom Java-style `format`s made of
// yyyy/MM/dd/HH/mm/ss/S… and literals. Rendering gives ISO strings with millisecond or nanosecond precision.

export interface DateValue {
  readonly ms: number;
  readonly ns: number;
}

const ISO = /^([+-]?\d{4,9})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH = /^(-?\d+)(?:\.(\d{1,6})\d*)?$/;

function fractionToMsNs(fraction: string | undefined): { ms: number; ns: number } {
  if (fraction === undefined || fraction === "") return { ms: 0, ns: 0 };
  const nine = (fraction + "000000000").slice(0, 9);
  return { ms: Number(nine.slice(0, 3)), ns: Number(nine.slice(3)) };
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === "Z") return 0;
  const sign = zone[0] === "-" ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0"));
}

function validParts(mo: number, d: number, h: number, mi: number, s: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 59;
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

/**
 * ISO-8601 (strict_date_optional_time_nanos); null when the text is not one. With `roundUp`, fields the text
 * leaves out take Elasticsearch's round-up defaults (month and day 1, 23:59:59.999999999), as its range
 * queries do for `lte`/`gt` bounds.
 */
export function parseIsoDate(text: string, roundUp = false): DateValue | null {
  const m = ISO.exec(text);
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = m[2] !== undefined ? Number(m[2]) : 1;
  const d = m[3] !== undefined ? Number(m[3]) : 1;
  const h = m[4] !== undefined ? Number(m[4]) : roundUp ? 23 : 0;
  const mi = m[5] !== undefined ? Number(m[5]) : roundUp ? 59 : 0;
  const s = m[6] !== undefined ? Number(m[6]) : roundUp ? 59 : 0;
  if (!validParts(mo, d, h, mi, s)) return null;
  const base = utc(y, mo, d, h, mi, s);
  if (Number.isNaN(base)) return null;
  const f = m[7] === undefined && roundUp ? { ms: 999, ns: 999999 } : fractionToMsNs(m[7]);
  return { ms: base + f.ms - offsetMinutes(m[8]) * 60000, ns: f.ns };
}

/** Epoch milliseconds from a number (fraction = sub-millisecond part). */
export function fromEpochMillis(n: number): DateValue | null {
  if (!Number.isFinite(n)) return null;
  const ms = Math.floor(n);
  const ns = Math.round((n - ms) * 1e6);
  return ns >= 1e6 ? { ms: ms + 1, ns: 0 } : { ms, ns };
}

function parseEpochString(text: string, roundUp = false): DateValue | null {
  const m = EPOCH.exec(text);
  if (m === null) return null;
  const whole = Number(m[1]);
  if (!Number.isSafeInteger(whole)) return null;
  const ns = m[2] !== undefined ? Number((m[2] + "000000").slice(0, 6)) : roundUp ? 999999 : 0;
  if (whole < 0 && ns > 0) return { ms: whole - 1, ns: 1e6 - ns };
  return { ms: whole, ns };
}

/** A compiled custom format (Java DateTimeFormatter pattern subset). */
type FormatParser = (text: string) => DateValue | null;

const TOKEN = /(yyyy|uuuu|yy|MM|M|dd|d|HH|H|mm|m|ss|s|S{1,9}|XXX|XX|X|Z|'[^']*')/g;

function compileFormat(pattern: string): FormatParser | null {
  switch (pattern) {
    case "strict_date_optional_time":
    case "date_optional_time":
    case "strict_date_optional_time_nanos":
    case "strict_date_time":
    case "date_time":
      return parseIsoDate;
    case "epoch_millis":
      return parseEpochString;
    case "epoch_second":
      return (t) => {
        const v = parseEpochString(t);
        return v === null ? null : fromEpochMillis((v.ms + v.ns / 1e6) * 1000);
      };
    case "strict_date":
    case "date":
    case "year_month_day":
    case "strict_year_month_day":
      return compileFormat("yyyy-MM-dd");
    case "basic_date":
      return compileFormat("yyyyMMdd");
    default:
      // Other built-in names (letters and underscores only): read as ISO-8601, the closest general form.
      if (/^[a-z_]+$/.test(pattern)) return parseIsoDate;
      break;
  }
  const groups: string[] = [];
  let re = "";
  let last = 0;
  for (const m of pattern.matchAll(TOKEN)) {
    re += escapeRegex(pattern.slice(last, m.index));
    const tok = m[0];
    if (tok.startsWith("'")) re += escapeRegex(tok.slice(1, -1));
    else if (tok === "yyyy" || tok === "uuuu") re += "([+-]?\\d{4,9})";
    else if (tok === "yy") re += "(\\d{2})";
    else if (tok.startsWith("S")) re += `(\\d{1,${Math.max(tok.length, 9)}})`;
    else if (tok === "X" || tok === "XX" || tok === "XXX" || tok === "Z") re += "(Z|[+-]\\d{2}(?::?\\d{2})?)";
    else if (tok.length === 1) re += "(\\d{1,2})";
    else re += "(\\d{2})";
    if (!tok.startsWith("'")) groups.push(tok);
    last = (m.index ?? 0) + tok.length;
  }
  re += escapeRegex(pattern.slice(last));
  if (groups.length === 0) return null;
  const regex = new RegExp(`^${re}$`);
  return (text) => {
    const m = regex.exec(text);
    if (m === null) return null;
    let y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0;
    let fraction: string | undefined;
    let zone: string | undefined;
    groups.forEach((g, i) => {
      const v = m[i + 1]!;
      if (g === "yyyy" || g === "uuuu") y = Number(v);
      else if (g === "yy") y = 2000 + Number(v);
      else if (g.startsWith("M")) mo = Number(v);
      else if (g.startsWith("d")) d = Number(v);
      else if (g.startsWith("H")) h = Number(v);
      else if (g.startsWith("m")) mi = Number(v);
      else if (g.startsWith("s")) s = Number(v);
      else if (g.startsWith("S")) fraction = v;
      else zone = v;
    });
    if (!validParts(mo, d, h, mi, s)) return null;
    const f = fractionToMsNs(fraction);
    return { ms: utc(y, mo, d, h, mi, s) + f.ms - offsetMinutes(zone) * 60000, ns: f.ns };
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&");
}

/** A parser for a field's mapping formats (default `strict_date_optional_time||epoch_millis`). */
export function dateParser(formats?: readonly string[]): (value: unknown) => DateValue | null {
  const parsers: FormatParser[] = [];
  for (const f of formats ?? ["strict_date_optional_time", "epoch_millis"]) {
    const p = compileFormat(f);
    if (p !== null) parsers.push(p);
  }
  if (parsers.length === 0) parsers.push(parseIsoDate, parseEpochString);
  return (value) => {
    if (typeof value === "number") return fromEpochMillis(value);
    if (typeof value !== "string") return null;
    for (const p of parsers) {
      const v = p(value);
      if (v !== null) return v;
    }
    return null;
  };
}

/**
 * Parse a query literal compared with a date field: ISO text, or epoch millis (number or digits). Text bounds
 * round up when `roundUp` (missing parts take their largest values); numbers are exact epoch millis.
 */
export function parseDateLiteral(value: string | number, roundUp = false): DateValue | null {
  if (typeof value === "number") return fromEpochMillis(value);
  return parseIsoDate(value, roundUp) ?? parseEpochString(value, roundUp);
}

export function compareDates(a: DateValue, b: DateValue): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  return a.ns === b.ns ? 0 : a.ns < b.ns ? -1 : 1;
}

/** ISO-8601 UTC with milliseconds ("1970-01-01T00:00:00.000Z"), or with nanoseconds when `nanos` and non-zero. */
export function renderIsoDate(v: DateValue, nanos = false): string {
  const iso = new Date(v.ms).toISOString();
  if (!nanos || v.ns === 0) return iso;
  let frac = iso.slice(20, 23) + String(v.ns).padStart(6, "0");
  frac = frac.replace(/0+$/, "");
  return `${iso.slice(0, 19)}.${frac}Z`;
}
