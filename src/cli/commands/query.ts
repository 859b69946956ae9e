// # `sequent query`: one EQL query over NDJSON events, answered like Elasticsearch's `_eql/search`
//
// Pipeline: parse the query (syntax errors before any data is read) → read the data (bad lines reported
// as file:line and counted; each data file is one index named after the file) into an external sort by
// (timestamp, tiebreaker, arrival) that spills to disk past --sort-buffer events, while the schema from the
// mappings is extended with the fields the data shows (Elasticsearch's dynamic mapping) → analyse →
// compile → run over the sorted events → print. Without mappings the schema needs no data, so the query is
// analysed and compiled first and data files already in time order are matched as they are read (no sort),
// through the query's raw-byte prefilter; an event out of order sends the run back to the sorted path.

import { parseArgs } from "node:util";
import { parseQuery } from "../../eql/parser.js";
import { analyzeQuery } from "../../eql/analyze.js";
import { compileQuery } from "../../compile/query.js";
import { createRecordFactory, type RecordFactory } from "../../event/record.js";
import { runQueryInTurns, type QueryResult, type RunQueryOptions } from "../../exec/run-query.js";
import { QueryExecution } from "../../exec/execution.js";
import type { CompiledQuery } from "../../exec/compiled.js";
import type { EventRecord } from "../../exec/event.js";
import { MinHeap } from "../../io/heap.js";
import { contentId, readNdjsonBatches } from "../../io/ndjson.js";
import { REORDER_WINDOW, rereadable, sampledPrefilter } from "../../engine/feed.js";
import { buildPrefilter } from "../../compile/prefilter.js";
import type { Query } from "../../eql/ast.js";
import type { LineFilter } from "../../io/lines.js";
import type { NdjsonBadLine } from "../../io/ndjson.js";
import { EVENTS_PER_TURN, eventLoopTurn } from "../../io/event-loop.js";
import { mappingSchema } from "../../schema/mapping.js";
import { dynamicSchema, withDynamicFields } from "../../schema/dynamic.js";
import type { Schema } from "../../eql/types.js";
import { ExternalSorter, DEFAULT_MAX_IN_MEMORY } from "../../io/sort.js";
import { compareEventsTotal, compareOrder, recordsOf, sortEntryCodec, toSortEntry, type SortEntry } from "../../io/events.js";
import { STDIN_PATH } from "../../io/inputs.js";
import { readInputsCached } from "../../io/cached.js";
import { readJsonFile } from "../../io/json-file.js";
import { UsageError, parseChoice, parseCount, withUsageErrors, type CliIo, type Command, type TextSink } from "../args.js";
import { formatEs } from "../format/es.js";
import { formatNdjson } from "../format/ndjson.js";
import { formatTable } from "../format/table.js";
import { BufferedWriter, writeText } from "../format/sink.js";
import { BadLineReporter, DEFAULT_BAD_LINE_REPORTS } from "../format/bad-lines.js";
import type { RawSource, ResultSet } from "../format/hits.js";

// Moved to src/cli/format/bad-lines.ts; re-exported for commands that import it from here.
export { BadLineReporter } from "../format/bad-lines.js";

export const FORMATS = ["es", "ndjson", "table"] as const;
export type OutputFormat = (typeof FORMATS)[number];

export const QUERY_DEFAULTS = {
  timestampField: "@timestamp",
  eventCategoryField: "event.category",
  size: 10,
  maxSamplesPerKey: 1,
  format: "es" as OutputFormat,
  sortBuffer: DEFAULT_MAX_IN_MEMORY,
} as const;

/** Events whose fields are folded into the schema at once (see readAndSort). */
const DYNAMIC_FIELDS_GROUP = 8192;

/** Where a query typed on the command line comes from, in diagnostics. */
export const QUERY_ORIGIN = "<query>";

export interface QueryOptions {
  readonly query: string;
  readonly data: readonly string[];
  readonly mappings: readonly string[];
  readonly timestampField: string;
  readonly tiebreakerField: string | null;
  readonly eventCategoryField: string;
  readonly size: number;
  readonly maxSamplesPerKey: number;
  readonly format: OutputFormat;
  readonly sortBuffer: number;
}

export const QUERY_HELP = `Usage: sequent query [options] QUERY

Run one EQL query over NDJSON events and print what Elasticsearch's _eql/search would return.
Events are read from the --data files, or from standard input when there is none.

Options:
  -d, --data FILE              NDJSON events (repeatable). Each file is one index named after the file
                               (logs/app.ndjson.gz -> index "app"); several files form one multi-index
                               search. A directory means its *.ndjson, *.jsonl, *.json and *.gz files;
                               "-" is standard input (index "stdin"). .gz files are decompressed.
                               Lines shaped like search hits ({"_index","_id","_source"}) keep their
                               _index and _id; other events get a content hash as _id.
  -m, --mapping FILE           Elasticsearch mapping JSON ({"properties":…}) of the data (repeatable,
                               same order as --data). Mappings are merged, and fields only the data
                               has get Elasticsearch's dynamic mapping. Without any mapping the schema
                               is dynamic: field types come from the JSON values.
      --timestamp-field F      Event time field (default: @timestamp)
      --tiebreaker-field F     Field ordering events with equal timestamps (default: none; events then
                               keep input order)
      --event-category-field F Field the "process where" category tests (default: event.category)
      --size N                 Maximum number of events or sequences returned (default: 10)
      --max-samples-per-key N  Samples per join key for sample queries (default: 1)
  -f, --format FORMAT          es      the _eql/search response body, one JSON line (default)
                               ndjson  one hit (event, or sequence with join_keys) per line
                               table   a compact human-readable table
      --sort-buffer N          Events kept in memory while sorting; beyond that, sorted runs spill to
                               temporary files (default: ${DEFAULT_MAX_IN_MEMORY})
  -h, --help                   Show this help

Lines that are not JSON objects are reported on stderr as FILE:LINE: reason, counted, and skipped.
Without --mapping, data files whose events are in time order are matched as they are read, and lines
holding none of the strings every match of the query needs are skipped unparsed (so not checked; stderr
then says how many lines were parsed). Otherwise the events are sorted first.

Exit status: 0 success; 1 unreadable input; 2 usage error or invalid query (the error is shown with
line:column and a caret); 70 internal error (a bug).

Examples:
  sequent query --data events.ndjson 'process where process.name == "whoami.exe"'
  zcat events.ndjson.gz | sequent query -f table 'sequence by host.id with maxspan=1m
      [process where event.type == "start"] [network where true]'
`;

export const queryCommand: Command = {
  name: "query",
  summary: "run one EQL query over NDJSON events (output like Elasticsearch's _eql/search)",
  help: QUERY_HELP,
  run: (args, io) => runQueryCommand(args, io),
};

/** Parse `sequent query` arguments (UsageError on mistakes). */
export function parseQueryArgs(args: readonly string[]): QueryOptions {
  const { values, positionals } = withUsageErrors(() =>
    parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        data: { type: "string", short: "d", multiple: true },
        mapping: { type: "string", short: "m", multiple: true },
        "timestamp-field": { type: "string" },
        "tiebreaker-field": { type: "string" },
        "event-category-field": { type: "string" },
        size: { type: "string" },
        "max-samples-per-key": { type: "string" },
        format: { type: "string", short: "f" },
        "sort-buffer": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }),
  );
  if (positionals.length === 0) throw new UsageError("missing QUERY");
  if (positionals.length > 1) {
    throw new UsageError(`expected one QUERY, got ${positionals.length} arguments (quote the query)`);
  }
  const query = positionals[0]!;
  if (query.trim() === "") throw new UsageError("QUERY is empty");
  return {
    query,
    data: values.data ?? [],
    mappings: values.mapping ?? [],
    timestampField: nonEmpty(values["timestamp-field"], "--timestamp-field") ?? QUERY_DEFAULTS.timestampField,
    tiebreakerField: nonEmpty(values["tiebreaker-field"], "--tiebreaker-field") ?? null,
    eventCategoryField: nonEmpty(values["event-category-field"], "--event-category-field") ?? QUERY_DEFAULTS.eventCategoryField,
    size: parseCount(values.size, "--size", QUERY_DEFAULTS.size),
    maxSamplesPerKey: parseCount(values["max-samples-per-key"], "--max-samples-per-key", QUERY_DEFAULTS.maxSamplesPerKey, 1),
    format: parseChoice(values.format, "--format", FORMATS, QUERY_DEFAULTS.format),
    sortBuffer: parseCount(values["sort-buffer"], "--sort-buffer", QUERY_DEFAULTS.sortBuffer, 1),
  };
}

function nonEmpty(value: string | undefined, option: string): string | undefined {
  if (value !== undefined && value.trim() === "") throw new UsageError(`${option} must not be empty`);
  return value;
}

export async function runQueryCommand(args: readonly string[], io: CliIo): Promise<"ok"> {
  const options = parseQueryArgs(args);
  const started = performance.now();

  // Syntax first: a typo is reported before any data is read.
  const query = parseQuery(options.query, QUERY_ORIGIN);
  const mappings = options.mappings.map((path) => readJsonFile(path, "mapping"));
  const base: Schema = mappings.length > 0 ? mappingSchema(mappings) : dynamicSchema();
  const recordOptions = { timestampField: options.timestampField, tiebreakerField: options.tiebreakerField };

  const runOptions = {
    size: options.size,
    maxSamplesPerKey: options.maxSamplesPerKey,
    onWarning: (message: string) => void io.stderr.write(`sequent: warning: ${message}\n`),
  };
  // Hits print each `_source` as its input text, as Elasticsearch returns `_source` as indexed: streamed
  // records carry their text, sorted ones find it by their source.
  const texts = new WeakMap<object, string>();
  const raw = (record: EventRecord): string | undefined => (record instanceof TextRecord ? record.text : texts.get(record.source));
  const badLines = new BadLineReporter(io.stderr);

  // Without mappings the schema is known before any data (fields typed from their values), so files whose
  // events are already in time order are matched as they are read, with no sort.
  const inputs = options.data.length > 0 ? options.data : [STDIN_PATH];
  if (mappings.length === 0 && io.cache === undefined && inputs.every(rereadable)) {
    const analysis = analyzeQuery(query, base, { source: options.query, origin: QUERY_ORIGIN });
    const compiled = compileQuery(analysis, { categoryField: options.eventCategoryField });
    const lines = queryLineFilter(analysis.query, options.eventCategoryField, base);
    const result = await streamedQuery(compiled, inputs, createRecordFactory({ schema: base, ...recordOptions }), runOptions, badLines, lines);
    if (result !== null) {
      await badLines.finish();
      // as `run` says it: lines no filter of the query can match were skipped unparsed, so unvalidated
      if (lines.parsed < lines.lines) {
        await writeText(io.stderr, `sequent query: ${lines.parsed} of ${lines.lines} lines parsed (prefilter: ${lines.literals} literal${lines.literals === 1 ? "" : "s"}; skipped lines are not validated)\n`);
      }
      const categoryPath = base.lookup(options.eventCategoryField)?.path ?? options.eventCategoryField;
      await printResult(result, options.format, performance.now() - started, io.stdout, categoryPath, raw);
      return "ok";
    }
  }

  const sorter = new ExternalSorter<SortEntry>({ compare: compareOrder, codec: sortEntryCodec, maxInMemory: options.sortBuffer });
  try {
    // bad lines a streamed attempt reported (it stopped at an event out of order) are not reported again
    const schema = await readAndSort(inputs, io, base, mappings.length > 0, recordOptions, sorter, badLines, badLines.total);
    await badLines.finish();

    const analysis = analyzeQuery(query, schema, { source: options.query, origin: QUERY_ORIGIN });
    const compiled = compileQuery(analysis, { categoryField: options.eventCategoryField });
    const factory = createRecordFactory({ schema, ...recordOptions });
    const records = recordsOf(sorter.sorted(), factory, (source, text) => texts.set(source, text));
    const result = await runQueryInTurns(compiled, records, runOptions, eventLoopTurn, EVENTS_PER_TURN);
    const tookMs = performance.now() - started;
    const categoryPath = schema.lookup(options.eventCategoryField)?.path ?? options.eventCategoryField;
    await printResult(result, options.format, tookMs, io.stdout, categoryPath, raw);
  } finally {
    sorter.dispose();
  }
  return "ok";
}

/** A record of the streamed query: it keeps its line's text (printed as `_source`), and hashes it for an id only when asked. */
class TextRecord implements EventRecord {
  readonly source: Record<string, unknown>;
  readonly index: string;
  readonly tsMs: number;
  readonly tsNs: number;
  readonly tiebreaker: number | string | null;
  readonly seq: number;
  /** The event's own `_id` (a search hit), or its content id once computed; null until then. */
  private ownId: string | null;

  constructor(
    order: EventRecord,
    readonly text: string,
    id: string | null,
  ) {
    this.source = order.source;
    this.index = order.index;
    this.tsMs = order.tsMs;
    this.tsNs = order.tsNs;
    this.tiebreaker = order.tiebreaker;
    this.seq = order.seq;
    this.ownId = id;
  }

  get id(): string {
    return (this.ownId ??= contentId(this.text));
  }
}

/**
 * The query over files whose events are in time order (a small reorder window absorbs jitter), matched as
 * they are read: the same results as sorting them first. Null as soon as an event comes earlier than one
 * already matched (the caller then sorts). Every line is still read and parsed, so bad lines are reported as
 * the sorted path reports them, also after a head limit is met. Ids (content hashes) are computed only for
 * the events a result prints.
 */
async function streamedQuery(
  compiled: CompiledQuery,
  inputs: readonly string[],
  factory: RecordFactory,
  runOptions: RunQueryOptions,
  badLines: BadLineReporter,
  lines: QueryLineFilter,
): Promise<QueryResult | null> {
  const execution = new QueryExecution(compiled, runOptions);
  const heap = new MinHeap<EventRecord>(compareEventsTotal);
  let last: EventRecord | null = null;
  let seq = 0;
  // Bad lines are reported once the attempt succeeds: after a fall back to the sorted path (which parses every
  // line) they are all reported from there, in order, prefilter or not.
  const bad: NdjsonBadLine[] = [];
  let badCount = 0;
  for await (const batch of readNdjsonBatches(inputs, { contentIds: false, lineFilter: lines.filter })) {
    for (const item of batch) {
      if (item.kind === "bad") {
        if (badCount++ < DEFAULT_BAD_LINE_REPORTS) bad.push(item);
        continue;
      }
      const order = factory(item.value, item.index, "", seq++);
      // also once a head limit is met: an event earlier than those matched would change the result
      if (last !== null && compareEventsTotal(order, last) < 0) return null;
      if (execution.done) continue;
      const record = new TextRecord(order, item.sourceText ?? JSON.stringify(item.value), item.sourceText !== undefined ? null : item.id);
      heap.push(record);
      if (heap.size > REORDER_WINDOW) {
        last = heap.pop()!;
        execution.push(last);
      }
    }
  }
  for (let top = heap.pop(); top !== undefined && !execution.done; top = heap.pop()) execution.push(top);
  for (const item of bad) await badLines.report(item);
  badLines.countMore(badCount - bad.length);
  return execution.finish();
}

/** The streamed query's raw-byte prefilter and its counts (lines read, lines parsed, literals searched). */
interface QueryLineFilter {
  readonly filter: LineFilter;
  lines: number;
  parsed: number;
  /** Literals searched once the prefilter was built and is selective; null before or when it passes all. */
  literals: number | null;
}

/**
 * The query's raw-byte prefilter (src/compile/prefilter.ts), built like `run`'s from the first lines (all
 * parsed): lines holding none of the literals every match of the query needs are skipped unparsed.
 */
function queryLineFilter(query: Query, categoryField: string, schema: Schema): QueryLineFilter {
  const prefilter = sampledPrefilter(
    (sample) => buildPrefilter([{ query, options: { categoryField } }], { schema, sample }),
    (pf) => void (state.literals = pf.passAll ? null : pf.literalCount),
  );
  const state: QueryLineFilter = {
    filter: (buf, start, end) => {
      state.lines++;
      if (!prefilter(buf, start, end)) return false;
      state.parsed++;
      return true;
    },
    lines: 0,
    parsed: 0,
    literals: null,
  };
  return state;
}

/**
 * Read every input into the sorter and extend the schema with the fields the data shows. The ordering
 * fields are computed with the mapping-only schema: the timestamp and tiebreaker resolve the same way in
 * it (a field the mapping lacks is read by its name, with default date formats, either way).
 */
async function readAndSort(
  inputs: readonly string[],
  io: CliIo,
  base: Schema,
  observeDynamicFields: boolean,
  recordOptions: { timestampField: string; tiebreakerField: string | null },
  sorter: ExternalSorter<SortEntry>,
  badLines: BadLineReporter,
  reported: number,
): Promise<Schema> {
  const keys = createRecordFactory({ schema: base, ...recordOptions });
  let badSeen = 0;
  let schema = base;
  let seq = 0;
  // Fields are folded into the schema in groups: each fold that finds new fields wraps the schema once more,
  // so folding per group (not per read chunk) keeps that chain short even when new fields keep appearing.
  let sources: Record<string, unknown>[] = [];
  const fold = (): void => {
    if (sources.length > 0) schema = withDynamicFields(schema, sources);
    sources = [];
  };
  if (inputs.length === 1 && inputs[0] === STDIN_PATH && (io.stdin as { isTTY?: boolean }).isTTY === true) {
    await writeText(io.stderr, "sequent: reading NDJSON events from standard input (end with Ctrl-D; see --data)\n");
  }
  for await (const batch of readInputsCached(inputs, { stdin: io.stdin, cache: io.cache })) {
    for (const item of batch) {
      if (item.kind === "bad") {
        if (++badSeen > reported) await badLines.report(item);
        continue;
      }
      sorter.add(toSortEntry(item, keys(item.value, item.index, item.id, seq++)));
      // Without a mapping every field is already known (typed from its values): nothing to add.
      if (observeDynamicFields) sources.push(item.value);
    }
    if (sources.length >= DYNAMIC_FIELDS_GROUP) fold();
  }
  fold();
  return schema;
}

async function printResult(
  result: ResultSet,
  format: OutputFormat,
  tookMs: number,
  out: TextSink,
  categoryPath: string,
  raw: RawSource,
): Promise<void> {
  switch (format) {
    case "es":
      await writeText(out, formatEs(result, tookMs, raw));
      return;
    case "ndjson": {
      const writer = new BufferedWriter(out);
      for (const line of formatNdjson(result, raw)) await writer.write(line);
      await writer.flush();
      return;
    }
    case "table":
      await writeText(out, formatTable(result, { categoryPath }));
      return;
  }
}
