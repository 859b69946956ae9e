// Lexer: token kinds, values and spans, as Elasticsearch's EQL lexer splits text.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Lexer } from "../../src/eql/lexer.js";
import type { TokenKind } from "../../src/eql/tokens.js";

function tokens(text: string): [TokenKind, string][] {
  const lx = new Lexer(text);
  const out: [TokenKind, string][] = [];
  while (lx.kind !== "eof") {
    out.push([lx.kind, lx.value || text.slice(lx.start, lx.end)]);
    lx.advance();
  }
  return out;
}

test("keywords are lowercase-only; longer words are identifiers", () => {
  assert.deepEqual(tokens("and AND android in in~ inx~ like~ regex~ and~ _x @ts"), [
    ["and", "and"],
    ["ident", "AND"],
    ["ident", "android"],
    ["in", "in"],
    ["in~", "in~"],
    ["tildeIdent", "inx"],
    ["like~", "like~"],
    ["regex~", "regex~"],
    ["tildeIdent", "and"],
    ["ident", "_x"],
    ["ident", "@ts"],
  ]);
});

test("numbers: integers, decimals, exponents; a unit after a number is its own token", () => {
  assert.deepEqual(tokens("5 5ms 1.5 1. .5 1e5 1E+5 2.5e-3 5e 7.x"), [
    ["integer", "5"],
    ["integer", "5"],
    ["ident", "ms"],
    ["decimal", "1.5"],
    ["decimal", "1."],
    ["decimal", ".5"],
    ["decimal", "1e5"],
    ["decimal", "1E+5"],
    ["decimal", "2.5e-3"],
    ["integer", "5"],
    ["ident", "e"],
    ["decimal", "7."],
    ["ident", "x"],
  ]);
});

test("operators take the longest spelling", () => {
  assert.deepEqual(
    tokens("== = != <= < >= > ![ : ? | . , + - * / %").map(([k]) => k),
    ["==", "=", "!=", "<=", "<", ">=", ">", "![", ":", "?", "|", ".", ",", "+", "-", "*", "/", "%"],
  );
});

test("comments and whitespace (CRLF, tabs) are skipped; comments may hold quotes", () => {
  assert.deepEqual(tokens('a\r\n\t/* "x" \'y\' /* nested */ */ b // "unterminated\r\nc //end'), [
    ["ident", "a"],
    ["ident", "b"],
    ["ident", "c"],
  ]);
});

test("strings: escapes, unicode escapes, raw strings, empty strings", () => {
  assert.deepEqual(tokens('"" "a\\"b" "\\u{1F600}" """a\\b""" """"x""""" "é"'), [
    ["string", '""'], // empty value: tokens() shows the source text for empty values
    ["string", 'a"b'],
    ["string", "\u{1F600}"],
    ["string", "a\\b"],
    ["string", '"x""'],
    ["string", "é"],
  ]);
});

test("backquoted identifiers undo doubled backquotes and may hold anything", () => {
  assert.deepEqual(tokens("`a.b` `x``y` `sequence` ` `"), [
    ["quotedIdent", "a.b"],
    ["quotedIdent", "x`y"],
    ["quotedIdent", "sequence"],
    ["quotedIdent", " "],
  ]);
});

test("spans are UTF-16 offsets", () => {
  const lx = new Lexer('  "é\u{1F600}" x');
  assert.deepEqual([lx.start, lx.end], [2, 7]);
  lx.advance();
  assert.deepEqual([lx.kind, lx.start, lx.end], ["ident", 8, 9]);
  lx.advance();
  assert.deepEqual([lx.kind, lx.start, lx.end], ["eof", 9, 9]);
});

test("non-EQL whitespace (no-break space, form feed) is an unexpected character with a hint", () => {
  for (const ws of ["\u00a0", "\f", "\u2003"]) {
    assert.throws(
      () => tokens(`a${ws}b`),
      (e: unknown) => {
        const d = (e as { diagnostics: { code: string; hint?: string }[] }).diagnostics[0]!;
        return d.code === "EQL1004" && (d.hint ?? "").includes("whitespace");
      },
    );
  }
});
