// # Diagnostics
//
// Every error a user can act on is a Diagnostic: a stable code (tests match on codes, so messages may be
// reworded), a message, and where it happened: a span into a source text, plus an origin (rule file, data
// file:line). Line and column are computed only when rendering.

import type { Span } from "../eql/ast.js";

export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Catalog code: EQL1xxx lexing/parsing, EQL2xxx analysis, RULE3xxx rules, INPUT4xxx event input. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span?: Span;
  /** The text `span` points into (usually the query). */
  readonly source?: string;
  /** Where the source text came from: a rule file path, a data file, "<command line>". */
  readonly origin?: string;
  /** Line (1-based) of `source`'s first line inside `origin`, when the source is embedded in a larger file. */
  readonly originLine?: number;
  readonly hint?: string;
}

/** Base of every error Sequent raises on purpose; carries one or more diagnostics. */
export class SequentError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join("; "));
    this.name = new.target.name;
    this.diagnostics = diagnostics;
  }
  /** The full, human-readable rendering (positions and carets). */
  render(): string {
    return this.diagnostics.map(renderDiagnostic).join("\n");
  }
}

/** Syntax and verification errors in EQL text. */
export class QueryError extends SequentError {}
/** Problems loading or interpreting a rule file. */
export class RuleError extends SequentError {}
/** Problems with event input that stop a run (not bad lines, which are counted and reported). */
export class InputError extends SequentError {}

export function lineColumn(text: string, offset: number): { line: number; column: number; lineStart: number; lineEnd: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  let lineEnd = text.indexOf("\n", lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  return { line, column: end - lineStart + 1, lineStart, lineEnd };
}

/**
 * Render as `origin:line:col: message` followed by the source line and a caret under the span, e.g.
 *
 *     rule.toml:12:25: unknown function [frobnicate]
 *       process where frobnicate(process.name)
 *                     ^^^^^^^^^^
 */
export function renderDiagnostic(d: Diagnostic): string {
  const head = d.severity === "warning" ? "warning: " : "";
  if (d.span === undefined || d.source === undefined) {
    return `${d.origin !== undefined ? d.origin + ": " : ""}${head}${d.message}${d.hint ? `\n  hint: ${d.hint}` : ""}`;
  }
  const { line, column, lineStart, lineEnd } = lineColumn(d.source, d.span.start);
  const fileLine = line + (d.originLine !== undefined ? d.originLine - 1 : 0);
  const where = d.origin !== undefined ? `${d.origin}:${fileLine}:${column}` : `line ${fileLine}:${column}`;
  const text = d.source.slice(lineStart, lineEnd).replace(/\t/g, " ");
  const width = Math.max(1, Math.min(d.span.end, lineEnd) - d.span.start);
  const caret = " ".repeat(column - 1) + "^".repeat(width);
  return `${where}: ${head}${d.message}\n  ${text}\n  ${caret}${d.hint ? `\n  hint: ${d.hint}` : ""}`;
}
