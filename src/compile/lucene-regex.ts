// # EQL `regex` / `regex~`: Lucene regular expressions run by RE2
//
// Elasticsearch matches `regex` patterns with Lucene's RegExp, always against the whole value. Sequent
// parses the Lucene syntax itself (lucene-regex-parser.ts), emits an equivalent RE2 pattern anchored at both
// ends, and runs it with re2js, whose matching time is linear in the input: no user pattern ever reaches a
// backtracking engine. Character-level constructs are emitted as explicit code-point ranges, so Lucene's
// definitions (`.` matches newlines, `\s` is [ \t\n\r], ASCII-only case folding) hold exactly.
//
// Intersection `&` and complement `~` have no RE2 equivalent. Where they combine whole-value matches — at
// the top of the pattern or of a top-level alternative (`~(.*\.exe)`, `.*foo.*&.*bar.*`, `a|~b`) — the
// matcher combines several RE2 matches with and/or/not. Inside a concatenation or repetition
// (`x~(y)`, `(a&b)*`) they are a PatternError pointing at the operator. Repetition counts above 1000
// (RE2's limit) are refused too. A named automaton `<name>` is an error in Elasticsearch as well.

import { RE2JS } from "re2js";
import { isAll, type CodePointSet } from "./code-point-set.js";
import { decimalIntervalRegex } from "./decimal-interval.js";
import { PatternError } from "./functions/pattern-error.js";
import { parseLuceneRegex, type RegexNode } from "./lucene-regex-parser.js";
import type { StringMatcher } from "./wildcard.js";

export { PatternError };

const RE2_MAX_REPEAT = 1000;

function hex(cp: number): string {
  return `\\x{${cp.toString(16)}}`;
}

function literal(cp: number): string {
  const isAlnum = (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  return isAlnum ? String.fromCharCode(cp) : hex(cp);
}

function emitSet(set: CodePointSet): string {
  if (isAll(set)) return "(?s:.)";
  if (set.length === 0) return "[^\\x{0}-\\x{10ffff}]";
  const first = set[0];
  if (set.length === 1 && first !== undefined && first[0] === first[1]) return literal(first[0]);
  const body = set.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join("");
  return `[${body}]`;
}

function emit(node: RegexNode): string {
  switch (node.kind) {
    case "set":
      return emitSet(node.set);
    case "concat":
      return `(?:${node.items.map(emit).join("")})`;
    case "union":
      return `(?:${node.alternatives.map(emit).join("|")})`;
    case "repeat": {
      const inner = `(?:${emit(node.node)})`;
      if (node.min === 0 && node.max === 1) return `${inner}?`;
      if (node.min === 0 && node.max === null) return `${inner}*`;
      if (node.min === 1 && node.max === null) return `${inner}+`;
      if (node.min > RE2_MAX_REPEAT || (node.max !== null && node.max > RE2_MAX_REPEAT)) {
        throw new PatternError(`repetition count above ${RE2_MAX_REPEAT} is not supported`);
      }
      return node.max === null ? `${inner}{${node.min},}` : `${inner}{${node.min},${node.max}}`;
    }
    case "anystring":
      return "(?s:.*)";
    case "interval":
      return decimalIntervalRegex(node.min, node.max, node.digits);
    case "intersection":
      throw new PatternError("intersection (&) is only supported between whole alternatives; escape it as \\& for a literal '&'", node.offset);
    case "complement":
      throw new PatternError("complement (~) is only supported on a whole alternative; escape it as \\~ for a literal '~'", node.offset);
  }
}

/** Whether a subtree uses `&` or `~`. */
function hasBooleanOperator(node: RegexNode): boolean {
  switch (node.kind) {
    case "intersection":
    case "complement":
      return true;
    case "concat":
      return node.items.some(hasBooleanOperator);
    case "union":
      return node.alternatives.some(hasBooleanOperator);
    case "repeat":
      return hasBooleanOperator(node.node);
    case "set":
    case "anystring":
    case "interval":
      return false;
  }
}

function compileRe2(node: RegexNode): StringMatcher {
  const translated = emit(node);
  let re: RE2JS;
  try {
    re = RE2JS.compile(translated);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new PatternError(`regular expression cannot be compiled: ${reason}`);
  }
  return (value) => re.matches(value);
}

/** Whole-value matcher: RE2 for plain subtrees, and/or/not over whole matches for `&`, `|` and `~`. */
function buildMatcher(node: RegexNode): StringMatcher {
  if (!hasBooleanOperator(node)) return compileRe2(node);
  switch (node.kind) {
    case "union": {
      const parts = node.alternatives.map(buildMatcher);
      return (value) => parts.some((m) => m(value));
    }
    case "intersection": {
      const parts = node.items.map(buildMatcher);
      return (value) => parts.every((m) => m(value));
    }
    case "complement": {
      const inner = buildMatcher(node.node);
      return (value) => !inner(value);
    }
    default:
      // A concatenation or repetition around `&`/`~`: emit() reports the operator's position.
      return compileRe2(node);
  }
}

/**
 * The RE2 pattern equivalent to a Lucene pattern (whole-value anchoring is left to `matches`). Throws
 * PatternError for `&`/`~`, which need compileLuceneRegex's combined matcher.
 */
export function translateLuceneRegex(pattern: string, caseInsensitive: boolean): string {
  return emit(parseLuceneRegex(pattern, caseInsensitive));
}

/**
 * Compile a Lucene regular expression into a whole-value matcher (`regex~` when `caseInsensitive`).
 * Throws PatternError for syntax Elasticsearch rejects or Sequent cannot run.
 */
export function compileLuceneRegex(pattern: string, caseInsensitive: boolean): StringMatcher {
  return buildMatcher(parseLuceneRegex(pattern, caseInsensitive));
}
