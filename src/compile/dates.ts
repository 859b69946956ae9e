// # Timestamps: parsing Elasticsearch date values and printing them
//
// A timestamp is `{ ms, ns }`: `ms` the floor of epoch milliseconds, `ns` the nanoseconds within that
// millisecond (0..999999), so date_nanos precision survives while millisecond dates compare cheaply.
//
// Parsing follows Elasticsearch's date formats as a mapping names them (`format`, alternatives joined by
// `||`; default `strict_date_optional_time||epoch_millis`):
// - `epoch_millis`: "1", "-5", "131509374294.365140" (milliseconds with up to 6 fraction digits = nanos);
//   JSON numbers are epoch milliseconds too;
// - `epoch_second`: seconds with up to 9 fraction digits;
// - `strict_date_optional_time` (and the other ISO-8601 names): `yyyy-MM-dd` optionally followed by
//   `T` HH[:mm[:ss[.fraction]]] and a zone (`Z`, `±HH:mm`, `±HHmm`, `±HH`); fraction up to 9 digits;
//   no zone means UTC;
// - Java patterns (`dd-MM-yyyy`, `yyyy-MM-dd HH:mm:ss.SSS`, `yyyyMMdd'T'HHmmss`): letters y/u (year), M,
//   d, H, m, s, S (fraction), X/Z/x (offset), 'quoted literals', `[optional sections]`; other characters
//   are literal. Missing fields default to 1970-01-01T00:00:00Z.
// Printing gives Elasticsearch's ISO forms: millis "1970-01-01T00:00:00.000Z" and nanos with 3 to 9
// fraction digits (trailing zeros beyond the third dropped, as Java's fraction printer does).

export interface Timestamp {
  readonly ms: number;
  readonly ns: number;
}

/** A date `format` Sequent cannot interpret (the schema reports it). */
export class DateFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DateFormatError";
  }
}

export type DateParser = (value: string | number) => Timestamp | null;

const NS_PER_MS = 1_000_000n;

function fromTotalNanos(total: bigint): Timestamp {
  let ms = total / NS_PER_MS;
  let ns = total % NS_PER_MS;
  if (ns < 0n) {
    ns += NS_PER_MS;
    ms -= 1n;
  }
  return { ms: Number(ms), ns: Number(ns) };
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** `[-]digits[.fraction]` scaled by 10^fractionDigits nanoseconds per unit; null if malformed. */
function parseEpoch(text: string, nanosPerUnit: bigint, maxFraction: number): Timestamp | null {
  const negative = text.startsWith("-");
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf(".");
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const fracPart = dot < 0 ? "" : body.slice(dot + 1);
  if (!isDigits(intPart) || (dot >= 0 && (fracPart.length === 0 || fracPart.length > maxFraction || !isDigits(fracPart)))) {
    return null;
  }
  const scale = 10n ** BigInt(maxFraction);
  const fraction = dot < 0 ? 0n : BigInt(fracPart.padEnd(maxFraction, "0"));
  const magnitude = BigInt(intPart) * nanosPerUnit + (fraction * nanosPerUnit) / scale;
  return fromTotalNanos(negative ? -magnitude : magnitude);
}

function epochMillis(value: string | number): Timestamp | null {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    const ms = Math.floor(value);
    const ns = Math.round((value - ms) * 1e6);
    return ns === 1_000_000 ? { ms: ms + 1, ns: 0 } : { ms, ns };
  }
  return parseEpoch(value, NS_PER_MS, 6);
}

function epochSecond(value: string | number): Timestamp | null {
  if (typeof value === "number") return Number.isFinite(value) ? epochMillis(value * 1000) : null;
  return parseEpoch(value, 1_000_000_000n, 9);
}

// ## Calendar fields → instant

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  offsetMinutes: number;
}

function newFields(): Fields {
  return { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanos: 0, offsetMinutes: 0 };
}

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

function toTimestamp(f: Fields): Timestamp | null {
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > daysInMonth(f.year, f.month)) return null;
  if (f.hour > 23 || f.minute > 59 || f.second > 59) return null;
  const d = new Date(0);
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour, f.minute, f.second, 0);
  const ms = d.getTime() - f.offsetMinutes * 60_000 + Math.floor(f.nanos / 1_000_000);
  return Number.isFinite(ms) ? { ms, ns: f.nanos % 1_000_000 } : null;
}

// ## A small cursor-based reader (no regular expressions)

class Reader {
  pos = 0;
  constructor(readonly text: string) {}
  done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text[this.pos] ?? "";
  }
  eat(ch: string): boolean {
    if (this.text.startsWith(ch, this.pos)) {
      this.pos += ch.length;
      return true;
    }
    return false;
  }
  /** Between min and max ASCII digits; null when fewer than min. */
  digits(min: number, max: number): string | null {
    let end = this.pos;
    while (end < this.text.length && end - this.pos < max && isDigits(this.text[end] as string)) end++;
    if (end - this.pos < min) return null;
    const s = this.text.slice(this.pos, end);
    this.pos = end;
    return s;
  }
}

/** `Z`, `±HH:mm`, `±HHmm`, `±HH` (and `±HH:mm:ss`); minutes east of UTC, or null. */
function readOffset(r: Reader): number | null {
  if (r.eat("Z")) return 0;
  const sign = r.eat("+") ? 1 : r.eat("-") ? -1 : 0;
  if (sign === 0) return null;
  const hh = r.digits(2, 2);
  if (hh === null) return null;
  let minutes = 0;
  const colon = r.eat(":");
  const mm = r.digits(2, 2);
  if (mm !== null) minutes = Number(mm);
  else if (colon) return null;
  if (mm !== null && r.eat(":") && r.digits(2, 2) === null) return null;
  if (Number(hh) > 18 || minutes > 59) return null;
  return sign * (Number(hh) * 60 + minutes);
}

function readFraction(r: Reader, f: Fields, max: number): boolean {
  const frac = r.digits(1, max);
  if (frac === null) return false;
  f.nanos = Number(frac.padEnd(9, "0"));
  return true;
}

/** strict_date_optional_time(_nanos): yyyy-MM-dd[THH[:mm[:ss[.f]]]][zone]. */
function isoDateOptionalTime(value: string | number): Timestamp | null {
  if (typeof value !== "string") return null;
  const r = new Reader(value);
  const f = newFields();
  const year = r.digits(4, 4);
  if (year === null) return null;
  f.year = Number(year);
  if (r.eat("-")) {
    const month = r.digits(2, 2);
    if (month === null) return null;
    f.month = Number(month);
    if (r.eat("-")) {
      const day = r.digits(2, 2);
      if (day === null) return null;
      f.day = Number(day);
      if (r.eat("T")) {
        const hour = r.digits(2, 2);
        if (hour === null) return null;
        f.hour = Number(hour);
        if (r.eat(":")) {
          const minute = r.digits(2, 2);
          if (minute === null) return null;
          f.minute = Number(minute);
          if (r.eat(":")) {
            const second = r.digits(2, 2);
            if (second === null) return null;
            f.second = Number(second);
            if ((r.eat(".") || r.eat(",")) && !readFraction(r, f, 9)) return null;
          }
        }
        if (!r.done()) {
          const offset = readOffset(r);
          if (offset === null) return null;
          f.offsetMinutes = offset;
        }
      }
    }
  }
  return r.done() ? toTimestamp(f) : null;
}

// ## Java DateTimeFormatter patterns

type PatternElement =
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "field"; readonly letter: string; readonly count: number }
  | { readonly kind: "optional"; readonly elements: readonly PatternElement[] };

const SUPPORTED_LETTERS = "yuMdHmsSXZx";

function tokenizePattern(pattern: string): PatternElement[] {
  const stack: PatternElement[][] = [[]];
  const top = (): PatternElement[] => stack[stack.length - 1] as PatternElement[];
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i] as string;
    if (ch === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) throw new DateFormatError(`unterminated quote in date format [${pattern}]`);
      top().push({ kind: "literal", text: close === i + 1 ? "'" : pattern.slice(i + 1, close) });
      i = close + 1;
    } else if (ch === "[") {
      stack.push([]);
      i++;
    } else if (ch === "]") {
      if (stack.length === 1) throw new DateFormatError(`unbalanced ']' in date format [${pattern}]`);
      const elements = stack.pop() as PatternElement[];
      top().push({ kind: "optional", elements });
      i++;
    } else if ((ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z")) {
      let j = i;
      while (pattern[j] === ch) j++;
      if (!SUPPORTED_LETTERS.includes(ch)) {
        throw new DateFormatError(`date format [${pattern}]: pattern letter '${ch}' is not supported`);
      }
      top().push({ kind: "field", letter: ch, count: j - i });
      i = j;
    } else {
      top().push({ kind: "literal", text: ch });
      i++;
    }
  }
  if (stack.length !== 1) throw new DateFormatError(`unbalanced '[' in date format [${pattern}]`);
  return stack[0] as PatternElement[];
}

/** `adjacent`: another numeric field follows directly, so a year takes exactly `count` digits (Java's adjacent value parsing). */
function readField(r: Reader, f: Fields, letter: string, count: number, adjacent: boolean): boolean {
  switch (letter) {
    case "y":
    case "u": {
      if (count === 2) {
        const yy = r.digits(2, 2);
        if (yy === null) return false;
        f.year = 2000 + Number(yy);
        return true;
      }
      const negative = r.eat("-");
      const year = r.digits(Math.max(count, 1), adjacent ? Math.max(count, 1) : 10);
      if (year === null) return false;
      f.year = negative ? -Number(year) : Number(year);
      return true;
    }
    case "S": {
      // Strict Java parsing: exactly `count` fraction digits.
      const frac = r.digits(count, count);
      if (frac === null) return false;
      f.nanos = Number(frac.padEnd(9, "0"));
      return true;
    }
    case "X":
    case "Z":
    case "x": {
      const offset = readOffset(r);
      if (offset === null) return false;
      f.offsetMinutes = offset;
      return true;
    }
    default: {
      const text = r.digits(count === 1 ? 1 : count, count === 1 ? 2 : count);
      if (text === null) return false;
      const n = Number(text);
      if (letter === "M") f.month = n;
      else if (letter === "d") f.day = n;
      else if (letter === "H") f.hour = n;
      else if (letter === "m") f.minute = n;
      else f.second = n;
      return true;
    }
  }
}

function readElements(r: Reader, f: Fields, elements: readonly PatternElement[]): boolean {
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i] as PatternElement;
    switch (e.kind) {
      case "literal":
        if (!r.eat(e.text)) return false;
        break;
      case "field":
        if (e.letter === "S" && e.count > 9) return false;
        if (!readField(r, f, e.letter, e.count, elements[i + 1]?.kind === "field")) return false;
        break;
      case "optional": {
        const saved = r.pos;
        const backup = { ...f };
        if (!readElements(r, f, e.elements)) {
          r.pos = saved;
          Object.assign(f, backup);
        }
        break;
      }
    }
  }
  return true;
}

function javaPattern(pattern: string): DateParser {
  const elements = tokenizePattern(pattern);
  return (value) => {
    const r = new Reader(typeof value === "number" ? String(value) : value);
    const f = newFields();
    return readElements(r, f, elements) && r.done() ? toTimestamp(f) : null;
  };
}

const NAMED: Readonly<Record<string, DateParser>> = {
  epoch_millis: epochMillis,
  epoch_second: epochSecond,
  strict_date_optional_time: isoDateOptionalTime,
  date_optional_time: isoDateOptionalTime,
  strict_date_optional_time_nanos: isoDateOptionalTime,
  strict_date_time: isoDateOptionalTime,
  date_time: isoDateOptionalTime,
  strict_date_time_no_millis: isoDateOptionalTime,
  date_time_no_millis: isoDateOptionalTime,
  iso8601: isoDateOptionalTime,
  strict_date: javaPattern("yyyy-MM-dd"),
  date: javaPattern("yyyy-MM-dd"),
  basic_date: javaPattern("yyyyMMdd"),
};

/**
 * Compile mapping formats (each may hold `||` alternatives) into one parser that tries them in order.
 * Throws DateFormatError for a pattern Sequent does not understand.
 */
export function compileDateFormats(formats: readonly string[] = ["strict_date_optional_time||epoch_millis"]): DateParser {
  const parsers: DateParser[] = [];
  for (const spec of formats) {
    for (const raw of spec.split("||")) {
      const name = raw.trim();
      const named = NAMED[name];
      if (named !== undefined) parsers.push(named);
      else if (/^[a-z_]+$/.test(name)) throw new DateFormatError(`date format [${name}] is not supported`);
      else parsers.push(javaPattern(name));
    }
  }
  return (value) => {
    for (const p of parsers) {
      const t = p(value);
      if (t !== null) return t;
    }
    return null;
  };
}

const DEFAULT_PARSER = compileDateFormats();

/** Parse a date value with the default formats (`strict_date_optional_time||epoch_millis`). */
export function parseTimestamp(value: string | number): Timestamp | null {
  return DEFAULT_PARSER(value);
}

/** Order two timestamps: negative, zero or positive. */
export function compareTime(a: Timestamp, b: Timestamp): number {
  return a.ms !== b.ms ? (a.ms < b.ms ? -1 : 1) : a.ns === b.ns ? 0 : a.ns < b.ns ? -1 : 1;
}

// ## Printing

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function isoPrefix(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const yearText = year > 9999 ? `+${year}` : year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  return (
    `${yearText}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`
  );
}

function millisOfSecond(ms: number): number {
  return ((ms % 1000) + 1000) % 1000;
}

/** `strict_date_optional_time` rendering with milliseconds: "1970-01-01T00:00:00.000Z". */
export function formatIsoMillis(ms: number): string {
  return `${isoPrefix(ms)}.${pad(millisOfSecond(ms), 3)}Z`;
}

/** `strict_date_optional_time_nanos` rendering: 3 to 9 fraction digits, trailing zeros past 3 dropped. */
export function formatIsoNanos(t: Timestamp): string {
  let fraction = pad(millisOfSecond(t.ms), 3) + pad(t.ns, 6);
  while (fraction.length > 3 && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${isoPrefix(t.ms)}.${fraction}Z`;
}

/**
 * Java's `ZonedDateTime.toString()` in UTC, which is what Elasticsearch scripts print for a date doc value
 * (`string(@timestamp)`): seconds only when non-zero, then 3, 6 or 9 fraction digits as needed, then "Z"
 * (e.g. "2017-08-30T20:47Z", "2017-08-30T20:47:33.120Z").
 */
export function formatJavaDateTime(t: Timestamp): string {
  const d = new Date(t.ms);
  const year = d.getUTCFullYear();
  const yearText = year > 9999 ? `+${year}` : year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  const nanos = millisOfSecond(t.ms) * 1_000_000 + t.ns;
  let time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}`;
  if (d.getUTCSeconds() !== 0 || nanos !== 0) {
    time += `:${pad(d.getUTCSeconds(), 2)}`;
    if (nanos !== 0) {
      if (nanos % 1_000_000 === 0) time += `.${pad(nanos / 1_000_000, 3)}`;
      else if (nanos % 1000 === 0) time += `.${pad(nanos / 1000, 6)}`;
      else time += `.${pad(nanos, 9)}`;
    }
  }
  return `${yearText}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${time}Z`;
}
