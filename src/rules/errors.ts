// # Rule diagnostics
//
// Codes (RULE3xxx):
//   RULE3001 invalid TOML            RULE3002 invalid JSON / NDJSON line
//   RULE3003 missing required field  RULE3004 field has the wrong type or an invalid value
//   RULE3005 unknown rule type       RULE3006 file or directory cannot be read
//   RULE3007 unsupported file kind   RULE3008 not a rule (unrecognised object)
//   RULE3010 invalid exception list / item             RULE3011 exception entry Sequent cannot apply
//   RULE3012 value list missing or unreadable          RULE3013 rule filter Sequent cannot evaluate
//   RULE3020 duplicate rule_id
//
// A diagnostic about a file carries the whole file text as `source` and the offending offsets as `span`, so
// renderDiagnostic prints `file:line:col` and a caret under the spot.

import type { Diagnostic } from "../diag/diagnostic.js";

export function fileDiagnostic(
  code: string,
  message: string,
  file: string,
  text?: string,
  offset?: number,
  length = 1,
  hint?: string,
): Diagnostic {
  const base: Diagnostic = { code, severity: "error", message, origin: file, ...(hint !== undefined ? { hint } : {}) };
  if (text === undefined || offset === undefined) return base;
  const start = Math.max(0, Math.min(offset, text.length));
  return { ...base, source: text, span: { start, end: Math.min(text.length, start + Math.max(1, length)) } };
}

/** Offset of a 1-based line and column inside `text`. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

/** 1-based line and column of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
