// # Alerts decided before the end of input, held until they are written
//
// `sequent run` writes alerts rule by rule (load order), but a rule's matches are decided while the events
// stream by. Held until the end, the matched events of a run over the whole rule pack grow with its input
// (1.06 GB peak RSS at 500,000 generated events). Each rule therefore hands its final matches to a bucket;
// the buckets of one spill share a budget of matched events held in memory. Past it, every bucket builds the
// alert documents of the matches it holds and appends them, serialized, to one temporary file (a segment per
// bucket), and lets go of the events. At the end each bucket gives its matches back in order: its segments,
// read back from the file, then the matches still held, built then. Runs within the budget never touch the
// disk and build their alerts at the end, as they would without a spill. (Building every alert as soon as its
// match is decided was tried: about 30% slower on the whole rule pack, because the documents outlive the
// young generation of the garbage collector.)
//
// Text format: per match a line with its number of documents, then one line per document: the JSON array
// [_id, _index], a tab, and the `_source` JSON (JSON text holds no raw tab or newline). Documents read back
// keep that text (`sourceJson`, not enumerable), so a text sink writes it as it is; `_source` is parsed on
// first use. Sinks serialize each document anyway, so spilling costs no extra serialization.

import { closeSync, openSync, readSync, writeSync } from "node:fs";
import type { AlertDoc } from "./build.js";
import { alertSourceJson } from "./build.js";
import type { Doc } from "./paths.js";
import { TempDir } from "../io/runs.js";

/** Matched events all buckets of a spill hold in memory before their alerts are written to disk. */
export const DEFAULT_MATCHED_EVENTS_IN_MEMORY = 16384;

export interface AlertSpillOptions {
  /** Matched events held before spilling (default DEFAULT_MATCHED_EVENTS_IN_MEMORY; 0 spills every match). */
  readonly maxInMemory?: number;
  readonly tmpDir?: string;
}

/**
 * The spill of a run with these options: none with Kibana's scheduled windows (their runners keep per-run
 * state), the one given, or a new one that the caller owns and disposes of.
 */
export function spillFor(options: { readonly windows?: unknown; readonly alertSpill?: AlertSpill; readonly matchedEventsInMemory?: number }): {
  spill: AlertSpill | null;
  owned: boolean;
} {
  if (options.windows !== undefined) return { spill: null, owned: false };
  if (options.alertSpill !== undefined) return { spill: options.alertSpill, owned: false };
  return { spill: new AlertSpill(options.matchedEventsInMemory !== undefined ? { maxInMemory: options.matchedEventsInMemory } : {}), owned: true };
}

/** What a spill asks of its buckets. */
interface Spillable {
  /** Move what it holds to the file (a bucket that cannot keeps its matches outside the budget). */
  spill(): void;
  clear(): void;
}

/** Segments are cut at about this many bytes (whole matches), so reading one back takes a bounded buffer. */
const SEGMENT_BYTES = 1 << 20;

interface Segment {
  readonly offset: number;
  readonly bytes: number;
}

export class AlertSpill {
  private readonly buckets = new Set<Spillable>();
  private readonly maxInMemory: number;
  private readonly temp: TempDir;
  private fd: number | null = null;
  private size = 0;
  private held = 0;
  private spills = 0;
  /** Text on its way to the file, and a buffer segments are read back into. */
  private staging: Buffer | null = null;
  private staged = 0;
  private scratch = Buffer.allocUnsafe(0);

  constructor(options: AlertSpillOptions = {}) {
    this.maxInMemory = Math.max(0, options.maxInMemory ?? DEFAULT_MATCHED_EVENTS_IN_MEMORY);
    this.temp = new TempDir(options.tmpDir, "sequent-alerts-");
  }

  /**
   * A new, empty bucket (one per rule runner) for results of type T: `build` makes a result's alert documents,
   * `weight` counts the events it holds.
   */
  bucket<T>(build: (result: T) => readonly AlertDoc[], weight: (result: T) => number): AlertBucket<T> {
    const b = new AlertBucket<T>(this, build, weight);
    this.buckets.add(b);
    return b;
  }

  /** Times the text held in memory was written to disk. */
  get spilled(): number {
    return this.spills;
  }

  /** Close and remove the temporary file; every bucket is empty afterwards. */
  dispose(): void {
    for (const b of this.buckets) b.clear();
    this.buckets.clear();
    this.held = 0;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.size = 0;
    this.temp.dispose();
  }

  /** @internal A bucket leaves (after handing back what it held). */
  forget(bucket: Spillable): void {
    this.buckets.delete(bucket);
  }

  /** @internal A bucket now holds `events` more (fewer, when negative) matched events. */
  holds(events: number): void {
    this.held += events;
    if (this.held > this.maxInMemory) {
      for (const b of this.buckets) b.spill();
      this.flush();
      this.held = 0;
      this.spills++;
    }
  }

  /** @internal Where the next appended text starts in the file. */
  get position(): number {
    return this.size + this.staged;
  }

  /** @internal Append `text` to the file (through a staging buffer reused for every write). */
  append(text: string): void {
    const staging = (this.staging ??= Buffer.allocUnsafe(SEGMENT_BYTES));
    const bytes = Buffer.byteLength(text, "utf8");
    if (this.staged + bytes > staging.length) this.flush();
    if (bytes > staging.length) {
      this.writeOut(Buffer.from(text, "utf8"), bytes);
      return;
    }
    staging.write(text, this.staged, "utf8");
    this.staged += bytes;
  }

  /** @internal Forget what was appended from `position` on (it is overwritten by what comes next). */
  rewind(position: number): void {
    if (position >= this.size) {
      this.staged = position - this.size;
    } else {
      this.staged = 0;
      this.size = position;
    }
  }

  /** @internal Write out what is staged. */
  flush(): void {
    if (this.staged === 0 || this.staging === null) return;
    this.writeOut(this.staging, this.staged);
    this.staged = 0;
  }

  /** @internal The text of a segment written (and flushed) earlier, read into a scratch buffer. */
  read(segment: Segment): string {
    this.flush();
    if (this.scratch.length < segment.bytes) this.scratch = Buffer.allocUnsafe(segment.bytes);
    const buf = this.scratch;
    let done = 0;
    while (done < segment.bytes) {
      const n = readSync(this.fd!, buf, done, segment.bytes - done, segment.offset + done);
      if (n === 0) throw new Error("temporary alert file is shorter than written");
      done += n;
    }
    return buf.toString("utf8", 0, segment.bytes);
  }

  private writeOut(data: Buffer, bytes: number): void {
    if (this.fd === null) this.fd = openSync(this.temp.nextFile(".ndjson"), "w+");
    let done = 0;
    while (done < bytes) done += writeSync(this.fd, data, done, bytes - done, this.size + done);
    this.size += bytes;
  }
}

/** Appends one match's documents (each `_source` text as it is: joining them first would copy it once more). */
function appendMatch(spill: AlertSpill, docs: readonly AlertDoc[]): void {
  spill.append(`${docs.length}\n`);
  for (const d of docs) {
    spill.append(`${JSON.stringify([d._id, d._index])}\t`);
    spill.append(alertSourceJson(d));
    spill.append("\n");
  }
}

/**
 * An alert document read back from its text: `_source` is parsed on first use. It serializes (JSON.stringify)
 * as a plain AlertDoc would.
 */
class SpilledAlert implements AlertDoc {
  readonly #json: string;
  #parsed: Doc | undefined;

  constructor(
    readonly _id: string,
    readonly _index: string,
    json: string,
  ) {
    this.#json = json;
  }

  get sourceJson(): string {
    return this.#json;
  }

  get _source(): Doc {
    return (this.#parsed ??= JSON.parse(this.#json) as Doc);
  }

  toJSON(): { _id: string; _index: string; _source: Doc } {
    return { _id: this._id, _index: this._index, _source: this._source };
  }
}

/** An alert document from its text line. */
function decodeDoc(line: string): AlertDoc {
  const tab = line.indexOf("\t");
  const [id, index] = JSON.parse(line.slice(0, tab)) as [string, string];
  return new SpilledAlert(id, index, line.slice(tab + 1));
}

/** The matches in `text` (written by appendMatch), each as its documents. */
function* decodeMatches(text: string): Generator<AlertDoc[]> {
  let start = 0;
  const line = (): string => {
    const end = text.indexOf("\n", start);
    const l = text.slice(start, end);
    start = end + 1;
    return l;
  };
  while (start < text.length) {
    const n = Number(line());
    const docs: AlertDoc[] = [];
    for (let i = 0; i < n; i++) docs.push(decodeDoc(line()));
    yield docs;
  }
}

/** One rule's matches, in the order they were added, and what they become: alert documents. */
export class AlertBucket<T> implements Spillable {
  /** Matches held in memory, and the events they hold. */
  private held: T[] = [];
  private heldEvents = 0;
  private readonly segments: Segment[] = [];
  private total = 0;
  /** Building an alert threw while spilling: the bucket keeps its matches in memory, outside the budget. */
  private unspillable = false;

  constructor(
    private readonly owner: AlertSpill,
    private readonly build: (result: T) => readonly AlertDoc[],
    private readonly weight: (result: T) => number,
  ) {}

  /** Matches added so far. */
  get count(): number {
    return this.total;
  }

  /** A final match (its alerts are built when the bucket spills or at the end). */
  add(result: T): void {
    const w = this.weight(result);
    this.held.push(result);
    this.total++;
    if (this.unspillable) return;
    this.heldEvents += w;
    this.owner.holds(w);
  }

  /**
   * Every match's alert documents in order, `size` matches per batch (their documents flattened, with the
   * number of matches); the bucket is empty afterwards. Spilled segments are read back one at a time, held
   * matches built a batch at a time.
   */
  *batches(size: number): Generator<{ docs: AlertDoc[]; matches: number }> {
    const per = Math.max(1, size);
    let docs: AlertDoc[] = [];
    let matches = 0;
    for (const segment of this.segments.splice(0)) {
      for (const one of decodeMatches(this.owner.read(segment))) {
        for (const d of one) docs.push(d);
        if (++matches >= per) {
          yield { docs, matches };
          docs = [];
          matches = 0;
        }
      }
    }
    const held = this.takeHeld();
    for (let i = 0; i < held.length; i++) {
      for (const d of this.build(held[i]!)) docs.push(d);
      held[i] = undefined as T; // built: the events may go
      if (++matches >= per) {
        yield { docs, matches };
        docs = [];
        matches = 0;
      }
    }
    if (matches > 0) yield { docs, matches };
    this.total = 0;
  }

  /** Drop everything and leave the spill (a runner started over). */
  discard(): void {
    this.clear();
    this.owner.forget(this);
  }

  /** @internal */
  clear(): void {
    this.takeHeld();
    this.segments.length = 0;
    this.total = 0;
    this.unspillable = false;
  }

  /**
   * @internal Build the held matches' alerts and move them to the spill's file. When building an alert throws, the bucket keeps every match in memory from then
   * on, outside the budget, and the error comes up when this rule's alerts are built at the end, as it would
   * without a spill (and not in whichever rule's match happened to fill the budget).
   */
  spill(): void {
    if (this.held.length === 0 || this.unspillable) return;
    const owner = this.owner;
    const first = owner.position;
    const segmentsBefore = this.segments.length;
    let start = first;
    try {
      // one match at a time: the documents of a whole bucket would not fit the memory the spill is there to save
      for (const r of this.held) {
        appendMatch(owner, this.build(r));
        const end = owner.position;
        if (end - start >= SEGMENT_BYTES) {
          this.segments.push({ offset: start, bytes: end - start });
          start = end;
        }
      }
    } catch {
      owner.rewind(first);
      this.segments.length = segmentsBefore;
      this.unspillable = true;
      this.heldEvents = 0;
      return;
    }
    if (owner.position > start) this.segments.push({ offset: start, bytes: owner.position - start });
    this.held = [];
    this.heldEvents = 0;
  }

  private takeHeld(): T[] {
    const taken = this.held;
    this.owner.holds(-this.heldEvents);
    this.held = [];
    this.heldEvents = 0;
    return taken;
  }
}
