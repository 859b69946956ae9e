// # `version` field ordering
//
// Elasticsearch's `version` field type stores each value as bytes whose plain byte order is the version
// order (x-pack versionfield, VersionEncoder); EQL comparisons on such fields compare those bytes. Sequent
// produces the same bytes:
// - a legal version is `main[-pre][+build]`: main is dot-separated numbers without leading zeros ("1.2.3",
//   any count of parts), pre is dot-separated identifiers (numbers without leading zeros, or alphanumerics
//   with hyphens containing a non-digit), build is dot-separated alphanumerics/hyphens;
// - every run of digits in main and in numeric pre-release identifiers becomes 0x01, 0x80|length, digits,
//   so numbers compare by length first, then digit by digit (numerically);
// - a pre-release part is introduced by 0x02 and "no pre-release" by 0x03, so "1.2.4-SNAPSHOT" < "1.2.4";
//   numeric identifiers (0x01…) sort before alphanumeric ones; the build suffix is appended as is;
// - an illegal string ("bad", "1.02") is kept as its UTF-8 bytes and so sorts after every legal version
//   (which all start with 0x01); the empty string is the single byte 0x03.

const NUMERIC_MARKER = 0x01;
const PRERELEASE_SEPARATOR = 0x02;
const NO_PRERELEASE_SEPARATOR = 0x03;

const utf8 = new TextEncoder();

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isAlnumOrHyphen(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x2d;
}

function allCodes(s: string, test: (code: number) => boolean): boolean {
  for (let i = 0; i < s.length; i++) if (!test(s.charCodeAt(i))) return false;
  return true;
}

/** "0" or a digit run without a leading zero. */
function isNumber(part: string): boolean {
  return part.length > 0 && allCodes(part, isDigit) && (part === "0" || part[0] !== "0");
}

function legalMain(main: string): boolean {
  return main.split(".").every(isNumber);
}

function legalPreRelease(pre: string): boolean {
  return pre
    .slice(1)
    .split(".")
    .every((id) => isNumber(id) || (id.length > 0 && allCodes(id, isAlnumOrHyphen) && !allCodes(id, isDigit)));
}

function legalBuild(build: string): boolean {
  return build
    .slice(1)
    .split(".")
    .every((id) => id.length > 0 && allCodes(id, isAlnumOrHyphen));
}

/** The suffix starting at the first `separator`, when that is not the first character. */
function suffixFrom(text: string, separator: string): string | null {
  const at = text.indexOf(separator);
  return at > 0 ? text.slice(at) : null;
}

interface VersionParts {
  readonly main: string;
  readonly pre: string | null;
  readonly build: string | null;
}

function split(text: string): VersionParts {
  const build = suffixFrom(text, "+");
  const rest = build === null ? text : text.slice(0, text.length - build.length);
  const pre = suffixFrom(rest, "-");
  const main = pre === null ? rest : rest.slice(0, rest.length - pre.length);
  return { main, pre, build };
}

/** Append `input` with every digit run written as marker, length, digits. Null when a run exceeds 127. */
function appendDigitGroups(input: string, out: number[]): boolean {
  let i = 0;
  while (i < input.length) {
    if (!isDigit(input.charCodeAt(i))) {
      out.push(input.charCodeAt(i));
      i++;
      continue;
    }
    const start = i;
    while (i < input.length && isDigit(input.charCodeAt(i))) i++;
    const length = i - start;
    if (length >= 128) return false;
    out.push(NUMERIC_MARKER, length | 0x80);
    for (let j = start; j < i; j++) out.push(input.charCodeAt(j));
  }
  return true;
}

/** Whether Elasticsearch considers the text a legal (semantic-style) version. */
export function isLegalVersion(text: string): boolean {
  const { main, pre, build } = split(text);
  return legalMain(main) && (pre === null || legalPreRelease(pre)) && (build === null || legalBuild(build));
}

/** The sort key Elasticsearch's version field stores for a value. */
export function encodeVersion(text: string): Uint8Array {
  if (isLegalVersion(text)) {
    const { main, pre, build } = split(text);
    const out: number[] = [];
    let ok = appendDigitGroups(main, out);
    if (pre !== null) {
      out.push(PRERELEASE_SEPARATOR, 0x2d);
      pre
        .slice(1)
        .split(".")
        .forEach((id, index) => {
          if (index > 0) out.push(0x2e);
          if (allCodes(id, isDigit)) ok = appendDigitGroups(id, out) && ok;
          else for (let i = 0; i < id.length; i++) out.push(id.charCodeAt(i));
        });
    } else {
      out.push(NO_PRERELEASE_SEPARATOR);
    }
    if (build !== null) for (let i = 0; i < build.length; i++) out.push(build.charCodeAt(i));
    if (ok) return Uint8Array.from(out);
  }
  return text.length === 0 ? Uint8Array.of(NO_PRERELEASE_SEPARATOR) : utf8.encode(text);
}

/** Unsigned byte-wise comparison of two encoded versions. */
export function compareEncodedVersions(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Compare two version strings as Elasticsearch orders `version` field values: -1, 0 or 1. */
export function compareVersions(a: string, b: string): number {
  return compareEncodedVersions(encodeVersion(a), encodeVersion(b));
}
