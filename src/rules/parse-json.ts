// # Kibana rule JSON and saved-object NDJSON exports -> RuleSpec (pure)
//
// Rule JSON: one API-shaped rule object, or an array of them. NDJSON export (`POST _export` or the rules UI):
// one object per line: rules, then exception list containers and items, action connectors, and a final
// export summary (`exported_count`, `missing_rules` …). Exception lines are handed back for the exceptions
// loader; summaries and connectors are ignored. A bad line is an error for that line only.

import type { Diagnostic } from "../diag/diagnostic.js";
import { RuleError } from "../diag/diagnostic.js";
import { fileDiagnostic, positionOf } from "./errors.js";
import { isJsonObject, specFromApi, type FieldProblem } from "./from-api.js";
import type { JsonObject, JsonValue, RuleFormat, RuleSpec, SourcePosition } from "./model.js";
import type { ParsedRules } from "./parse-toml.js";

export type ExportLineKind = "rule" | "exception-list" | "exception-item" | "summary" | "connector" | "unknown";

/** What a line of a Kibana export holds. */
export function classifyExportObject(o: JsonObject): ExportLineKind {
  if (Object.keys(o).some((k) => k.startsWith("exported_") || k === "missing_rules" || k === "missing_exception_lists")) return "summary";
  if (Array.isArray(o["entries"]) && (typeof o["item_id"] === "string" || typeof o["list_id"] === "string")) return "exception-item";
  if (typeof o["rule_id"] === "string" || (typeof o["risk_score"] === "number" && typeof o["severity"] === "string")) return "rule";
  if (typeof o["list_id"] === "string" && typeof o["namespace_type"] === "string") return "exception-list";
  if (o["type"] === "action" && isJsonObject(o["attributes"])) return "connector";
  return "unknown";
}

/** JSON.parse with the error position mapped to a diagnostic. `base` = offset of `text` inside the file. */
function parseJsonAt(text: string, file: string, fileText: string, base: number): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    const at = m ? Number(m[1]) : text.length;
    throw new RuleError([fileDiagnostic("RULE3002", `invalid JSON: ${msg.replace(/ in JSON at position \d+.*$/, "")}`, file, fileText, base + at)]);
  }
}

/** Offsets of `"key"` for a problem, searching the object's text. */
function locateKey(fileText: string, objStart: number, objEnd: number, key: string): number {
  const first = key.split(/[.[]/)[0]!;
  const i = fileText.indexOf(`"${first}"`, objStart);
  return i >= 0 && i < objEnd ? i : objStart;
}

function problemsToDiagnostics(problems: readonly FieldProblem[], file: string, fileText: string, start: number, end: number): Diagnostic[] {
  return problems.map((p) => {
    const at = locateKey(fileText, start, end, p.key);
    const first = p.key.split(/[.[]/)[0]!;
    return fileDiagnostic(p.code, p.message, file, fileText, at, at === start ? 1 : first.length + 2);
  });
}

/** Position of a `"query"` string's first character inside the object's text (JSON escapes make later
 *  columns approximate; the line of the first character is exact unless the query starts with "\n"). */
function queryOrigin(fileText: string, file: string, start: number, end: number): SourcePosition | undefined {
  const re = /"query"\s*:\s*"/g;
  re.lastIndex = start;
  const m = re.exec(fileText);
  if (m === null || m.index >= end) return undefined;
  const { line, column } = positionOf(fileText, m.index + m[0].length);
  return { file, line, column };
}

function toSpec(o: JsonObject, file: string, format: RuleFormat, fileText: string, start: number, end: number): RuleSpec {
  const line = positionOf(fileText, start).line;
  const qo = queryOrigin(fileText, file, start, end);
  const res = specFromApi(o, { source: { file, format, line }, ...(qo !== undefined ? { queryOrigin: qo } : {}) });
  if (!res.ok) throw new RuleError(problemsToDiagnostics(res.problems, file, fileText, start, end));
  return res.spec;
}

export interface ExportLine {
  readonly line: number;
  readonly value: JsonObject;
}

export interface ParsedExport extends ParsedRules {
  /** Exception list containers and items found in the export, for the exceptions loader. */
  readonly exceptionLines: ExportLine[];
  readonly errors: Diagnostic[];
}

/** Parse a Kibana NDJSON export. Never throws: bad lines become `errors`. */
export function parseKibanaNdjson(text: string, file: string): ParsedExport {
  const rules: RuleSpec[] = [];
  const skipped: string[] = [];
  const exceptionLines: ExportLine[] = [];
  const errors: Diagnostic[] = [];
  let start = 0;
  let lineNo = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lineNo++;
    const lineText = text.slice(start, end).replace(/\r$/, "");
    if (lineText.trim() !== "") {
      try {
        const v = parseJsonAt(lineText, file, text, start);
        if (!isJsonObject(v)) throw new RuleError([fileDiagnostic("RULE3008", "export line is not a JSON object", file, text, start)]);
        const kind = classifyExportObject(v);
        if (kind === "rule") rules.push(toSpec(v, file, "kibana-ndjson", text, start, end));
        else if (kind === "exception-list" || kind === "exception-item") exceptionLines.push({ line: lineNo, value: v });
        else if (kind === "unknown") {
          throw new RuleError([fileDiagnostic("RULE3008", "line is neither a rule, an exception list, a connector nor an export summary", file, text, start)]);
        } else skipped.push(kind);
      } catch (e) {
        if (e instanceof RuleError) errors.push(...e.diagnostics);
        else throw e;
      }
    }
    start = end + 1;
  }
  return { rules, skipped, exceptionLines, errors };
}

/** Offsets [start, end) of each top-level object of a JSON array text (or the one top-level object). */
function objectRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let depth = 0;
  let inString = false;
  let objStart = -1;
  const target = text.trimStart().startsWith("[") ? 2 : 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      depth++;
      if (c === "{" && depth === target) objStart = i;
    } else if (c === "}" || c === "]") {
      if (c === "}" && depth === target && objStart >= 0) ranges.push([objStart, i + 1]);
      depth--;
    }
  }
  return ranges;
}

/** Parse rule JSON: a single API-shaped rule or an array of them. Throws RuleError only for invalid JSON;
 *  a bad rule object becomes an error while the others still load. */
export function parseRuleJson(text: string, file: string): ParsedExport {
  const v = parseJsonAt(text, file, text, 0);
  const items = Array.isArray(v) ? v : [v];
  const ranges = objectRanges(text);
  const rules: RuleSpec[] = [];
  const skipped: string[] = [];
  const diags: Diagnostic[] = [];
  items.forEach((o, i) => {
    const [start, end] = ranges[i] ?? [0, text.length];
    if (!isJsonObject(o)) {
      diags.push(fileDiagnostic("RULE3008", "expected a rule object", file, text, start));
      return;
    }
    const kind = classifyExportObject(o);
    if (kind !== "rule") {
      if (kind === "unknown") diags.push(fileDiagnostic("RULE3008", "object is not a rule (no rule_id)", file, text, start));
      else skipped.push(kind);
      return;
    }
    try {
      rules.push(toSpec(o, file, "json", text, start, end));
    } catch (e) {
      if (e instanceof RuleError) diags.push(...e.diagnostics);
      else throw e;
    }
  });
  return { rules, skipped, exceptionLines: [], errors: diags };
}
