// # EQL lexer
//
// A hand-written lexer that follows Elasticsearch's EqlBase grammar token for token. It holds only the
// current token (kind, span, value) and hands out one token at a time; `peek` looks one token ahead
// without consuming. Whitespace is space, tab, CR and LF only; `//` and (nestable) `/* */` comments are
// skipped. Anything the Elasticsearch lexer cannot tokenise is a QueryError with the offending span.
//
// Strings, as Elasticsearch reads them:
// - `"…"`: escapes `\b \t \n \f \r \" \' \\` and `\u{X…}` (2 to 8 hex digits, not a surrogate, at most
//   U+10FFFF); any other backslash sequence is an error, and so is a raw line break.
// - `"""…"""`: raw, no escapes, no line breaks; up to two extra `"` right after the closing `"""` belong to
//   the value.
// - `'…'`, `?"…"` and `?'…'` are recognised only to be rejected with a clear message.

import type { Span } from "./ast.js";
import { QueryError } from "../diag/diagnostic.js";
import { isKeyword, type TokenKind } from "./tokens.js";

/** Error codes of the lexer and parser (stable: tests match on them). */
export const ErrorCode = {
  UnexpectedToken: "EQL1001",
  UnterminatedString: "EQL1002",
  InvalidEscape: "EQL1003",
  UnexpectedCharacter: "EQL1004",
  UnterminatedComment: "EQL1005",
  UnterminatedIdentifier: "EQL1006",
  InvalidNumber: "EQL1007",
  UnsupportedQuotes: "EQL1008",
  Unsupported: "EQL1010",
  UnknownPipe: "EQL1011",
  InvalidPipeArgument: "EQL1012",
  InvalidMaxspan: "EQL1020",
  ByAfterWith: "EQL1021",
  TooFewStages: "EQL1022",
  InconsistentJoinKeys: "EQL1023",
  InvalidJoinKey: "EQL1024",
  InvalidRuns: "EQL1025",
  InvalidMissingEvent: "EQL1026",
  TooDeep: "EQL1030",
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Where errors point: the query text and where it came from. */
export interface SourceInfo {
  readonly text: string;
  readonly origin: string | undefined;
}

export function syntaxError(src: SourceInfo, code: ErrorCodeValue, message: string, span: Span, hint?: string): QueryError {
  return new QueryError([
    {
      code,
      severity: "error",
      message,
      span,
      source: src.text,
      ...(src.origin !== undefined ? { origin: src.origin } : {}),
      ...(hint !== undefined ? { hint } : {}),
    },
  ]);
}

const CH_TAB = 9;
const CH_LF = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_QUOTE = 34; // "
const CH_APOS = 39; // '
const CH_STAR = 42;
const CH_DOT = 46;
const CH_SLASH = 47;
const CH_BACKSLASH = 92;
const CH_BACKQUOTE = 96;
const CH_QUESTION = 63;
const CH_TILDE = 126;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isWordChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 95;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Single-character escapes of double-quoted strings. */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: "\b",
  t: "\t",
  n: "\n",
  f: "\f",
  r: "\r",
  '"': '"',
  "'": "'",
  "\\": "\\",
};

/** Operators and punctuation by first character; longer spellings first. */
const PUNCT_BY_CHAR: Readonly<Record<string, readonly TokenKind[]>> = {
  "!": ["![", "!="],
  "=": ["==", "="],
  "<": ["<=", "<"],
  ">": [">=", ">"],
  ":": [":"],
  "+": ["+"],
  "-": ["-"],
  "*": ["*"],
  "/": ["/"],
  "%": ["%"],
  ".": ["."],
  ",": [","],
  "[": ["["],
  "]": ["]"],
  "(": ["("],
  ")": [")"],
  "|": ["|"],
  "?": ["?"],
};

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** Identifier name, unescaped string, or number text. Empty for other kinds. */
  readonly value: string;
}

export class Lexer {
  readonly src: SourceInfo;
  private readonly text: string;
  /** The current token. */
  kind: TokenKind = "eof";
  start = 0;
  end = 0;
  value = "";
  private peeked: Token | null = null;

  constructor(text: string, origin?: string) {
    this.text = text;
    this.src = { text, origin };
    this.advance();
  }

  get span(): Span {
    return { start: this.start, end: this.end };
  }

  /** Moves to the next token. */
  advance(): void {
    const t = this.peeked ?? this.scan(this.end);
    this.peeked = null;
    this.kind = t.kind;
    this.start = t.start;
    this.end = t.end;
    this.value = t.value;
  }

  /** The token after the current one, without consuming it. */
  peek(): Token {
    if (this.peeked === null) this.peeked = this.scan(this.end);
    return this.peeked;
  }

  private error(code: ErrorCodeValue, message: string, start: number, end: number, hint?: string): QueryError {
    return syntaxError(this.src, code, message, { start, end: Math.max(end, start + 1) }, hint);
  }

  private skipTrivia(pos: number): number {
    const s = this.text;
    const n = s.length;
    while (pos < n) {
      const c = s.charCodeAt(pos);
      if (c === CH_SPACE || c === CH_TAB || c === CH_LF || c === CH_CR) {
        pos++;
      } else if (c === CH_SLASH && s.charCodeAt(pos + 1) === CH_SLASH) {
        pos += 2;
        while (pos < n && s.charCodeAt(pos) !== CH_LF && s.charCodeAt(pos) !== CH_CR) pos++;
      } else if (c === CH_SLASH && s.charCodeAt(pos + 1) === CH_STAR) {
        pos = this.skipBlockComment(pos);
      } else {
        break;
      }
    }
    return pos;
  }

  private skipBlockComment(open: number): number {
    const s = this.text;
    let depth = 0;
    let pos = open;
    while (pos < s.length) {
      const c = s.charCodeAt(pos);
      if (c === CH_SLASH && s.charCodeAt(pos + 1) === CH_STAR) {
        depth++;
        pos += 2;
      } else if (c === CH_STAR && s.charCodeAt(pos + 1) === CH_SLASH) {
        depth--;
        pos += 2;
        if (depth === 0) return pos;
      } else {
        pos++;
      }
    }
    throw this.error(ErrorCode.UnterminatedComment, "unterminated comment: '/*' has no matching '*/'", open, open + 2);
  }

  private scan(from: number): Token {
    const s = this.text;
    const start = this.skipTrivia(from);
    if (start >= s.length) return { kind: "eof", start: s.length, end: s.length, value: "" };
    const c = s.charCodeAt(start);

    if (isLetter(c) || c === 95 || c === 64) return this.scanWord(start);
    if (isDigit(c) || (c === CH_DOT && isDigit(s.charCodeAt(start + 1)))) return this.scanNumber(start);
    if (c === CH_QUOTE) return this.scanString(start);
    if (c === CH_BACKQUOTE) return this.scanQuotedIdentifier(start);
    if (c === CH_APOS || (c === CH_QUESTION && (s.charCodeAt(start + 1) === CH_QUOTE || s.charCodeAt(start + 1) === CH_APOS))) {
      throw this.unsupportedQuotes(start);
    }

    const candidates = PUNCT_BY_CHAR[s[start] as string];
    if (candidates !== undefined) {
      for (const p of candidates) {
        if (s.startsWith(p, start)) return { kind: p, start, end: start + p.length, value: "" };
      }
    }
    throw this.unexpectedCharacter(start);
  }

  private unexpectedCharacter(pos: number): QueryError {
    const cp = this.text.codePointAt(pos) ?? 0;
    const ch = String.fromCodePoint(cp);
    const width = cp > 0xffff ? 2 : 1;
    const shown = cp < 32 || cp === 127 ? `U+${cp.toString(16).toUpperCase().padStart(4, "0")}` : `'${ch}'`;
    let hint: string | undefined;
    if (ch === "!" && this.text[pos + 1] === ":") hint = "'!:' is not supported; write 'not x : …'";
    else if (ch === "!") hint = "use '!=' for inequality or 'not' for negation";
    else if (ch === "~") hint = "'~' may only follow a function name or in/like/regex, without a space";
    else if (ch === "&" || ch === "&&") hint = "use 'and'";
    else if (/\s/u.test(ch)) hint = "only space, tab, CR and LF count as whitespace in EQL";
    else if (cp > 127) hint = "non-ASCII field names must be backquoted, e.g. `naïve.field`";
    return this.error(ErrorCode.UnexpectedCharacter, `unexpected character ${shown}`, pos, pos + width, hint);
  }

  private unsupportedQuotes(start: number): QueryError {
    const s = this.text;
    if (s.charCodeAt(start) === CH_QUESTION) {
      return this.error(
        ErrorCode.UnsupportedQuotes,
        `'?${s[start + 1] ?? ""}' strings are not supported; use triple double quotes ("""...""") for unescaped strings`,
        start,
        start + 2,
      );
    }
    return this.error(
      ErrorCode.UnsupportedQuotes,
      "single-quoted strings are not supported; use double quotes (\")",
      start,
      start + 1,
    );
  }

  private scanWord(start: number): Token {
    const s = this.text;
    let pos = start + 1;
    while (pos < s.length && isWordChar(s.charCodeAt(pos))) pos++;
    const word = s.slice(start, pos);
    // `in~`, `like~`, `regex~` are keywords; any other letter-initial word directly followed by `~` is a
    // case-insensitive function name. ANTLR prefers the longest token, so `and~` is a function name too.
    if (s.charCodeAt(pos) === CH_TILDE && isLetter(s.charCodeAt(start))) {
      const tilde = word + "~";
      if (tilde === "in~" || tilde === "like~" || tilde === "regex~") return { kind: tilde, start, end: pos + 1, value: "" };
      return { kind: "tildeIdent", start, end: pos + 1, value: word };
    }
    if (isKeyword(word)) return { kind: word as TokenKind, start, end: pos, value: "" };
    return { kind: "ident", start, end: pos, value: word };
  }

  private scanNumber(start: number): Token {
    const s = this.text;
    let pos = start;
    let decimal = false;
    while (isDigit(s.charCodeAt(pos))) pos++;
    if (s.charCodeAt(pos) === CH_DOT) {
      // `1.` and `1.5` are decimals; `.5` too (the caller checked a digit follows a leading dot).
      decimal = true;
      pos++;
      while (isDigit(s.charCodeAt(pos))) pos++;
    }
    const e = s.charCodeAt(pos);
    if (e === 69 || e === 101) {
      let p = pos + 1;
      const sign = s.charCodeAt(p);
      if (sign === 43 || sign === 45) p++;
      if (isDigit(s.charCodeAt(p))) {
        while (isDigit(s.charCodeAt(p))) p++;
        pos = p;
        decimal = true;
      }
    }
    return { kind: decimal ? "decimal" : "integer", start, end: pos, value: s.slice(start, pos) };
  }

  private scanQuotedIdentifier(start: number): Token {
    const s = this.text;
    let pos = start + 1;
    let value = "";
    let chunk = pos;
    for (;;) {
      const next = s.indexOf("`", pos);
      if (next < 0) {
        throw this.error(ErrorCode.UnterminatedIdentifier, "unterminated backquoted identifier: missing closing '`'", start, s.length);
      }
      if (s.charCodeAt(next + 1) === CH_BACKQUOTE) {
        value += s.slice(chunk, next + 1);
        pos = next + 2;
        chunk = pos;
        continue;
      }
      value += s.slice(chunk, next);
      return { kind: "quotedIdent", start, end: next + 1, value };
    }
  }

  private scanString(start: number): Token {
    const s = this.text;
    if (s.startsWith('"""', start)) {
      const raw = this.scanRawString(start);
      if (raw !== null) return raw;
    }
    let pos = start + 1;
    let value = "";
    let chunk = pos;
    for (;;) {
      if (pos >= s.length) throw this.unterminated(start, pos);
      const c = s.charCodeAt(pos);
      if (c === CH_QUOTE) {
        value += s.slice(chunk, pos);
        return { kind: "string", start, end: pos + 1, value };
      }
      if (c === CH_LF || c === CH_CR) throw this.unterminated(start, pos);
      if (c === CH_BACKSLASH) {
        value += s.slice(chunk, pos);
        const [text, after] = this.scanEscape(pos);
        value += text;
        pos = after;
        chunk = pos;
        continue;
      }
      pos++;
    }
  }

  private unterminated(start: number, at: number): QueryError {
    const lineBreak = at < this.text.length;
    return this.error(
      ErrorCode.UnterminatedString,
      lineBreak ? "unterminated string: line break before the closing '\"'" : "unterminated string: missing closing '\"'",
      start,
      at,
      lineBreak ? "strings cannot span lines; write \\n for a line break" : undefined,
    );
  }

  /** A `"""…"""` string, or null when there is no closing `"""` on the same line. */
  private scanRawString(start: number): Token | null {
    const s = this.text;
    let pos = start + 3;
    for (;;) {
      if (pos >= s.length) break;
      const c = s.charCodeAt(pos);
      if (c === CH_LF || c === CH_CR) break;
      if (c === CH_QUOTE && s.startsWith('"""', pos)) {
        let end = pos + 3;
        // up to two more quotes right after the closing triple belong to the value
        if (s.charCodeAt(end) === CH_QUOTE) end++;
        if (s.charCodeAt(end) === CH_QUOTE) end++;
        return { kind: "string", start, end, value: s.slice(start + 3, end - 3) };
      }
      pos++;
    }
    throw this.error(
      ErrorCode.UnterminatedString,
      "unterminated raw string: missing closing '\"\"\"' on the same line",
      start,
      Math.min(pos, s.length),
    );
  }

  /** Reads the escape at `pos` (a backslash); returns its text and the position after it. */
  private scanEscape(pos: number): [string, number] {
    const s = this.text;
    const next = s[pos + 1];
    if (next === undefined) throw this.unterminated(pos - 1, s.length);
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) return [simple, pos + 2];
    if (next === "u") return this.scanUnicodeEscape(pos);
    const shown = next === "\n" || next === "\r" ? "\\ followed by a line break" : `'\\${next}'`;
    throw this.error(
      ErrorCode.InvalidEscape,
      `invalid escape sequence ${shown} in string`,
      pos,
      pos + 2,
      'valid escapes are \\b \\t \\n \\f \\r \\" \\\' \\\\ and \\u{hex}; write \\\\ for a backslash or use a raw """...""" string',
    );
  }

  private scanUnicodeEscape(pos: number): [string, number] {
    const s = this.text;
    if (s.charCodeAt(pos + 2) !== 123 /* { */) {
      throw this.error(ErrorCode.InvalidEscape, "invalid unicode escape: expected '{' after '\\u' (write \\u{XXXX})", pos, pos + 2);
    }
    let p = pos + 3;
    while (p < s.length && isHexDigit(s.charCodeAt(p))) p++;
    if (s.charCodeAt(p) !== 125 /* } */ || p === pos + 3) {
      throw this.error(
        ErrorCode.InvalidEscape,
        "invalid unicode escape: expected hex digits and a closing '}' (write \\u{XXXX})",
        pos,
        Math.max(p, pos + 3),
      );
    }
    const hex = s.slice(pos + 3, p);
    const end = p + 1;
    if (hex.length < 2 || hex.length > 8) {
      throw this.error(
        ErrorCode.InvalidEscape,
        `unicode escape must have 2 to 8 hex digits; [${s.slice(pos, end)}] has ${hex.length}`,
        pos,
        end,
      );
    }
    const code = Number.parseInt(hex, 16);
    if (code >= 0xd800 && code <= 0xdfff) {
      throw this.error(ErrorCode.InvalidEscape, `invalid unicode character code [${hex}]: it is a surrogate`, pos, end);
    }
    if (code > 0x10ffff) {
      throw this.error(ErrorCode.InvalidEscape, `invalid unicode character code [${hex}]: beyond U+10FFFF`, pos, end);
    }
    return [String.fromCodePoint(code), end];
  }
}
