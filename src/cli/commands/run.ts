// # `sequent run`: detection rules over NDJSON events, alerts out in Kibana's alerts-as-data shape
//
// Pipeline: load and select rules (built-in seed rule when no --rules) → compile each (a rule that does not
// compile is reported and skipped) → read the input once (bad lines reported as file:line, counted) → for
// each distinct event ordering the rules need (usually one), sort the events (external sort past
// --sort-buffer) and push them through the engine → alerts to the sink → summary on stderr.
//
// Offline, the whole input is one Kibana search window: a sequence is found whatever its distance from
// "now". Alert ids are Kibana's deterministic ids, so re-running over the same data gives the same alerts
// (and the SQLite sink stores each once).

import { createWriteStream, statSync, type WriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { renderDiagnostic, type Diagnostic } from "../../diag/diagnostic.js";
import { createEngine, type Engine, type RuleSummary } from "../../engine/engine.js";
import { parseWindowSpec, type Schedule } from "../../engine/schedule.js";
import { loadExceptionFiles, loadRules, loadValueListFiles } from "../../rules/load.js";
import { builtinRules } from "../../rules/builtin/seed-rule.js";
import { selectRules, type SkipCounts } from "../../rules/select.js";
import type { ExceptionSet } from "../../rules/exception-model.js";
import type { RuleSpec } from "../../rules/model.js";
import { DEFAULT_MAX_IN_MEMORY } from "../../io/sort.js";
import { DEFAULT_MATCHED_EVENTS_IN_MEMORY } from "../../alerts/spill.js";
import { eventsRead, feedInputs, type FeedProgress, type FeedStats, type PrefilterInfo } from "../../engine/feed.js";
import { STDIN_PATH, expandInputs } from "../../io/inputs.js";
import { isJsonDocumentFile } from "../../io/ndjson.js";
import { ProgressLine } from "../progress.js";
import { ndjsonSink } from "../../io/sinks/ndjson.js";
import { bulkSink, DEFAULT_ALERTS_INDEX } from "../../io/sinks/bulk.js";
import { tableSink } from "../../io/sinks/table.js";
import { isSqlitePath, sqliteSink } from "../../io/sinks/sqlite.js";
import type { AlertSink, SinkSummary } from "../../io/sinks/types.js";
import { UsageError, parseChoice, parseCount, withUsageErrors, type CliIo, type Command, type CommandStatus, type TextSink } from "../args.js";
import { writeText } from "../format/sink.js";
import { BadLineReporter } from "./query.js";
import { ParallelRun, WorkerPool, canRunParallel, parseWorkers } from "../../engine/parallel/index.js";
import { ScreenPool, scatterInputs, type ScreenReady } from "../../engine/parallel/scatter.js";
import { LazyRules } from "../../engine/parallel/lazy-rules.js";

export const RUN_FORMATS = ["ndjson", "bulk", "table"] as const;
export type RunFormat = (typeof RUN_FORMATS)[number];

export interface RunOptions {
  readonly inputs: readonly string[];
  readonly rules: readonly string[];
  readonly exceptions: readonly string[];
  readonly valueLists: readonly string[];
  readonly ruleIds: readonly string[];
  readonly tags: readonly string[];
  readonly os: readonly string[];
  readonly severities: readonly string[];
  readonly includeDeprecated: boolean;
  readonly format: RunFormat | "sqlite";
  readonly out: string | undefined;
  readonly index: string;
  readonly now: string | undefined;
  readonly space: string;
  readonly sortBuffer: number;
  readonly quiet: boolean;
  /** Show the progress line when stderr is a terminal (false: --no-progress). */
  readonly progress: boolean;
  readonly windows: "rule" | Schedule | undefined;
  readonly kibanaUrl: string | undefined;
  /** Worker threads (events screened by them, src/engine/parallel/scatter.ts; rules sharded with windows); 1 = this thread only. */
  readonly workers: number;
}

export const RUN_HELP = `Usage: sequent run [options] FILE…|-

Run Elastic Security EQL detection rules over NDJSON events and write the alerts Kibana would write:
one alert per matched event; for a sequence, one shell alert plus one building-block alert per event,
with Kibana's deterministic alert ids (the same input always gives the same ids).

Inputs: NDJSON files, directories (their *.ndjson, *.jsonl, *.json, *.gz files), .gz files, or "-" for
standard input. Lines may be plain events or search hits ({"_index","_id","_source"}). Events are routed
to rules by index: a hit's _index, else the data stream named by data_stream.* (events with neither reach
every rule). The whole input is one search window, not one scheduled run: a rule's max_signals (Kibana's
per-run alert limit) does not cap it, every match is reported. With --kibana-windows each run keeps at most
max_signals alerts, as in Kibana.

Rules:
      --rules PATH           Rule files or directories (repeatable): detection-rules TOML, Kibana rule
                             export NDJSON, rule JSON. Default: the built-in seed rule ("Suspicious
                             Outbound Network Connection via Unsigned Binary").
      --exceptions FILE      Kibana exception-list export NDJSON (repeatable); items apply to the rules
                             that reference their list, before matching (as in Kibana)
      --value-list FILE      Value list for list exceptions, one value per line, id = file name
      --rule-id ID           Only these rules (repeatable)
      --tag TAG              Only rules with this tag (repeatable; "macOS" matches "OS: macOS")
      --os OS                Only rules for this OS: windows, linux, macos (repeatable)
      --severity S           Only this severity (low, medium, high, critical; "high+" = high and above)
      --include-deprecated   Also run deprecated rules
Output:
  -f, --format FORMAT        table   a human-readable list (default when stdout is a terminal)
                             ndjson  one alert document per line (default otherwise)
                             bulk    an Elasticsearch _bulk body (create actions with the alert ids)
  -o, --out FILE             Write alerts to FILE instead of stdout. A name ending in .db, .sqlite or
                             .sqlite3 is a SQLite store: one row per alert id, duplicates across runs
                             are ignored and counted
      --index NAME           Target index of --format bulk (default: ${DEFAULT_ALERTS_INDEX})
      --space ID             Kibana space of the alerts (default: default)
      --now TIME             Alert creation time, ISO 8601 (default: the current time)
      --kibana-url URL       Kibana's public base URL: alerts get kibana.alert.url (a link to the alert)
      --kibana-windows SPEC  Replay Kibana's scheduled runs instead of one window over everything: "rule"
                             uses each rule's interval and from/to (e.g. every 5m over now-9m..now);
                             "5m/9m" sets interval/look-back for all rules. Alerts get the run time as
                             @timestamp; an alert id found again by a later run is not written twice.
                             A sequence longer than look-back − interval can then be missed, as in Kibana
      --sort-buffer N        Events kept in memory while sorting (default: ${DEFAULT_MAX_IN_MEMORY}). Input in
                             time order streams through without a sort; input out of order is sorted
                             (spilling to temporary files past N; standard input and pipes, which cannot
                             be read twice, are kept in a temporary file as they stream). Alerts are
                             written rule by rule after the input: past ${DEFAULT_MATCHED_EVENTS_IN_MEMORY} matched events a run keeps
                             them in a temporary file (in TMPDIR) until then
      --workers N            Screen events in N worker threads ("auto": one per core; default 1): this
                             thread reads the input in blocks, the workers parse them and find the rules
                             each event can reach, this thread matches those. With --kibana-windows the
                             rules are split over the workers instead. Alerts are identical to a
                             one-worker run. Standard input always uses one thread. Measured on 2 cores
                             with the whole prebuilt pack: 1.0–1.2× one worker (README, Benchmarks)
  -q, --quiet                No summary on stderr (and no progress line)
      --no-progress          No progress line. By default, when stderr is a terminal, one line there shows
                             the share of the input read, events/s and the time left, then the alerts
                             written (not with --kibana-windows and --workers together)
  -h, --help                 Show this help

Exit status: 0 success; 1 unreadable input or some rules could not be loaded or compiled (the others
still run); 2 usage error; 70 internal error.

Examples:
  sequent run samples/seed-scenario.ndjson
  sequent run --rules detection-rules/rules --os macos -o alerts.db logs/
  zcat events.ndjson.gz | sequent run --rules my-rules/ -f bulk - > alerts.bulk
`;

export const runRulesCommand: Command = {
  name: "run",
  summary: "run detection rules over NDJSON events and write Kibana alerts (ndjson, _bulk, table, SQLite)",
  help: RUN_HELP,
  run: (args, io) => runRunCommand(args, io),
};

/** `sequent run` as a function: 0 on success, 1 when some input or rules had problems. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  return (await runRunCommand(args, io)) === "problems" ? 1 : 0;
}

function isTty(sink: TextSink): boolean {
  return (sink as { isTTY?: unknown }).isTTY === true;
}

export function parseRunArgs(args: readonly string[], stdoutIsTty = false): RunOptions {
  const { values, positionals } = withUsageErrors(() =>
    parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        rules: { type: "string", multiple: true },
        exceptions: { type: "string", multiple: true },
        "value-list": { type: "string", multiple: true },
        "rule-id": { type: "string", multiple: true },
        tag: { type: "string", multiple: true },
        os: { type: "string", multiple: true },
        severity: { type: "string", multiple: true },
        "include-deprecated": { type: "boolean" },
        format: { type: "string", short: "f" },
        out: { type: "string", short: "o" },
        index: { type: "string" },
        space: { type: "string" },
        now: { type: "string" },
        "sort-buffer": { type: "string" },
        "kibana-windows": { type: "string" },
        "kibana-url": { type: "string" },
        workers: { type: "string" },
        quiet: { type: "boolean", short: "q" },
        "no-progress": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }),
  );
  if (positionals.length === 0) throw new UsageError("missing input FILE (use - for standard input)");
  const out = values.out;
  if (out !== undefined && out.trim() === "") throw new UsageError("--out must not be empty");
  const sqlite = out !== undefined && isSqlitePath(out);
  if (sqlite && values.format !== undefined) throw new UsageError("--format does not apply to a SQLite --out file");
  const fallback: RunFormat = out === undefined && stdoutIsTty ? "table" : "ndjson";
  const format = sqlite ? "sqlite" : parseChoice(values.format, "--format", RUN_FORMATS, fallback);
  const windowsText = values["kibana-windows"];
  let windows: "rule" | Schedule | undefined;
  if (windowsText !== undefined) {
    windows = windowsText.trim() === "rule" ? "rule" : parseWindowSpec(windowsText);
    if (windows === undefined) throw new UsageError(`--kibana-windows expects "rule" or INTERVAL/LOOKBACK like 5m/9m, got '${windowsText}'`);
  }
  const workers = parseWorkers(values.workers);
  if (workers === undefined) throw new UsageError(`--workers expects a count (1–256) or "auto", got '${values.workers ?? ""}'`);
  const now = values.now;
  if (now !== undefined && Number.isNaN(Date.parse(now))) throw new UsageError(`--now expects an ISO 8601 time, got '${now}'`);
  return {
    inputs: positionals,
    rules: values.rules ?? [],
    exceptions: values.exceptions ?? [],
    valueLists: values["value-list"] ?? [],
    ruleIds: values["rule-id"] ?? [],
    tags: values.tag ?? [],
    os: values.os ?? [],
    severities: values.severity ?? [],
    includeDeprecated: values["include-deprecated"] === true,
    format,
    out,
    index: values.index ?? DEFAULT_ALERTS_INDEX,
    now: now === undefined ? undefined : new Date(now).toISOString(),
    space: values.space ?? "default",
    sortBuffer: parseCount(values["sort-buffer"], "--sort-buffer", DEFAULT_MAX_IN_MEMORY, 1),
    quiet: values.quiet === true,
    progress: values["no-progress"] !== true,
    windows,
    kibanaUrl: values["kibana-url"]?.replace(/\/+$/, ""),
    workers,
  };
}

interface LoadedRules {
  readonly rules: RuleSpec[];
  readonly skipped: SkipCounts;
  readonly diagnostics: Diagnostic[];
  readonly exceptions: ExceptionSet;
  readonly valueLists: Map<string, string[]>;
  readonly files: number;
}

/**
 * The inputs' total size in bytes, for the progress line's share: null when it cannot tell what share of it
 * the reading has reached (standard input, .gz files, JSON document files, unreadable paths).
 */
function inputBytes(inputs: readonly string[]): number | null {
  let total = 0;
  try {
    for (const path of expandInputs(inputs)) {
      if (path === STDIN_PATH || /\.gz$/i.test(path) || isJsonDocumentFile(path)) return null;
      const st = statSync(path);
      if (!st.isFile()) return null;
      total += st.size;
    }
  } catch {
    return null; // the read reports it
  }
  return total;
}

function loadSelectedRules(options: RunOptions): LoadedRules {
  const select = {
    includeDeprecated: options.includeDeprecated,
    ruleIds: options.ruleIds,
    tags: options.tags,
    os: options.os,
    severities: options.severities,
  };
  if (options.rules.length === 0) {
    const selected = selectRules(builtinRules(), select);
    const ex = loadExceptionFiles(options.exceptions);
    const lists = loadValueListFiles(options.valueLists);
    return { rules: selected.rules, skipped: selected.skipped, diagnostics: [...ex.errors, ...lists.errors], exceptions: ex.exceptions, valueLists: lists.valueLists, files: 0 };
  }
  const loaded = loadRules(options.rules, { ...select, exceptionFiles: options.exceptions, valueListFiles: options.valueLists });
  return { rules: loaded.rules, skipped: loaded.skipped, diagnostics: loaded.errors, exceptions: loaded.exceptions, valueLists: loaded.valueLists, files: loaded.files };
}

function openSink(options: RunOptions, io: CliIo): { sink: AlertSink; stream: WriteStream | undefined } {
  if (options.format === "sqlite") return { sink: sqliteSink(options.out!), stream: undefined };
  const stream = options.out !== undefined ? createWriteStream(options.out) : undefined;
  const out: TextSink = stream ?? io.stdout;
  switch (options.format) {
    case "ndjson":
      return { sink: ndjsonSink(out), stream };
    case "bulk":
      return { sink: bulkSink(out, options.index), stream };
    case "table":
      return { sink: tableSink(out), stream };
  }
}

async function closeStream(stream: WriteStream | undefined): Promise<void> {
  if (stream === undefined) return;
  await new Promise<void>((resolve, reject) => {
    stream.once("error", reject);
    stream.end(() => resolve());
  });
}

export async function runRunCommand(args: readonly string[], io: CliIo): Promise<CommandStatus> {
  const options = parseRunArgs(args, isTty(io.stdout));
  const started = performance.now();
  // stderr's messages; once a progress line is drawn there, they erase it first
  let stderr: TextSink = io.stderr;
  const log = async (text: string) => {
    if (!options.quiet) await writeText(stderr, text);
  };

  // Rules first: a broken rule set is reported before any data is read. Worker threads (--workers) start
  // loading their code meanwhile.
  const parallel = canRunParallel(options.workers, options.inputs, options.rules.length > 0 ? Infinity : 1);
  // Kibana's windows: rules sharded over workers (index.ts); otherwise events screened in parallel (scatter.ts)
  const pool = parallel && options.windows !== undefined ? WorkerPool.spawn(options.workers) : undefined;
  const screens = parallel && options.windows === undefined ? ScreenPool.spawn(options.workers) : undefined;
  const loaded = loadSelectedRules(options);
  for (const d of loaded.diagnostics) await log(renderDiagnostic(d) + "\n");
  const now = options.now ?? new Date().toISOString();
  const engineOptions = {
    now,
    spaceId: options.space,
    exceptions: loaded.exceptions,
    valueLists: loaded.valueLists,
    ...(options.windows !== undefined ? { windows: options.windows } : {}),
    ...(options.kibanaUrl !== undefined ? { publicBaseUrl: options.kibanaUrl } : {}),
  };
  if (pool !== undefined && canRunParallel(options.workers, options.inputs, loaded.rules.length)) return runWithWorkers(options, loaded, engineOptions, io, log, started, pool);
  pool?.release();
  const scatter = screens !== undefined && canRunParallel(options.workers, options.inputs, loaded.rules.length) ? screens : undefined;
  if (screens !== undefined && scatter === undefined) screens.release();
  // With screening workers the rules are compiled there; this thread compiles a rule when an event reaches it.
  let engine: Engine | LazyRules;
  if (scatter !== undefined) {
    let ready: ScreenReady[];
    try {
      ready = await Promise.all(scatter.workers.map((w, i) => w.start(loaded.rules, engineOptions, { inputs: options.inputs, sortBuffer: options.sortBuffer }, i)));
    } catch (error) {
      scatter.release();
      throw error;
    }
    engine = new LazyRules(loaded.rules, engineOptions, ready[0]!.compiled);
  } else {
    engine = createEngine(loaded.rules, engineOptions);
  }
  for (const f of engine.failures) for (const d of f.diagnostics) await log(renderDiagnostic(d) + "\n");
  for (const w of engine.warnings) await log(renderDiagnostic(w) + "\n");
  await log(describeRules(loaded, engine));

  const progress: FeedProgress = { stage: "stream", bytes: 0, events: 0, matched: 0 };
  let written: number | null = null;
  const totalBytes = inputBytes(options.inputs);
  const line = options.progress && !options.quiet && isTty(io.stderr) ? new ProgressLine(io.stderr, () => ({ ...progress, totalBytes, written })) : null;
  if (line !== null) stderr = line.around(io.stderr);
  const bad = new BadLineReporter(options.quiet ? { write: () => true } : stderr, 20);
  const { sink, stream } = openSink(options, io);
  const readyMs = performance.now() - started;
  let feed: FeedStats;
  let summaries: RuleSummary[];
  line?.start();
  try {
    feed =
      engine instanceof LazyRules
        ? await scatterInputs(engine, scatter!.workers, { inputs: options.inputs, sortBuffer: options.sortBuffer, progress }, (item) => bad.report(item))
        : await feedInputs(engine, options.inputs, { stdin: io.stdin, sortBuffer: options.sortBuffer, onBadLine: (item) => bad.report(item), progress });
    await bad.finish();
    // alerts printed on the terminal itself (no --out, stdout a terminal) would land on the progress line
    if (options.out === undefined && isTty(io.stdout)) line?.stop();
    written = 0;
    summaries = await engine.finishTo(async (alerts) => {
      await sink.write(alerts);
      written = (written ?? 0) + alerts.length;
    });
  } finally {
    line?.stop();
  }
  const sinkSummary = await sink.close();
  await closeStream(stream);
  await log(describeRun(summaries, eventsRead(feed), bad.total, sinkSummary, options, performance.now() - started, readyMs, feed));
  const problems = loaded.diagnostics.some((d) => d.severity === "error") || engine.failures.length > 0;
  return problems ? "problems" : "ok";
}

/** `runRunCommand` from the rule loading on, with the rules sharded over worker threads (same output). */
async function runWithWorkers(
  options: RunOptions,
  loaded: LoadedRules,
  engineOptions: Parameters<typeof createEngine>[1],
  io: CliIo,
  log: (text: string) => Promise<void>,
  started: number,
  pool: WorkerPool,
): Promise<CommandStatus> {
  const engine = await ParallelRun.start(loaded.rules, engineOptions, { ...options, pool });
  const readyMs = performance.now() - started;
  for (const f of engine.failures) for (const d of f.diagnostics) await log(renderDiagnostic(d) + "\n");
  for (const w of engine.warnings) await log(renderDiagnostic(w) + "\n");
  await log(describeRules(loaded, engine));
  const bad = new BadLineReporter(options.quiet ? { write: () => true } : io.stderr, 20);
  const { sink, stream } = openSink(options, io);
  const { events, result } = await engine.run((line) => bad.report(line));
  await bad.finish();
  await sink.write(result.alerts);
  const sinkSummary = await sink.close();
  await closeStream(stream);
  await log(describeRun(result.summaries, events, bad.total, sinkSummary, options, performance.now() - started, readyMs));
  const problems = loaded.diagnostics.some((d) => d.severity === "error") || engine.failures.length > 0;
  return problems ? "problems" : "ok";
}

/** Lines parsed when the prefilter skipped some (lines no rule can match, not validated), and the event order. */
function describeFeed(feed: FeedStats): string {
  const share = feed.lines > 0 ? ((100 * feed.parsed) / feed.lines).toFixed(1) : "100.0";
  const pf = feed.prefilter;
  const why = pf === null ? "prefilter off (short input)" : pf.passAll ? `prefilter off: ${prefilterOffReason(pf)}` : `prefilter: ${plural(pf.literalCount, "literal")}; skipped lines are not validated`;
  const order = feed.mode === "stream" ? "streamed in input order" : "sorted";
  return `sequent run: ${feed.parsed} of ${plural(feed.lines, "line")} parsed (${share}%; ${why}); events ${order}\n`;
}

/** Why the prefilter passes every line, naming the rules that keep it off (the way to a faster run). */
function prefilterOffReason(pf: PrefilterInfo): string {
  const some = (names: readonly string[]): string => names.slice(0, 3).map((n) => `"${n}"`).join(", ") + (names.length > 3 ? ` and ${names.length - 3} more` : "");
  if (pf.unselective) {
    const share = `${Math.round(100 * (pf.sampleKeptShare ?? 1))}%`;
    const c = pf.commonest;
    const culprit = c !== null && c.rules.length > 0 ? `; commonest ${c.literal} (${Math.round(100 * c.share)}%) from ${some(c.rules)}` : "";
    return `the rules' literals are in at least ${share} of the first lines${culprit}`;
  }
  return `${plural(pf.blockers.length, "rule")} with a filter that needs no literal (${some(pf.blockers)}) can match any line`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function describeRules(loaded: LoadedRules, engine: Pick<Engine, "failures" | "ruleCount">): string {
  const source = loaded.files > 0 ? `from ${plural(loaded.files, "file")}` : "(built-in seed rule)";
  const skips: string[] = [];
  for (const [type, n] of Object.entries(loaded.skipped.byType).sort()) skips.push(`${n} ${type}`);
  if (loaded.skipped.deprecated > 0) skips.push(`${loaded.skipped.deprecated} deprecated`);
  if (loaded.skipped.nonProduction > 0) skips.push(`${loaded.skipped.nonProduction} non-production`);
  if (loaded.skipped.hunting > 0) skips.push(`${loaded.skipped.hunting} hunting`);
  if (loaded.skipped.filtered > 0) skips.push(`${loaded.skipped.filtered} filtered out`);
  const failed = engine.failures.length > 0 ? `; ${engine.failures.length} failed to compile` : "";
  return `sequent run: ${plural(engine.ruleCount, "EQL rule")} running ${source}${failed}${skips.length > 0 ? `; skipped: ${skips.join(", ")}` : ""}\n`;
}

/** `readyMs`: from the start until the rules were loaded and compiled (reading events starts then). */
function describeRun(summaries: readonly RuleSummary[], events: number, badLines: number, sink: SinkSummary, options: RunOptions, tookMs: number, readyMs: number, feed?: FeedStats): string {
  const shells = summaries.reduce((n, s) => n + s.matches, 0);
  const rulesWithAlerts = summaries.filter((s) => s.alerts > 0).length;
  let text = `sequent run: ${plural(events, "event")} read, ${plural(badLines, "bad line")}; ${plural(shells, "alert")} (${plural(sink.written, "document")}) from ${plural(rulesWithAlerts, "rule")} in ${(tookMs / 1000).toFixed(2)}s (rules ready after ${(readyMs / 1000).toFixed(2)}s)\n`;
  if (feed !== undefined && (feed.parsed < feed.lines || feed.prefilter !== null)) text += describeFeed(feed);
  if (sink.inserted !== undefined) {
    text += `sequent run: ${options.out}: ${sink.inserted} new, ${sink.duplicates ?? 0} already stored\n`;
  }
  const shown = summaries.filter((s) => s.matches > 0 || s.errors.length > 0 || s.limitReached || (summaries.length <= 10 && s.eventsSeen > 0));
  if (shown.length > 0) {
    const width = Math.min(60, Math.max(4, ...shown.map((s) => s.name.length)));
    text += `  ${"RULE".padEnd(width)}  EVENTS  EXCEPTED  ALERTS  ERRORS\n`;
    for (const s of shown) {
      const name = s.name.length > width ? s.name.slice(0, width - 1) + "…" : s.name;
      text += `  ${name.padEnd(width)}  ${String(s.eventsSeen).padStart(6)}  ${String(s.excepted).padStart(8)}  ${String(s.matches).padStart(6)}  ${String(s.errors.length).padStart(6)}${s.limitReached ? "  (max_signals reached)" : ""}\n`;
    }
  }
  for (const s of summaries) {
    for (const e of s.errors) text += `sequent run: error in rule "${s.name}": ${e}\n`;
    for (const w of s.warnings) text += `sequent run: warning: rule "${s.name}": ${w}\n`;
  }
  return text;
}
