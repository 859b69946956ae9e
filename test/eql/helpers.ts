// Helpers for the EQL front-end tests: span stripping, AST builders, and locating ../shared.

import { existsSync } from "node:fs";
import type { Expr, FieldRef, Literal, Span } from "../../src/eql/ast.js";
import { REPO_ROOT, SHARED_DIR } from "../repo-paths.js";

/** A deep copy without `span` members, for comparing trees. */
export function stripSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripSpans);
  if (node !== null && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== "span") out[k] = stripSpans(v);
    return out;
  }
  return node;
}

/** Every span in the tree, with the path to it. */
export function collectSpans(node: unknown, path = "$", out: { path: string; span: Span }[] = []): { path: string; span: Span }[] {
  if (Array.isArray(node)) node.forEach((n, i) => collectSpans(n, `${path}[${i}]`, out));
  else if (node !== null && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "span") out.push({ path, span: v as Span });
      else collectSpans(v, `${path}.${k}`, out);
    }
  }
  return out;
}

/** The repository root (the directory holding package.json). */
export function repoRoot(): string {
  return REPO_ROOT;
}

/** ../shared next to the repository, or null when absent. */
export function sharedDir(): string | null {
  return existsSync(SHARED_DIR) ? SHARED_DIR : null;
}

// ## builders (spans are placeholders; compare with stripSpans)

export const S: Span = { start: 0, end: 0 };

export function field(name: string, optional = false): FieldRef {
  const segments = name.split(".");
  return { kind: "field", segments, name, optional, span: S };
}

export function fieldSegs(segments: string[], optional = false): FieldRef {
  return { kind: "field", segments, name: segments.join("."), optional, span: S };
}

export function str(value: string): Literal {
  return { kind: "string", value, span: S };
}

export function int(value: number): Literal {
  return { kind: "number", value, integer: true, span: S };
}

export function dbl(value: number): Literal {
  return { kind: "number", value, integer: false, span: S };
}

export function bool(value: boolean): Literal {
  return { kind: "boolean", value, span: S };
}

export const NULL: Literal = { kind: "null", span: S };

export function and(left: Expr, right: Expr): Expr {
  return { kind: "logical", op: "and", left, right, span: S };
}

export function or(left: Expr, right: Expr): Expr {
  return { kind: "logical", op: "or", left, right, span: S };
}

export function not(operand: Expr): Expr {
  return { kind: "not", operand, span: S };
}

export function neg(operand: Expr): Expr {
  return { kind: "negate", operand, span: S };
}

export function cmp(op: "==" | "!=" | "<" | "<=" | ">" | ">=", left: Expr, right: Expr): Expr {
  return { kind: "compare", op, left, right, span: S };
}

export function arith(op: "+" | "-" | "*" | "/" | "%", left: Expr, right: Expr): Expr {
  return { kind: "arith", op, left, right, span: S };
}

export function call(name: string, args: Expr[], caseInsensitive = false): Expr {
  return { kind: "call", name, caseInsensitive, args, span: S };
}

export function inList(value: Expr, list: Expr[], opts: { ci?: boolean; negated?: boolean } = {}): Expr {
  return { kind: "in", value, list, caseInsensitive: opts.ci ?? false, negated: opts.negated ?? false, span: S };
}

export function match(op: ":" | "like" | "regex", value: Expr, patterns: Expr[], opts: { ci?: boolean; list?: boolean } = {}): Expr {
  return { kind: "match", op, caseInsensitive: op === ":" ? true : (opts.ci ?? false), value, patterns, list: opts.list ?? false, span: S };
}
