// # Loading rules from files and directories (the only module of src/rules that touches the file system)
//
// `loadRules(paths, options)` reads files and directories (recursively, in sorted order; `.toml`, `.ndjson`,
// `.json`; hidden entries skipped), parses each with parseRuleFile, then selects with selectRules. Exception
// lists found in Kibana exports, plus any `exceptionFiles`, are returned parsed; value lists from
// `valueListFiles` are keyed by file name (as Kibana names uploaded lists).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { Diagnostic } from "../diag/diagnostic.js";
import { fileDiagnostic } from "./errors.js";
import { exceptionsFromLines, mergeExceptionSets, parseExceptionExport, type ExceptionSet } from "./exception-model.js";
import { parseValueList } from "./exceptions.js";
import type { RuleSpec } from "./model.js";
import { parseRuleFile, ruleFileKind, type ParsedRuleFile } from "./parse.js";
import { countLabels, selectRules, skipWithoutParsing, type SelectOptions, type SkipCounts } from "./select.js";
import { quickRuleFacts } from "./parse-toml.js";
import type { TomlScan } from "./toml-scan.js";

export interface LoadOptions extends SelectOptions {
  /** Kibana exception-list NDJSON exports. */
  readonly exceptionFiles?: readonly string[];
  /** Value list files (one value per line); the list id is the file name. */
  readonly valueListFiles?: readonly string[];
}

export interface LoadResult {
  readonly rules: RuleSpec[];
  readonly skipped: SkipCounts;
  /** Unreadable or invalid files and rules (severity "error"), duplicate rule ids (severity "warning"). */
  readonly errors: Diagnostic[];
  readonly exceptions: ExceptionSet;
  readonly valueLists: Map<string, string[]>;
  /** Number of rule files read. */
  readonly files: number;
}

/** Rule files under the given paths (directories walked recursively, sorted); unreadable paths are errors. */
export function collectRuleFiles(paths: readonly string[]): { files: string[]; errors: Diagnostic[] } {
  const files: string[] = [];
  const errors: Diagnostic[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      errors.push(fileDiagnostic("RULE3006", `cannot read directory: ${(e as Error).message}`, dir));
      return;
    }
    for (const name of names) {
      if (name.startsWith(".")) continue;
      const p = join(dir, name);
      let isDir = false;
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        continue;
      }
      if (isDir) walk(p);
      else if (ruleFileKind(p) !== undefined) files.push(p);
    }
  };
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      errors.push(fileDiagnostic("RULE3006", `cannot read: ${(e as Error).message}`, p));
      continue;
    }
    if (isDir) walk(p);
    else files.push(p);
  }
  return { files, errors };
}

/** Read and parse one file; a read failure becomes an error diagnostic. */
export function readRuleFile(file: string): ParsedRuleFile {
  const read = readText(file);
  if (typeof read !== "string") {
    return { file, rules: [], skipped: [], exceptionLines: [], errors: [fileDiagnostic("RULE3006", `cannot read file: ${read.error}`, file)] };
  }
  return parseRuleFile(file, read);
}

/** A file's text without a byte order mark, or why it cannot be read. */
function readText(file: string): string | { readonly error: string } {
  try {
    return readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function loadExceptionFiles(files: readonly string[]): { exceptions: ExceptionSet; errors: Diagnostic[] } {
  const sets: ExceptionSet[] = [];
  const errors: Diagnostic[] = [];
  for (const file of files) {
    try {
      const parsed = parseExceptionExport(readFileSync(file, "utf8"), file);
      sets.push(parsed);
      errors.push(...parsed.errors);
    } catch (e) {
      errors.push(fileDiagnostic("RULE3006", `cannot read exception list file: ${(e as Error).message}`, file));
    }
  }
  return { exceptions: mergeExceptionSets(sets), errors };
}

export function loadValueListFiles(files: readonly string[]): { valueLists: Map<string, string[]>; errors: Diagnostic[] } {
  const valueLists = new Map<string, string[]>();
  const errors: Diagnostic[] = [];
  for (const file of files) {
    try {
      valueLists.set(basename(file), parseValueList(readFileSync(file, "utf8")));
    } catch (e) {
      errors.push(fileDiagnostic("RULE3012", `cannot read value list: ${(e as Error).message}`, file));
    }
  }
  return { valueLists, errors };
}

export function loadRules(paths: readonly string[], options: LoadOptions = {}): LoadResult {
  const { files, errors } = collectRuleFiles(paths);
  const all: RuleSpec[] = [];
  const labels: string[] = [];
  const exceptionSets: ExceptionSet[] = [];
  // TOML rules that selection would skip by type or maturity are only scanned, not parsed (about half of
  // the prebuilt pack, and most of its loading time); they are not validated either
  const early = { byType: {} as Record<string, number>, deprecated: 0, nonProduction: 0 };
  for (const file of files) {
    const read = ruleFileKind(file) === "toml" && !options.allTypes ? readText(file) : undefined;
    const text = typeof read === "string" ? read : undefined;
    let scan: TomlScan | undefined;
    if (text !== undefined) {
      const facts = quickRuleFacts(text);
      scan = facts?.scan;
      const skip = facts === null ? null : skipWithoutParsing({ file, ...facts }, options);
      if (skip !== null) {
        if (skip.kind === "type") early.byType[skip.type] = (early.byType[skip.type] ?? 0) + 1;
        else early[skip.kind]++;
        continue;
      }
    }
    const parsed = text !== undefined ? parseRuleFile(file, text, scan) : readRuleFile(file);
    all.push(...parsed.rules);
    labels.push(...parsed.skipped);
    errors.push(...parsed.errors);
    if (parsed.exceptionLines.length > 0) {
      const ex = exceptionsFromLines(parsed.exceptionLines, file);
      exceptionSets.push(ex);
      errors.push(...ex.errors);
    }
  }
  const extra = loadExceptionFiles(options.exceptionFiles ?? []);
  exceptionSets.push(extra.exceptions);
  errors.push(...extra.errors);
  const lists = loadValueListFiles(options.valueListFiles ?? []);
  errors.push(...lists.errors);

  const selected = selectRules(all, options);
  const byType = { ...selected.skipped.byType };
  for (const [type, n] of Object.entries(early.byType)) byType[type] = (byType[type] ?? 0) + n;
  if (options.includeHunting) countLabels(labels, byType);

  // duplicate rule ids: keep the first, warn about the rest
  const seen = new Map<string, RuleSpec>();
  const rules: RuleSpec[] = [];
  for (const rule of selected.rules) {
    const first = seen.get(rule.ruleId);
    if (first !== undefined) {
      errors.push({
        ...fileDiagnostic("RULE3020", `duplicate rule_id ${rule.ruleId} (also in ${first.source.file}); this copy is ignored`, rule.source.file),
        severity: "warning",
      });
      continue;
    }
    seen.set(rule.ruleId, rule);
    rules.push(rule);
  }
  return {
    rules,
    skipped: { ...selected.skipped, byType, deprecated: selected.skipped.deprecated + early.deprecated, nonProduction: selected.skipped.nonProduction + early.nonProduction },
    errors,
    exceptions: mergeExceptionSets(exceptionSets),
    valueLists: lists.valueLists,
    files: files.length,
  };
}
