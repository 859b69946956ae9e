// # Reading NDJSON events
//
// `readNdjson` turns a file, a directory, a `.gz` file or standard input into events with their position
// (file and line), their index and a stable id. A line that is not a JSON object is not an error that stops
// the run: it comes out as a `bad` item, so the caller can count it and report it as `file:line: reason`.
//
// Ids: a line shaped like a search hit (`{"_index", "_id", "_source"}`) is unwrapped and keeps its `_id` (and
// `_index`); any other line gets a content hash (sha1 of the line's text), so the same event always has the
// same id, whichever file or position it comes from.

import { contentId, LazyContentId } from "../event/content-id.js";
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from "node:fs";
import { createGunzip } from "node:zlib";
import { eventLoopTurn } from "./event-loop.js";
import { linesOf, type LineFilter, type TextLine } from "./lines.js";
import { STDIN_LABEL, STDIN_PATH, describeFsError, expandInputs, indexNameOf, inputError } from "./inputs.js";

/** One event read from an input. */
export interface NdjsonEvent {
  readonly kind: "event";
  /** The event document (`_source`). */
  readonly value: Record<string, unknown>;
  /** File it came from ("<stdin>" for standard input). */
  readonly file: string;
  /** 1-based line number in that file. */
  readonly line: number;
  /** `_index`: the hit's own index, else the file's base name ("stdin" for standard input). */
  readonly index: string;
  /** `_id`: the hit's own id, else a content hash of the line. */
  readonly id: string;
  /** The JSON text of `value` when it is the whole line (not for unwrapped search hits). */
  readonly sourceText?: string;
}

/** A line that could not be used, with the reason. */
export interface NdjsonBadLine {
  readonly kind: "bad";
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export type NdjsonItem = NdjsonEvent | NdjsonBadLine;

export interface ReadNdjsonOptions {
  /** The stream read for "-" (defaults to process.stdin). */
  readonly stdin?: NodeJS.ReadableStream;
  /** Read chunk size in bytes (default 1 MiB). */
  readonly chunkSize?: number;
  /**
   * Raw-line hook, called with every non-blank line's bytes before it is decoded: a line it rejects is
   * skipped (never decoded, parsed or validated, so never reported as bad). Used for the raw-byte prefilter
   * (src/compile/prefilter.ts) and for partitioning lines between workers.
   */
  readonly lineFilter?: LineFilter;
  /**
   * False: a plain line (not a search hit) gets id "" instead of its content id, for a caller that computes it
   * only when needed from `sourceText` (`itemId`, `lazyItemId`). Default true.
   */
  readonly contentIds?: boolean;
}

/** `file:line: reason`, the way bad lines are reported. */
export function formatBadLine(bad: NdjsonBadLine): string {
  return `${bad.file}:${bad.line}: ${bad.reason}`;
}

/** Items of one input (file, directory, `.gz` or "-"), one at a time. */
export async function* readNdjson(path: string, options: ReadNdjsonOptions = {}): AsyncGenerator<NdjsonItem> {
  for await (const batch of readNdjsonBatches([path], options)) yield* batch;
}

/** Items of several inputs in order, in batches (one per read chunk): the fast path for large inputs. */
export async function* readNdjsonBatches(paths: readonly string[], options: ReadNdjsonOptions = {}): AsyncGenerator<NdjsonItem[]> {
  for (const file of expandInputs(paths)) {
    yield* readOneInput(file, options);
  }
}

async function* readOneInput(path: string, options: ReadNdjsonOptions): AsyncGenerator<NdjsonItem[]> {
  const label = path === STDIN_PATH ? STDIN_LABEL : path;
  const index = indexNameOf(path);
  if (isJsonDocumentFile(path)) {
    yield documentItems(path, label, index);
    return;
  }
  const chunks = openChunks(path, options);
  try {
    const withIds = options.contentIds !== false;
    for await (const lines of linesOf(chunks, options.lineFilter)) yield toItems(lines, label, index, withIds);
  } catch (error) {
    if (isInputProblem(error)) throw inputError("INPUT4002", `cannot read ${label}: ${describeReadError(error)}`, label);
    throw error;
  }
}

/**
 * The raw bytes of one input (plain file, `.gz`, or "-"). A plain file's chunks are views of one reused buffer,
 * valid until the next chunk is asked for.
 */
export function inputChunks(path: string, options: Pick<ReadNdjsonOptions, "stdin" | "chunkSize"> = {}): AsyncIterable<Buffer | string> {
  return openChunks(path, options);
}

function openChunks(path: string, options: ReadNdjsonOptions): AsyncIterable<Buffer | string> {
  if (path === STDIN_PATH) {
    return options.stdin ?? process.stdin;
  }
  if (!/\.gz$/i.test(path) && isRegularFile(path)) return fileChunks(path, options.chunkSize ?? 1 << 20);
  const file = createReadStream(path, { highWaterMark: options.chunkSize ?? 1 << 20 });
  if (!/\.gz$/i.test(path)) return file;
  const gunzip = createGunzip();
  file.on("error", (error) => gunzip.destroy(error));
  return file.pipe(gunzip);
}

/**
 * A plain file's bytes, read into one reused buffer: memory stays flat however large the file (a stream
 * allocates a fresh chunk per read, and those external buffers pile up between garbage collections). Each
 * chunk is a new view of that buffer, valid until the next one is asked for; linesOf decodes every complete
 * line of a chunk and the splitter copies the incomplete rest before reading on.
 */
/** Regular files are read synchronously; pipes, devices and the like through a stream. */
function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return true; // let the read report the problem
  }
}

async function* fileChunks(path: string, chunkSize: number): AsyncGenerator<Buffer> {
  // Synchronous reads: a chunk from the page cache takes far less than the thread-pool round trip of an
  // asynchronous read, during which the process would sit idle. The event loop gets a turn before each further
  // chunk (src/io/event-loop.ts; about a microsecond per MiB read).
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(Math.max(1, chunkSize));
    for (let first = true; ; first = false) {
      if (!first) await eventLoopTurn();
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    closeSync(fd);
  }
}

function isInputProblem(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === "string" && (code.startsWith("E") || code.startsWith("Z_"));
}

function describeReadError(error: unknown): string {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (typeof code === "string" && code.startsWith("Z_")) return `invalid gzip data (${(error as Error).message})`;
  return describeFsError(error);
}

/** Largest `.json` document read whole (bigger ones are read as NDJSON, one event per line). */
const MAX_DOCUMENT_BYTES = 256 << 20;

/**
 * A `.json` file that holds one JSON document spread over lines (an event, or an array of events, as
 * exported or pretty-printed) rather than one event per line: its first non-blank character is `[`, or it is
 * `{` and the first line is not a JSON value on its own. NDJSON saved as `.json` keeps being read line by line.
 */
export function isJsonDocumentFile(path: string): boolean {
  if (path === STDIN_PATH || !/\.json$/i.test(path) || !isRegularFile(path)) return false;
  let head: string;
  try {
    if (statSync(path).size > MAX_DOCUMENT_BYTES) return false;
    const fd = openSync(path, "r");
    try {
      const buf = Buffer.alloc(64 << 10);
      head = buf.toString("utf8", 0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false; // the read reports it
  }
  const text = head.replace(/^\uFEFF/, "");
  const start = text.search(/\S/);
  if (start < 0) return false;
  if (text[start] === "[") return true;
  if (text[start] !== "{") return false;
  const nl = text.indexOf("\n", start);
  if (nl < 0) return false; // one line (or longer than the head): NDJSON reading handles it
  try {
    JSON.parse(text.slice(start, nl));
    return false;
  } catch {
    return true;
  }
}

/** The events of a JSON document file: the document itself, or each element of a top-level array. */
function documentItems(path: string, label: string, index: string): NdjsonItem[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    if (isInputProblem(error)) throw inputError("INPUT4002", `cannot read ${label}: ${describeReadError(error)}`, label);
    return [{ kind: "bad", file: label, line: 1, reason: `invalid JSON document: ${error instanceof Error ? error.message : String(error)}` }];
  }
  // each event as compact JSON text: ids are content hashes of that text, as for the same event on one line
  const elements = Array.isArray(value) ? value : [value];
  return elements.map((element, i) => {
    const item = toItem({ text: JSON.stringify(element) ?? "null", line: i + 1 }, label, index);
    return item.kind === "bad" && Array.isArray(value) ? { ...item, reason: `element ${i + 1} of the array: ${item.reason}` } : item;
  });
}

function toItems(lines: readonly TextLine[], file: string, index: string, withIds: boolean): NdjsonItem[] {
  const out: NdjsonItem[] = new Array<NdjsonItem>(lines.length);
  for (let i = 0; i < lines.length; i++) out[i] = toItem(lines[i]!, file, index, withIds);
  return out;
}

/**
 * Parse one line into an event or a bad-line record. `withId` false: a line without its own `_id` gets ""
 * instead of its content hash (for callers that only look at the document).
 */
export function toItem(line: TextLine, file: string, index: string, withId = true): NdjsonItem {
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (error) {
    return { kind: "bad", file, line: line.line, reason: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isPlainObject(value)) {
    return { kind: "bad", file, line: line.line, reason: `not a JSON object (got ${describeJsonType(value)})` };
  }
  const hit = asSearchHit(value);
  if (hit !== undefined) {
    return { kind: "event", value: hit.source, file, line: line.line, index: hit.index ?? index, id: hit.id };
  }
  return { kind: "event", value, file, line: line.line, index, id: withId ? contentId(line.text) : "", sourceText: line.text };
}

export { contentId };

/**
 * The event's id: its own `_id`, or for a plain line read without ids (`contentIds: false`) the content id
 * of its text, computed now.
 */
export function itemId(item: NdjsonEvent): string {
  return item.id === "" && item.sourceText !== undefined ? contentId(item.sourceText) : item.id;
}

/** The id to give an event record: as `itemId`, but a content id is only computed if the record's id is read. */
export function lazyItemId(item: NdjsonEvent): string | LazyContentId {
  return item.id === "" && item.sourceText !== undefined ? new LazyContentId(item.sourceText) : item.id;
}

function asSearchHit(value: Record<string, unknown>): { source: Record<string, unknown>; id: string; index: string | undefined } | undefined {
  const source = value["_source"];
  const id = value["_id"];
  if (!isPlainObject(source) || typeof id !== "string") return undefined;
  const index = value["_index"];
  return { source, id, index: typeof index === "string" && index !== "" ? index : undefined };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return typeof value;
}
