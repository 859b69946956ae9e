// # Screening worker of `sequent run --workers N` (event-parallel mode, see scatter.ts)
//
// Compiles every rule, then for each block of lines it is sent: splits and parses the lines (after the rules'
// raw-byte prefilter: built by the first worker from the first lines it reads, and relayed to the others, which
// parse every line until then), and asks its engine which rules each event must reach (`Engine.screen`: dispatch,
// index patterns, rule filters, exceptions, and some filter of the query accepting the event). It never runs a
// matcher: it answers with the lines that some rule can use, which the parent parses again and matches.

import { parentPort } from "node:worker_threads";
import { createEngine, type Engine } from "../engine.js";
import { LineSplitter, type LineFilter } from "../../io/lines.js";
import { toItem, type NdjsonBadLine } from "../../io/ndjson.js";
import { indexNameOf } from "../../io/inputs.js";
import { eventIndices } from "../route.js";
import { blockwise, enginePrefilter, prefilterInfo } from "../feed.js";
import type { RecordFactory } from "../../event/record.js";
import { toPortableError } from "./protocol.js";
import { describeCompiled, type CompiledRuleSet } from "./lazy-rules.js";
import type { FromScreenWorker, ScreenBlock, ScreenHit, ScreenInit, ScreenPrefilter, ScreenedBlock, ToScreenWorker } from "./screen-protocol.js";
import { literalMatcher } from "../../compile/prefilter.js";

function send(message: FromScreenWorker): void {
  parentPort!.postMessage(message);
}

class Screener {
  private readonly engine: Engine;
  private readonly factories: RecordFactory[];
  private readonly out: number[] = [];
  private readonly outVerdicts: number[] = [];
  /** Lines kept to choose the prefilter's literals (null once built, or when off). */
  private sample: Buffer[] | null;
  private prefilter: LineFilter | null = null;
  private prefilterInfo: ScreenedBlock["prefilter"] = null;
  private lines = 0;
  private parsed = 0;
  private readonly filter: LineFilter;

  constructor(private readonly init: ScreenInit) {
    this.engine = createEngine(init.rules, { ...init.engine, ...(init.exceptions !== undefined ? { exceptions: init.exceptions } : {}) });
    this.factories = this.engine.orderings.map((_, o) => this.engine.recordFactory(o));
    this.sample = init.prefilter === "sample" ? [] : null;
    this.filter = (buf, start, end) => {
      this.lines++;
      if (this.prefilter !== null) {
        if (!this.prefilter(buf, start, end)) return false;
      } else if (this.sample !== null) {
        this.sample.push(Buffer.from(buf.subarray(start, end)));
        if (this.sample.length >= Math.max(1, this.init.sampleLines)) this.buildPrefilter();
      }
      this.parsed++;
      return true;
    };
  }

  private buildPrefilter(): void {
    const pf = enginePrefilter(this.engine, this.sample!);
    this.sample = null;
    this.prefilterInfo = prefilterInfo(this.engine, pf);
    if (!pf.passAll) this.prefilter = blockwise(pf.forEachCandidate);
    // the other workers use the same literals (sound for the same rules, whatever sample chose them)
    send({ type: "prefilter", literals: pf.passAll ? null : pf.literals, info: this.prefilterInfo });
  }

  /** The prefilter another worker built (same rules): its literals, or null to keep parsing every line. */
  usePrefilter(message: ScreenPrefilter): void {
    this.prefilterInfo = message.info;
    if (message.literals !== null) this.prefilter = blockwise(literalMatcher(message.literals).forEachCandidate);
  }

  screen(block: ScreenBlock): ScreenedBlock {
    this.lines = 0;
    this.parsed = 0;
    const buf = Buffer.from(block.bytes.buffer, block.bytes.byteOffset, block.bytes.byteLength);
    const splitter = new LineSplitter(this.filter, block.atFileStart);
    const lines = splitter.push(buf);
    for (const rest of splitter.end()) lines.push(rest);
    const fileIndex = indexNameOf(block.path);
    const shift = block.firstLine - 1;
    const bad: NdjsonBadLine[] = [];
    const hits: ScreenHit[] = [];
    const n = this.factories.length;
    const out = this.out;
    const outVerdicts = this.outVerdicts;
    let events = 0;
    for (const line of lines) {
      const item = toItem(line, block.label, fileIndex, false);
      if (item.kind === "bad") {
        bad.push({ ...item, line: item.line + shift });
        continue;
      }
      events++;
      const idx = eventIndices(item.value, item.index !== fileIndex ? item.index : undefined, fileIndex);
      let rules: number[][] | null = null;
      let verdicts: number[][] | null = null;
      let order: [number, number, number | string | null][] | null = null;
      for (let o = 0; o < n; o++) {
        out.length = 0;
        outVerdicts.length = 0;
        const record = this.factories[o]!(item.value, idx.alert, item.id, 0);
        this.engine.screen(o, record, idx.route, out, outVerdicts);
        if (out.length === 0) continue;
        rules ??= Array.from({ length: n }, () => []);
        verdicts ??= Array.from({ length: n }, () => []);
        order ??= Array.from({ length: n }, (): [number, number, number | string | null] => [Number.NaN, 0, null]);
        rules[o] = out.slice();
        verdicts[o] = outVerdicts.slice();
        order[o] = [record.tsMs, record.tsNs, record.tiebreaker];
      }
      if (rules !== null && verdicts !== null && order !== null) {
        hits.push({ line: line.line + shift, text: line.text, id: item.sourceText !== undefined ? null : item.id, rules, verdicts, order, route: idx.route, alert: idx.alert });
      }
    }
    return { lines: this.lines, parsed: this.parsed, events, bad, hits, prefilter: this.prefilterInfo };
  }

  reset(): void {
    this.engine.reset();
  }

  compiled(): CompiledRuleSet {
    return describeCompiled(this.engine, this.init.rules);
  }

  counts(): { seen: number[]; excepted: number[] } {
    return this.engine.counts();
  }
}

let screener: Screener | null = null;

function handle(message: ToScreenWorker): void {
  switch (message.type) {
    case "init": {
      const t0 = performance.now();
      screener = new Screener(message);
      send({ type: "ready", ms: performance.now() - t0, compiled: screener.compiled() });
      return;
    }
    case "block":
      send({ type: "screened", block: screener!.screen(message) });
      return;
    case "reset":
      screener!.reset();
      return;
    case "prefilter":
      screener!.usePrefilter(message);
      return;
    case "end": {
      const { seen, excepted } = screener!.counts();
      send({ type: "counts", seen, excepted });
      return;
    }
  }
}

if (parentPort !== null) {
  parentPort.on("message", (message: ToScreenWorker) => {
    try {
      handle(message);
    } catch (error) {
      send({ type: "error", error: toPortableError(error) });
    }
  });
}
