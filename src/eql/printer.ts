// # EQL printer
//
// Canonical EQL text for an AST: parsing the output gives the same tree (spans aside). Parentheses are
// added only where the grammar's precedence needs them; strings are double-quoted with escapes; field
// segments and categories that are not plain identifiers (or are keywords) are backquoted / quoted.
//
// Limits: a negative number literal prints as `-N`, which parses back as a Negate node (the parser never
// produces negative literals); NaN and infinities have no EQL spelling. Pattern operands of `:`/like/regex
// must be literals, as the grammar requires.

import { assertNever } from "./ast.js";
import type { EventFilter, Expr, FieldRef, Literal, Pipe, Query, SequenceStage, TimeSpan } from "./ast.js";
import { isPlainIdentifier } from "./tokens.js";

// Binding strength, loosest first. A child printed where the grammar needs at least `min` is
// parenthesised when its own level is lower.
const enum Level {
  Or = 1,
  And = 2,
  Not = 3,
  Compare = 4,
  Additive = 5,
  Multiplicative = 6,
  Unary = 7,
  Postfix = 8,
  Primary = 9,
}

function levelOf(e: Expr): Level {
  switch (e.kind) {
    case "logical":
      return e.op === "or" ? Level.Or : Level.And;
    case "not":
      return Level.Not;
    case "compare":
      return Level.Compare;
    case "arith":
      return e.op === "+" || e.op === "-" ? Level.Additive : Level.Multiplicative;
    case "negate":
      return Level.Unary;
    case "in":
    case "match":
      return Level.Postfix;
    case "number":
      return e.value < 0 || Object.is(e.value, -0) ? Level.Unary : Level.Primary;
    case "string":
    case "boolean":
    case "null":
    case "field":
    case "call":
      return Level.Primary;
    default:
      return assertNever(e, "expression");
  }
}

/** Print an expression, parenthesising a child whose level is below `min`. */
function at(e: Expr, min: Level): string {
  const text = printExpr(e);
  return levelOf(e) < min ? `(${text})` : text;
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return printLiteral(e);
    case "field":
      return printField(e);
    case "call":
      return `${e.name}${e.caseInsensitive ? "~" : ""}(${e.args.map(printExpr).join(", ")})`;
    case "not":
      // `not` takes a boolean operand at its own level or tighter (`not not a`, `not a == b`)
      return `not ${at(e.operand, Level.Not)}`;
    case "negate":
      return `-${at(e.operand, Level.Unary)}`;
    case "logical":
      return printLogical(e);
    case "compare":
      // non-associative: both sides are arithmetic expressions
      return `${at(e.left, Level.Additive)} ${e.op} ${at(e.right, Level.Additive)}`;
    case "arith": {
      const lvl = levelOf(e);
      return `${at(e.left, lvl)} ${e.op} ${at(e.right, lvl + 1)}`;
    }
    case "in": {
      const op = `${e.negated ? "not " : ""}in${e.caseInsensitive ? "~" : ""}`;
      return `${at(e.value, Level.Primary)} ${op} (${e.list.map(printExpr).join(", ")})`;
    }
    case "match": {
      const op = e.op === ":" ? ":" : `${e.op}${e.caseInsensitive ? "~" : ""}`;
      const pats = e.patterns.map((p) => at(p, Level.Primary));
      const rhs = e.list ? `(${pats.join(", ")})` : (pats[0] ?? "()");
      return `${at(e.value, Level.Primary)} ${op} ${rhs}`;
    }
    default:
      return assertNever(e, "expression");
  }
}

/** Left-associative chains print iteratively, so very long `or`/`and` chains do not recurse deeply. */
function printLogical(e: Expr & { kind: "logical" }): string {
  const lvl = levelOf(e);
  const rights: Expr[] = [];
  let cur: Expr = e;
  while (cur.kind === "logical" && cur.op === e.op) {
    rights.push(cur.right);
    cur = cur.left;
  }
  let out = at(cur, lvl);
  for (let i = rights.length - 1; i >= 0; i--) out += ` ${e.op} ${at(rights[i] as Expr, lvl + 1)}`;
  return out;
}

export function printLiteral(l: Literal): string {
  switch (l.kind) {
    case "string":
      return quoteString(l.value);
    case "boolean":
      return l.value ? "true" : "false";
    case "null":
      return "null";
    case "number":
      return printNumber(l.value, l.integer);
    default:
      return assertNever(l, "literal");
  }
}

function printNumber(value: number, integer: boolean): string {
  const neg = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  let text: string;
  if (integer && Number.isInteger(abs)) {
    text = BigInt(abs).toString();
  } else {
    text = String(abs);
    if (!/[.eE]/.test(text)) text += ".0";
    // String() writes exponents as e+21; the EQL lexer accepts that form.
  }
  return neg ? `-${text}` : text;
}

const STRING_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** A double-quoted EQL string literal for `value`. */
export function quoteString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const esc = STRING_ESCAPES[ch];
    if (esc !== undefined) {
      out += esc;
      continue;
    }
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f) out += `\\u{${cp.toString(16).toUpperCase().padStart(2, "0")}}`;
    else out += ch;
  }
  return out + '"';
}

/** A field segment as written: bare when it lexes as one identifier, otherwise backquoted. */
export function quoteIdentifier(segment: string): string {
  return isPlainIdentifier(segment) ? segment : "`" + segment.replace(/`/g, "``") + "`";
}

export function printField(f: FieldRef): string {
  return (f.optional ? "?" : "") + f.segments.map(quoteIdentifier).join(".");
}

function printCategory(category: string | null): string {
  if (category === null) return "any";
  return isPlainIdentifier(category) ? category : quoteString(category);
}

function printFilter(f: EventFilter): string {
  return `${printCategory(f.category)} where ${printExpr(f.condition)}`;
}

function printKeys(keys: readonly FieldRef[]): string {
  return keys.length > 0 ? ` by ${keys.map(printField).join(", ")}` : "";
}

function printTimeSpan(t: TimeSpan): string {
  return `${t.value}${t.unit}`;
}

function printStage(s: SequenceStage): string {
  return `${s.missing ? "!" : ""}[${printFilter(s.filter)}]${printKeys(s.by)}${s.runs !== 1 ? ` with runs=${s.runs}` : ""}`;
}

function printPipes(pipes: readonly Pipe[]): string {
  return pipes.map((p) => ` | ${p.kind} ${p.count}`).join("");
}

/** Canonical text of a query; stages go on their own lines, indented. */
export function printQuery(q: Query): string {
  switch (q.kind) {
    case "event":
      return printFilter(q.filter) + printPipes(q.pipes);
    case "sequence": {
      let head = "sequence" + printKeys(q.by);
      if (q.maxspan !== null) head += ` with maxspan=${printTimeSpan(q.maxspan)}`;
      const lines = [head, ...q.stages.map((s) => "  " + printStage(s))];
      if (q.until !== null) lines.push(`until [${printFilter(q.until.filter)}]${printKeys(q.until.by)}`);
      return lines.join("\n") + printPipes(q.pipes);
    }
    case "sample": {
      const lines = ["sample" + printKeys(q.by), ...q.stages.map((s) => `  [${printFilter(s.filter)}]${printKeys(s.by)}`)];
      return lines.join("\n") + printPipes(q.pipes);
    }
    default:
      return assertNever(q, "query");
  }
}
