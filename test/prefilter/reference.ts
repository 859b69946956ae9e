// A tiny reference evaluator for the grammar subset the prefilter property test generates. It is deliberately
// generous where semantics vary (case-insensitive = equal under toLowerCase, toUpperCase or Unicode simple
// folding; numbers and booleans compare as their text, like keyword coercion), so the prefilter must be
// sound against all of those readings at once.

import type { EventFilter, Expr } from "../../src/eql/ast.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** All leaf values at a dotted path, through nested objects and dotted keys alike; arrays flatten. */
export function valuesAt(doc: Json, path: string): Json[] {
  const out: Json[] = [];
  walk(doc, path.split("."), 0, out);
  return out.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== null);
}

function walk(node: Json, parts: readonly string[], i: number, out: Json[]): void {
  if (i === parts.length) {
    out.push(node);
    return;
  }
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, parts, i, out);
    return;
  }
  for (let j = i + 1; j <= parts.length; j++) {
    const key = parts.slice(i, j).join(".");
    const child = node[key];
    if (child !== undefined) walk(child, parts, j, out);
  }
}

function asText(v: Json): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

function ciEqual(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase() || wildcard(b, true).test(a);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function wildcard(pattern: string, caseInsensitive: boolean, wild = false): RegExp {
  let src = "";
  for (const ch of pattern) {
    if (wild && ch === "*") src += "[\\s\\S]*";
    else if (wild && ch === "?") src += "[\\s\\S]";
    else src += escapeRegex(ch);
  }
  return new RegExp(`^${src}$`, caseInsensitive ? "iu" : "u");
}

function wildMatch(value: string, pattern: string, caseInsensitive: boolean): boolean {
  if (wildcard(pattern, caseInsensitive, true).test(value)) return true;
  if (!caseInsensitive) return false;
  return (
    wildcard(pattern.toLowerCase(), false, true).test(value.toLowerCase()) ||
    wildcard(pattern.toUpperCase(), false, true).test(value.toUpperCase())
  );
}

function texts(doc: Json, e: Expr): string[] | null {
  if (e.kind !== "field") return null;
  return valuesAt(doc, e.name).map(asText).filter((t): t is string => t !== null);
}

function stringsOf(list: readonly Expr[]): string[] {
  return list.flatMap((e) => (e.kind === "string" ? [e.value] : []));
}

export function evaluate(doc: Json, e: Expr): boolean {
  switch (e.kind) {
    case "logical":
      return e.op === "and" ? evaluate(doc, e.left) && evaluate(doc, e.right) : evaluate(doc, e.left) || evaluate(doc, e.right);
    case "not":
      return !evaluate(doc, e.operand);
    case "boolean":
      return e.value;
    case "compare": {
      const vs = texts(doc, e.left);
      if (vs === null || e.right.kind !== "string") return false;
      const c = e.right.value;
      return e.op === "==" ? vs.some((v) => v === c) : e.op === "!=" ? vs.some((v) => v !== c) : false;
    }
    case "in": {
      const vs = texts(doc, e.value);
      if (vs === null) return false;
      const list = stringsOf(e.list);
      const hit = vs.some((v) => list.some((c) => (e.caseInsensitive ? ciEqual(v, c) : v === c)));
      return e.negated ? !hit : hit;
    }
    case "match": {
      const vs = texts(doc, e.value);
      if (vs === null) return false;
      const list = stringsOf(e.patterns);
      return vs.some((v) => list.some((p) => wildMatch(v, p, e.caseInsensitive)));
    }
    default:
      return false;
  }
}

export function evaluateFilter(doc: Json, f: EventFilter): boolean {
  if (f.category !== null && !valuesAt(doc, "event.category").some((v) => v === f.category)) return false;
  return evaluate(doc, f.condition);
}

export type { Json };
