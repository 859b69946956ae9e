// # `sequent validate`: check rule files without running them
//
// Every rule file under the given paths is parsed (TOML, Kibana NDJSON export, rule JSON); every EQL rule's
// query is parsed and analyzed with the dynamic schema (types from values, unknown fields allowed). Rules of
// other types are reported as skipped, not failures. Rule `filters` (query DSL) must be ones Sequent evaluates. Deprecated rules and hunting queries are validated too.
// Exit status 1 when any file or rule fails.

import { parseArgs } from "node:util";
import { lineColumn, renderDiagnostic, SequentError, type Diagnostic } from "../../diag/diagnostic.js";
import { dynamicSchema } from "../../schema/dynamic.js";
import { exceptionsFromLines } from "../../rules/exception-model.js";
import { collectRuleFiles, readRuleFile } from "../../rules/load.js";
import type { RuleSpec } from "../../rules/model.js";
import { analyzeRuleQuery } from "../../rules/rule-query.js";
import { compileRuleFilters } from "../../rules/query-filters.js";
import { isDeprecated } from "../../rules/select.js";
import { UsageError, withUsageErrors, type CliIo, type Command } from "../args.js";
import { BufferedWriter, writeText } from "../format/sink.js";

export const VALIDATE_HELP = `Usage: sequent validate [--json] [--quiet] PATH...

Check detection rules without running them. PATH is a rule file or a directory searched recursively for
*.toml (Elastic detection-rules files and hunting queries), *.ndjson (Kibana rule exports) and *.json
(rules in the Kibana API shape, one object or an array).

Each rule is parsed; EQL queries are parsed and analyzed (functions, arity, types; unknown fields are
allowed, as with a dynamic mapping), and the rule's filters (Kibana query DSL) must be supported. Errors point into the rule file as file:line:column with a caret.
Rules of other types (query, esql, threshold, …) are reported as skipped, not failures. Deprecated rules
and hunting queries are checked too.

Options:
      --json     One JSON object per rule on standard output:
                 {"file","rule_id","name","type","ok","skipped"?,"deprecated"?,"error"?,"diagnostics"?}
                 (a file that cannot be read or parsed gives one object with rule_id null); the summary
                 goes to standard error.
  -q, --quiet    Human output: print only failures and the summary.
  -h, --help     Show this help.

Exit status: 0 all rules valid, 1 some file or rule is invalid, 2 usage error.
`;

export interface ValidateReport {
  readonly file: string;
  readonly rule_id: string | null;
  readonly name: string | null;
  readonly type: string | null;
  readonly ok: boolean;
  /** Why the rule was not checked further ("type query" …). */
  readonly skipped?: string;
  readonly deprecated?: boolean;
  /** First problem, as `file:line:col: message`. */
  readonly error?: string;
  readonly diagnostics?: ReadonlyArray<{ code: string; message: string; file?: string; line?: number; column?: number }>;
}

interface Outcome {
  readonly report: ValidateReport;
  readonly diagnostics: readonly Diagnostic[];
}

/** File position of a diagnostic (when it has a span). */
export function diagnosticPosition(d: Diagnostic): { line: number; column: number } | undefined {
  if (d.span === undefined || d.source === undefined) return undefined;
  const { line, column } = lineColumn(d.source, d.span.start);
  return { line: line + (d.originLine !== undefined ? d.originLine - 1 : 0), column };
}

function headline(d: Diagnostic): string {
  return renderDiagnostic(d).split("\n")[0] ?? d.message;
}

function describeDiagnostics(diags: readonly Diagnostic[]): ValidateReport["diagnostics"] {
  return diags.map((d) => {
    const pos = diagnosticPosition(d);
    return { code: d.code, message: d.message, ...(d.origin !== undefined ? { file: d.origin } : {}), ...(pos ?? {}) };
  });
}

function failed(base: Omit<ValidateReport, "ok">, diagnostics: readonly Diagnostic[]): Outcome {
  return {
    report: { ...base, ok: false, error: diagnostics.map(headline)[0] ?? "invalid", diagnostics: describeDiagnostics(diagnostics) },
    diagnostics,
  };
}

function checkRule(rule: RuleSpec): Outcome {
  const base = {
    file: rule.source.file,
    rule_id: rule.ruleId,
    name: rule.name,
    type: rule.type,
    ...(isDeprecated(rule) ? { deprecated: true } : {}),
  };
  if (rule.type !== "eql") return { report: { ...base, ok: true, skipped: `type ${rule.type}` }, diagnostics: [] };
  try {
    analyzeRuleQuery(rule, dynamicSchema());
    const filters = compileRuleFilters(rule.filters);
    if (!filters.ok) {
      const where = rule.source.file + (rule.source.line !== undefined ? `:${rule.source.line}` : "");
      return failed(
        base,
        filters.problems.map((p): Diagnostic => ({ code: "RULE3013", severity: "error", message: `rule filter not supported: ${p}`, origin: where })),
      );
    }
    return { report: { ...base, ok: true }, diagnostics: [] };
  } catch (e) {
    if (e instanceof SequentError) return failed(base, e.diagnostics);
    throw e;
  }
}

/** Validate everything under `paths`; pure with respect to output (returns the outcomes in order). */
export function validatePaths(paths: readonly string[]): Outcome[] {
  const { files, errors } = collectRuleFiles(paths);
  const outcomes: Outcome[] = errors.map((d) => failed({ file: d.origin ?? "", rule_id: null, name: null, type: null }, [d]));
  for (const file of files) {
    const parsed = readRuleFile(file);
    const exceptionErrors = parsed.exceptionLines.length > 0 ? exceptionsFromLines(parsed.exceptionLines, file).errors : [];
    const fileErrors = [...parsed.errors, ...exceptionErrors];
    if (fileErrors.length > 0) outcomes.push(failed({ file, rule_id: null, name: null, type: null }, fileErrors));
    for (const rule of parsed.rules) outcomes.push(checkRule(rule));
    for (const label of parsed.skipped) {
      if (label.startsWith("hunting:")) {
        outcomes.push({ report: { file, rule_id: null, name: null, type: null, ok: true, skipped: label }, diagnostics: [] });
      }
    }
  }
  return outcomes;
}

export interface ValidateSummary {
  readonly checked: number;
  readonly passed: number;
  readonly failed: number;
  readonly skippedByType: Record<string, number>;
}

export function summarize(outcomes: readonly Outcome[]): ValidateSummary {
  const skippedByType: Record<string, number> = {};
  let passed = 0;
  let failedCount = 0;
  for (const { report } of outcomes) {
    if (report.skipped !== undefined) {
      const key = report.skipped.replace(/^type /, "");
      skippedByType[key] = (skippedByType[key] ?? 0) + 1;
    } else if (report.ok) passed++;
    else failedCount++;
  }
  return { checked: passed + failedCount, passed, failed: failedCount, skippedByType };
}

function summaryLine(s: ValidateSummary): string {
  const skipped = Object.entries(s.skippedByType)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const skippedTotal = Object.values(s.skippedByType).reduce((a, b) => a + b, 0);
  return `${s.passed} passed, ${s.failed} failed` + (skippedTotal > 0 ? `, ${skippedTotal} skipped (${skipped})` : "") + "\n";
}

export const validateCommand: Command = {
  name: "validate",
  summary: "Check rule files (TOML, Kibana NDJSON, JSON): parse and analyze every EQL rule",
  help: VALIDATE_HELP,
  async run(args: readonly string[], io: CliIo) {
    const { values, positionals } = withUsageErrors(() =>
      parseArgs({
        args: [...args],
        options: { json: { type: "boolean", default: false }, quiet: { type: "boolean", short: "q", default: false } },
        allowPositionals: true,
      }),
    );
    if (positionals.length === 0) throw new UsageError("expected at least one PATH (a rule file or a directory)");
    const outcomes = validatePaths(positionals);
    const summary = summarize(outcomes);
    const out = new BufferedWriter(io.stdout);
    if (values.json) {
      for (const { report } of outcomes) await out.write(JSON.stringify(report) + "\n");
      await out.flush();
      await writeText(io.stderr, summaryLine(summary));
    } else {
      for (const { report, diagnostics } of outcomes) {
        if (report.ok) {
          if (!values.quiet && report.skipped === undefined) await out.write(`ok    ${report.file}  ${report.name ?? ""}\n`);
          continue;
        }
        await out.write(`FAIL  ${report.file}${report.name !== null ? `  ${report.name}` : ""}\n`);
        for (const d of diagnostics) await out.write(indent(renderDiagnostic(d)) + "\n");
      }
      if (outcomes.length === 0) await out.write("no rule files found\n");
      await out.write(summaryLine(summary));
      await out.flush();
    }
    return summary.failed > 0 || outcomes.length === 0 ? "problems" : "ok";
  },
};

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => "    " + l)
    .join("\n");
}

/** Standalone entry: exit code 0 (valid), 1 (problems). Usage errors are thrown as UsageError. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const status = await validateCommand.run(args, io);
  return status === "problems" ? 1 : 0;
}
