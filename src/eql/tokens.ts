// # EQL tokens
//
// The token kinds of Elasticsearch's EQL lexer, as tables. Keywords are lowercase only: Elasticsearch's
// lexer is case-sensitive, so `AND` is an ordinary identifier (and then usually a syntax error).

/** Reserved words. A word spelled like one of these is never an identifier unless backquoted. */
export const KEYWORDS = [
  "and",
  "any",
  "by",
  "false",
  "in",
  "join",
  "like",
  "maxspan",
  "not",
  "null",
  "of",
  "or",
  "regex",
  "sample",
  "sequence",
  "true",
  "until",
  "where",
  "with",
] as const;

export type Keyword = (typeof KEYWORDS)[number];

/** Keywords that also have a case-insensitive `~` form lexed as one token (`in~`, `like~`, `regex~`). */
export const TILDE_KEYWORDS = ["in~", "like~", "regex~"] as const;
export type TildeKeyword = (typeof TILDE_KEYWORDS)[number];

/** Punctuation and operators, longest first where one is a prefix of another. */
export const PUNCTUATION = [
  "![",
  "==",
  "!=",
  "<=",
  ">=",
  ":",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  ".",
  ",",
  "[",
  "]",
  "(",
  ")",
  "|",
  "?",
] as const;

export type Punctuation = (typeof PUNCTUATION)[number];

/**
 * - `ident`: a bare identifier (`process`, `@timestamp`, `_x1`).
 * - `quotedIdent`: a backquoted identifier; its value has the quotes removed and doubled backquotes undone.
 * - `tildeIdent`: a function name with the case-insensitive suffix (`startsWith~`); its value is the name without `~`.
 * - `string`: a string literal; its value is the unescaped text.
 * - `integer` / `decimal`: number literals; the value is the source text.
 */
export type TokenKind =
  | "eof"
  | "ident"
  | "quotedIdent"
  | "tildeIdent"
  | "string"
  | "integer"
  | "decimal"
  | Keyword
  | TildeKeyword
  | Punctuation;

const KEYWORD_SET: ReadonlySet<string> = new Set<string>([...KEYWORDS, ...TILDE_KEYWORDS]);

export function isKeyword(word: string): boolean {
  return KEYWORD_SET.has(word);
}

/** How a token kind is named in messages. */
export function describeKind(kind: TokenKind): string {
  switch (kind) {
    case "eof":
      return "end of query";
    case "ident":
      return "identifier";
    case "quotedIdent":
      return "backquoted identifier";
    case "tildeIdent":
      return "function name";
    case "string":
      return "string";
    case "integer":
      return "integer";
    case "decimal":
      return "number";
    default:
      return `'${kind}'`;
  }
}

/** A bare word Elasticsearch's lexer reads as one IDENTIFIER token (and that is not a keyword). */
export function isPlainIdentifier(word: string): boolean {
  return /^[A-Za-z_@][A-Za-z0-9_]*$/.test(word) && !isKeyword(word);
}

/** A word usable as a function name with a `~` suffix (`TILDE_IDENTIFIER`: must start with a letter). */
export function isTildeFunctionName(word: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(word);
}
