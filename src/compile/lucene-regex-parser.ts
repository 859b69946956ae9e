// # Lucene RegExp syntax → syntax tree
//
// A parser for the regular-expression language of Lucene's `RegExp` with the syntax flags Elasticsearch
// passes for EQL `regex` (all optional operators on: `&` intersection, `~` complement, `#` empty language,
// `@` any string, `<n-m>` numeric interval, `<name>` named automaton). It follows Lucene's grammar closely,
// including its quirks: no `^`/`$` anchors (they are literal), a leading `*`, `+`, `?` or `{` is a literal
// character, reserved characters must be escaped even inside classes (only `\` and `]` and `-` matter
// there), `"…"` is a literal string, `\d \D \s \S \w \W` are ASCII classes (`\s` = space, tab, CR, LF),
// and a backslash before any other letter is an error.
//
// Intersection and complement are parsed here; lucene-regex.ts can run them only where they combine whole
// matches (see there).
//
// Case-insensitive matching (`regex~`) is Lucene 9's ASCII_CASE_INSENSITIVE, which Elasticsearch 8 uses:
// single characters and quoted strings also accept the other case of ASCII letters; ranges such as `a-z`
// and the predefined classes are not folded.

import { ALL, complement, single, union, type CodePointSet } from "./code-point-set.js";
import { PatternError } from "./functions/pattern-error.js";

export type RegexNode =
  | { readonly kind: "set"; readonly set: CodePointSet }
  | { readonly kind: "concat"; readonly items: readonly RegexNode[] }
  | { readonly kind: "union"; readonly alternatives: readonly RegexNode[] }
  | { readonly kind: "repeat"; readonly node: RegexNode; readonly min: number; readonly max: number | null }
  | { readonly kind: "anystring" }
  | { readonly kind: "interval"; readonly min: number; readonly max: number; readonly digits: number }
  // Lucene's optional `&` and `~`; `offset` is where the operator appears in the pattern.
  | { readonly kind: "intersection"; readonly items: readonly RegexNode[]; readonly offset: number }
  | { readonly kind: "complement"; readonly node: RegexNode; readonly offset: number };

const DIGIT: CodePointSet = [[0x30, 0x39]];
const SPACE: CodePointSet = [[0x09, 0x0a], [0x0d, 0x0d], [0x20, 0x20]];
const WORD: CodePointSet = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
const EMPTY_STRING: RegexNode = { kind: "concat", items: [] };
const EMPTY_LANGUAGE: RegexNode = { kind: "set", set: [] };

function predefinedClass(letter: string): CodePointSet {
  switch (letter) {
    case "d":
      return DIGIT;
    case "D":
      return complement(DIGIT);
    case "s":
      return SPACE;
    case "S":
      return complement(SPACE);
    case "w":
      return WORD;
    default:
      return complement(WORD);
  }
}

/** Lucene 9 ASCII case folding of one character (code points up to 128). */
function foldedChar(cp: number, caseInsensitive: boolean): CodePointSet {
  if (!caseInsensitive || cp > 128) return single(cp);
  if (cp >= 0x41 && cp <= 0x5a) return union(single(cp), single(cp + 32));
  if (cp >= 0x61 && cp <= 0x7a) return union(single(cp), single(cp - 32));
  return single(cp);
}

/** `Integer.parseInt` over a run of ASCII digits; null on overflow. */
function parseJavaInt(text: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(text)) return null;
  const n = Number(text);
  return n >= -2147483648 && n <= 2147483647 ? n : null;
}

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly caseInsensitive: boolean,
  ) {}

  parse(): RegexNode {
    if (this.text.length === 0) return EMPTY_STRING;
    const node = this.unionExp();
    if (this.pos < this.text.length) this.fail(`end-of-string expected at position ${this.pos}`);
    return node;
  }

  private fail(message: string, at = this.pos): never {
    throw new PatternError(`invalid regular expression: ${message}`, at);
  }

  private more(): boolean {
    return this.pos < this.text.length;
  }

  private current(): number {
    return this.text.codePointAt(this.pos) as number;
  }

  private peek(chars: string): boolean {
    return this.more() && chars.includes(String.fromCodePoint(this.current()));
  }

  private match(ch: string): boolean {
    if (this.more() && this.current() === ch.codePointAt(0)) {
      this.pos += ch.length;
      return true;
    }
    return false;
  }

  private next(): number {
    if (!this.more()) this.fail("unexpected end-of-string");
    const cp = this.current();
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private unionExp(): RegexNode {
    const alternatives = [this.interExp()];
    while (this.match("|")) alternatives.push(this.interExp());
    return alternatives.length === 1 ? (alternatives[0] as RegexNode) : { kind: "union", alternatives };
  }

  private interExp(): RegexNode {
    const items = [this.concatExp()];
    const offset = this.pos;
    while (this.match("&")) items.push(this.concatExp());
    return items.length === 1 ? (items[0] as RegexNode) : { kind: "intersection", items, offset };
  }

  private concatExp(): RegexNode {
    const items = [this.repeatExp()];
    while (this.more() && !this.peek(")|&")) items.push(this.repeatExp());
    return items.length === 1 ? (items[0] as RegexNode) : { kind: "concat", items };
  }

  private repeatExp(): RegexNode {
    let node = this.complExp();
    while (this.peek("?*+{")) {
      if (this.match("?")) node = { kind: "repeat", node, min: 0, max: 1 };
      else if (this.match("*")) node = { kind: "repeat", node, min: 0, max: null };
      else if (this.match("+")) node = { kind: "repeat", node, min: 1, max: null };
      else {
        this.match("{");
        const min = this.repeatCount();
        let max: number | null = min;
        if (this.match(",")) max = this.peek("0123456789") ? this.repeatCount() : null;
        if (!this.match("}")) this.fail(`expected '}' at position ${this.pos}`);
        if (max !== null && min > max) this.fail(`invalid repetition range(out of order): ${min}..${max}`);
        node = { kind: "repeat", node, min, max };
      }
    }
    return node;
  }

  private repeatCount(): number {
    const start = this.pos;
    while (this.peek("0123456789")) this.next();
    if (start === this.pos) this.fail(`integer expected at position ${this.pos}`);
    const n = parseJavaInt(this.text.slice(start, this.pos));
    if (n === null) this.fail(`repetition count out of range at position ${start}`, start);
    return n;
  }

  private complExp(): RegexNode {
    const offset = this.pos;
    if (this.match("~")) return { kind: "complement", node: this.complExp(), offset };
    return this.charClassExp();
  }

  private charClassExp(): RegexNode {
    if (!this.match("[")) return this.simpleExp();
    const negate = this.match("^");
    let set = this.charClass();
    while (this.more() && !this.peek("]")) set = union(set, this.charClass());
    if (!this.match("]")) this.fail(`expected ']' at position ${this.pos}`);
    return { kind: "set", set: negate ? complement(set) : set };
  }

  private charClass(): CodePointSet {
    const predefined = this.predefinedClass();
    if (predefined !== null) return predefined;
    const from = this.charExp();
    if (this.match("-")) {
      const to = this.charExp();
      if (from > to) this.fail(`invalid range: from (${from}) cannot be > to (${to})`);
      return [[from, to]];
    }
    return foldedChar(from, this.caseInsensitive);
  }

  /** After a backslash: a predefined class, an escaped backslash, or an error for other letters. */
  private predefinedClass(): CodePointSet | null {
    const at = this.pos;
    if (!this.match("\\")) return null;
    if (this.peek("dDwWsS")) return predefinedClass(String.fromCodePoint(this.next()));
    if (this.peek("\\")) return single(this.next());
    if (this.peek("abcefghijklmnopqrtuvxyzABCEFGHIJKLMNOPQRTUVXYZ")) {
      this.fail(`invalid character class \\${String.fromCodePoint(this.current())}`, at);
    }
    // Lucene leaves the backslash consumed; the caller reads the escaped character next.
    return null;
  }

  private simpleExp(): RegexNode {
    if (this.match(".")) return { kind: "set", set: ALL };
    if (this.match("#")) return EMPTY_LANGUAGE;
    if (this.match("@")) return { kind: "anystring" };
    if (this.match('"')) {
      const start = this.pos;
      while (this.more() && !this.peek('"')) this.next();
      if (!this.match('"')) this.fail(`expected '"' at position ${this.pos}`);
      const items: RegexNode[] = [];
      for (const ch of this.text.slice(start, this.pos - 1)) {
        items.push({ kind: "set", set: foldedChar(ch.codePointAt(0) as number, this.caseInsensitive) });
      }
      return { kind: "concat", items };
    }
    if (this.match("(")) {
      if (this.match(")")) return EMPTY_STRING;
      const node = this.unionExp();
      if (!this.match(")")) this.fail(`expected ')' at position ${this.pos}`);
      return node;
    }
    if (this.match("<")) return this.angleExp();
    const predefined = this.predefinedClass();
    if (predefined !== null) return { kind: "set", set: predefined };
    return { kind: "set", set: foldedChar(this.charExp(), this.caseInsensitive) };
  }

  /** `<n-m>` numeric interval, or `<name>` (a named automaton, which Elasticsearch never provides). */
  private angleExp(): RegexNode {
    const open = this.pos - 1;
    const start = this.pos;
    while (this.more() && !this.peek(">")) this.next();
    if (!this.match(">")) this.fail(`expected '>' at position ${this.pos}`);
    const body = this.text.slice(start, this.pos - 1);
    const dash = body.indexOf("-");
    if (dash < 0) this.fail(`'${body}' not found (named automata are not available; escape '<' as \\<)`, open);
    const minText = body.slice(0, dash);
    const maxText = body.slice(dash + 1);
    const lo = parseJavaInt(minText);
    const hi = parseJavaInt(maxText);
    if (dash === 0 || dash === body.length - 1 || body.lastIndexOf("-") !== dash || lo === null || hi === null) {
      this.fail(`interval syntax error at position ${this.pos - 1}`, open);
    }
    const digits = minText.length === maxText.length ? minText.length : 0;
    return { kind: "interval", min: Math.min(lo, hi), max: Math.max(lo, hi), digits };
  }

  private charExp(): number {
    this.match("\\");
    return this.next();
  }
}

/** Parse a Lucene regular expression. Throws PatternError (with the offset) on invalid or unsupported syntax. */
export function parseLuceneRegex(pattern: string, caseInsensitive: boolean): RegexNode {
  return new Parser(pattern, caseInsensitive).parse();
}
