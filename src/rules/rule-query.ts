// # A rule's EQL query, with diagnostics placed in the rule file
//
// parseQuery/analyzeQuery report spans into the query text. For rules loaded from TOML the query's
// `queryOrigin` says where that text starts in the file, so diagnostics get `origin` = the file and
// `originLine` = the query's first line; when the query starts mid-line (`query = '''sequence …`), the
// source is indented by the starting column so carets and columns stay right. JSON/NDJSON queries are JSON
// strings (escapes, one physical line), so their diagnostics name the rule and count lines inside the query.

import type { Diagnostic } from "../diag/diagnostic.js";
import { QueryError } from "../diag/diagnostic.js";
import { analyzeQuery, type Analysis } from "../eql/analyze.js";
import type { Query } from "../eql/ast.js";
import { parseQuery } from "../eql/parser.js";
import type { Schema } from "../eql/types.js";
import type { RuleSpec } from "./model.js";

/** Where a rule's query diagnostics point: origin label, first line, and the indentation of line 1. */
function placement(rule: RuleSpec): { origin: string; originLine?: number; indent: number } {
  const o = rule.queryOrigin;
  if (o !== undefined && (rule.source.format === "toml" || rule.source.format === "hunting-toml")) {
    return { origin: o.file, originLine: o.line, indent: o.column - 1 };
  }
  return { origin: `${rule.source.file}${rule.source.line !== undefined ? `:${rule.source.line}` : ""} (rule ${rule.ruleId}, query)`, indent: 0 };
}

/** Re-home diagnostics about `rule.query` into the rule file. */
export function placeQueryDiagnostics(rule: RuleSpec, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const query = rule.query ?? "";
  const { origin, originLine, indent } = placement(rule);
  const pad = " ".repeat(indent);
  return diagnostics.map((d) => {
    const placed: Diagnostic = { ...d, origin, ...(originLine !== undefined ? { originLine } : {}) };
    if (d.span === undefined) return placed;
    return { ...placed, source: pad + (d.source ?? query), span: { start: d.span.start + indent, end: d.span.end + indent } };
  });
}

function rethrowPlaced(rule: RuleSpec, e: unknown): never {
  if (e instanceof QueryError) throw new QueryError(placeQueryDiagnostics(rule, e.diagnostics));
  throw e;
}

/** Parse the rule's query; QueryError diagnostics point into the rule file. */
export function parseRuleQuery(rule: RuleSpec): Query {
  try {
    return parseQuery(rule.query ?? "", rule.queryOrigin?.file ?? rule.source.file);
  } catch (e) {
    rethrowPlaced(rule, e);
  }
}

/** Parse and analyze the rule's query against a schema; QueryError diagnostics point into the rule file. */
export function analyzeRuleQuery(rule: RuleSpec, schema: Schema): Analysis {
  const query = parseRuleQuery(rule);
  try {
    return analyzeQuery(query, schema, { source: rule.query ?? "", origin: rule.queryOrigin?.file ?? rule.source.file });
  } catch (e) {
    rethrowPlaced(rule, e);
  }
}
