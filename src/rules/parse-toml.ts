// # detection-rules TOML -> RuleSpec (pure: text in, rules out)
//
// Two layouts: rule files (`[metadata]` + `[rule]` with `[[rule.threat]]` … sub-tables) and hunting queries
// (`[hunt]` with `language = ["EQL"]` and `query = ['''…''', …]`, one RuleSpec per query). The query keeps its
// exact text (TOML `'''` literal strings keep backslashes verbatim) and `queryOrigin` gives the file line and
// column of its first character, found with the position scanner (smol-toml has no positions).

import { parse as parseToml, TomlError } from "smol-toml";
import type { Diagnostic } from "../diag/diagnostic.js";
import { RuleError } from "../diag/diagnostic.js";
import { fileDiagnostic, offsetOf, positionOf } from "./errors.js";
import { isJsonObject, specFromApi, type FieldProblem } from "./from-api.js";
import type { JsonObject, JsonValue, RuleSpec, RuleType, SourcePosition } from "./model.js";
import { findEntry, findHeader, scanToml, type TomlScan, type TomlStringPos } from "./toml-scan.js";

/** What one file yields: rules, plus labels of entries that are not runnable rules (e.g. "hunting:sql"). */
export interface ParsedRules {
  readonly rules: RuleSpec[];
  readonly skipped: string[];
}

/** TOML values as JSON (dates become ISO strings, bigints numbers). */
function toJson(v: unknown): JsonValue {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString();
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === "object" && v !== null) {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJson(x);
    return out;
  }
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return null;
}

function stringOrigin(text: string, file: string, pos: TomlStringPos | undefined): SourcePosition | undefined {
  if (pos === undefined) return undefined;
  const { line, column } = positionOf(text, pos.contentStart);
  return { file, line, column };
}

/** Offset for a problem key such as "risk_score", "threat[1].tactic.id" or "metadata.maturity". */
function locate(scan: TomlScan, table: string, key: string): { offset: number; length: number } | undefined {
  const isMeta = key.startsWith("metadata.");
  const tbl = isMeta ? "metadata" : table;
  const first = (isMeta ? key.slice("metadata.".length) : key).split(/[.[]/)[0]!;
  const entry = findEntry(scan, tbl, first);
  if (entry !== undefined) return { offset: entry.keyOffset, length: first.length };
  const sub = findHeader(scan, `${tbl}.${first}`);
  if (sub !== undefined) return { offset: sub, length: 1 };
  const head = findHeader(scan, tbl);
  return head !== undefined ? { offset: head, length: tbl.length + 2 } : undefined;
}

function problemsError(text: string, file: string, scan: TomlScan, table: string, problems: readonly FieldProblem[]): RuleError {
  const diags: Diagnostic[] = problems.map((p) => {
    const at = locate(scan, table, p.key);
    return fileDiagnostic(p.code, p.message, file, text, at?.offset, at?.length);
  });
  return new RuleError(diags);
}

/** Parse TOML syntax only; throws RuleError RULE3001 with the position smol-toml reports. */
export function parseTomlText(text: string, file: string): JsonObject {
  try {
    const v = toJson(parseToml(text));
    return isJsonObject(v) ? v : {};
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split("\n")[0] ?? "invalid TOML";
      const offset = offsetOf(text, e.line, e.column);
      throw new RuleError([fileDiagnostic("RULE3001", `invalid TOML: ${first.replace(/^Invalid TOML document: /, "")}`, file, text, offset)]);
    }
    throw e;
  }
}

/** What the position scan alone says about a `[rule]` file: enough to skip it without a full parse. */
export interface QuickRuleFacts {
  readonly type: string;
  readonly maturity: string | undefined;
  readonly hasDeprecationDate: boolean;
  /** The position scan these facts come from (`parseRuleToml` of the same text can reuse it). */
  readonly scan: TomlScan;
}

/**
 * `[rule] type` and `[metadata] maturity` read from the position scan (no TOML parse), for callers that only
 * need to know whether a file can hold a runnable rule. Null whenever the answer is not plain: a hunting
 * file, no `type`, or values that are not one-line strings without escapes. The scan assumes valid TOML, so
 * a caller that skips a file on these facts does not validate it.
 */
export function quickRuleFacts(text: string): QuickRuleFacts | null {
  let scan: TomlScan;
  try {
    scan = scanToml(text);
  } catch {
    return null;
  }
  if (findHeader(scan, "hunt") !== undefined || findHeader(scan, "rule") === undefined) return null;
  const type = plainString(text, findEntry(scan, "rule", "type"));
  if (type === undefined) return null;
  const maturityEntry = findEntry(scan, "metadata", "maturity");
  const maturity = maturityEntry === undefined ? undefined : plainString(text, maturityEntry);
  if (maturityEntry !== undefined && maturity === undefined) return null;
  return { type, maturity, hasDeprecationDate: findEntry(scan, "metadata", "deprecation_date") !== undefined, scan };
}

function plainString(text: string, entry: { readonly string?: TomlStringPos } | undefined): string | undefined {
  const pos = entry?.string;
  if (pos === undefined || (pos.kind !== "basic" && pos.kind !== "literal")) return undefined;
  const end = text.indexOf(pos.kind === "basic" ? '"' : "'", pos.contentStart);
  if (end < 0) return undefined;
  const value = text.slice(pos.contentStart, end);
  return /[\\\n\r]/.test(value) ? undefined : value;
}

/**
 * Parse a detection-rules TOML file (rule or hunting query). Throws RuleError on invalid files. `scan`: the
 * position scan of this same text, when the caller has it already (quickRuleFacts).
 */
export function parseRuleToml(text: string, file: string, scan?: TomlScan): ParsedRules {
  const doc = parseTomlText(text, file);
  scan ??= scanToml(text);
  if (isJsonObject(doc["hunt"])) return parseHunt(doc["hunt"], text, file, scan);
  const rule = doc["rule"];
  if (!isJsonObject(rule)) {
    throw new RuleError([
      fileDiagnostic("RULE3003", "not a detection rule: no [rule] table (nor a [hunt] table)", file, text, 0, 1),
    ]);
  }
  const metadata = isJsonObject(doc["metadata"]) ? doc["metadata"] : undefined;
  const queryOrigin = stringOrigin(text, file, findEntry(scan, "rule", "query")?.string);
  const res = specFromApi(rule, {
    source: { file, format: "toml" },
    immutable: true,
    ...(queryOrigin !== undefined ? { queryOrigin } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
  });
  if (!res.ok) throw problemsError(text, file, scan, "rule", res.problems);
  return { rules: [res.spec], skipped: [] };
}

/** Hunting query language list -> the rule type it runs as, or undefined (SQL: not a rule language). */
function huntType(languages: readonly string[]): RuleType | undefined {
  const l = languages.map((x) => x.toUpperCase());
  if (l.includes("EQL")) return "eql";
  if (l.includes("ES|QL")) return "esql";
  return undefined;
}

function parseHunt(hunt: JsonObject, text: string, file: string, scan: TomlScan): ParsedRules {
  const lang = hunt["language"];
  const languages = typeof lang === "string" ? [lang] : Array.isArray(lang) ? lang.filter((x): x is string => typeof x === "string") : [];
  const type = huntType(languages);
  if (type === undefined) return { rules: [], skipped: [`hunting:${languages.join("+").toLowerCase() || "unknown"}`] };
  const q = hunt["query"];
  const queries = typeof q === "string" ? [q] : Array.isArray(q) ? q.filter((x): x is string => typeof x === "string") : [];
  const entry = findEntry(scan, "hunt", "query");
  const positions = entry?.string !== undefined ? [entry.string] : (entry?.arrayStrings ?? []);
  const author = hunt["author"];
  const notes = hunt["notes"];
  const mitre = hunt["mitre"];
  const rules: RuleSpec[] = [];
  if (queries.length === 0) {
    throw problemsError(text, file, scan, "hunt", [{ code: "RULE3003", key: "query", message: 'missing required field "query"' }]);
  }
  queries.forEach((query, i) => {
    const uuid = typeof hunt["uuid"] === "string" ? hunt["uuid"] : "";
    const apiShape: JsonObject = {
      rule_id: queries.length > 1 ? `${uuid}:${i + 1}` : uuid,
      name: hunt["name"] ?? null,
      description: hunt["description"] ?? null,
      type,
      language: type,
      query,
      risk_score: 21,
      severity: "low",
      author: typeof author === "string" ? [author] : (author ?? null),
      license: hunt["license"] ?? null,
      references: hunt["references"] ?? null,
      ...(Array.isArray(notes) ? { note: notes.filter((x) => typeof x === "string").join("\n") } : {}),
      ...(mitre !== undefined ? { mitre } : {}),
    };
    const metadata: JsonObject = { integration: hunt["integration"] ?? null };
    const queryOrigin = stringOrigin(text, file, positions[i]);
    const res = specFromApi(apiShape, {
      source: { file, format: "hunting-toml" },
      immutable: true,
      metadata,
      ...(queryOrigin !== undefined ? { queryOrigin } : {}),
    });
    if (!res.ok) throw problemsError(text, file, scan, "hunt", res.problems);
    rules.push(res.spec);
  });
  return { rules, skipped: [] };
}
