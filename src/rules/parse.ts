// # One rule file, any format (pure dispatch on the file name)
//
// `.toml` detection-rules files (rules and hunting queries), `.ndjson` Kibana exports, `.json` rule JSON.
// Returns rules, labels of non-rule entries, exception lines from exports and per-file diagnostics; never throws.

import type { Diagnostic } from "../diag/diagnostic.js";
import { RuleError } from "../diag/diagnostic.js";
import { fileDiagnostic } from "./errors.js";
import type { RuleSpec } from "./model.js";
import { parseKibanaNdjson, parseRuleJson, type ExportLine } from "./parse-json.js";
import { parseRuleToml } from "./parse-toml.js";
import type { TomlScan } from "./toml-scan.js";

export type RuleFileKind = "toml" | "ndjson" | "json";

export interface ParsedRuleFile {
  readonly file: string;
  readonly rules: RuleSpec[];
  readonly skipped: string[];
  readonly exceptionLines: ExportLine[];
  readonly errors: Diagnostic[];
}

export function ruleFileKind(file: string): RuleFileKind | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith(".toml")) return "toml";
  if (lower.endsWith(".ndjson")) return "ndjson";
  if (lower.endsWith(".json")) return "json";
  return undefined;
}

/** `tomlScan`: the position scan of `text` when the caller made it already (TOML files only). */
export function parseRuleFile(file: string, text: string, tomlScan?: TomlScan): ParsedRuleFile {
  const kind = ruleFileKind(file);
  const empty: ParsedRuleFile = { file, rules: [], skipped: [], exceptionLines: [], errors: [] };
  try {
    switch (kind) {
      case "toml": {
        const r = parseRuleToml(text, file, tomlScan);
        return { ...empty, rules: r.rules, skipped: r.skipped };
      }
      case "ndjson":
        return { file, ...parseKibanaNdjson(text, file) };
      case "json":
        return { file, ...parseRuleJson(text, file) };
      case undefined:
        return { ...empty, errors: [fileDiagnostic("RULE3007", "not a rule file (expected .toml, .ndjson or .json)", file)] };
    }
  } catch (e) {
    if (e instanceof RuleError) return { ...empty, errors: [...e.diagnostics] };
    throw e;
  }
}
