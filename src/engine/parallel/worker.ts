// # Worker thread of `sequent run --workers N`
//
// Compiles its rule blocks (one Engine each), reports the compile outcome, reads the whole input itself
// (reading and parsing are cheap next to running hundreds of rules, and no events cross threads), feeds its
// engines and sends back alerts and summaries per block. Exactly one worker reports bad lines and the
// event count, as they are read.
//
// One block (the default): the single-thread feed (src/engine/feed.ts: streaming, raw-byte prefilter of the
// worker's own rules — sound for them). The reporting worker runs without prefilter, so it validates every
// line: its bad lines and event count are those of a single-thread run whose prefilter skips nothing (the
// case for large rule sets). Several blocks: one sort per ordering shared by the blocks (./feed.ts).

import { parentPort } from "node:worker_threads";
import { createEngine, type Engine } from "../engine.js";
import { plainAlert } from "../../alerts/build.js";
import { Spool } from "../../io/spool.js";
import { inputEventCodec } from "../../io/events.js";
import { readNdjsonBatches, type NdjsonBadLine, type NdjsonEvent } from "../../io/ndjson.js";
import { feedInputs } from "../feed.js";
import { feedEngines } from "./feed.js";
import { toPortableError, type CompiledBlock, type FinishedBlock, type WorkerInit, type WorkerMessage } from "./protocol.js";

function send(message: WorkerMessage): void {
  parentPort!.postMessage(message);
}

async function runWorker(init: WorkerInit): Promise<void> {
  const t0 = performance.now();
  const engines: Engine[] = [];
  const compiled: CompiledBlock[] = [];
  for (const block of init.blocks) {
    const engine = createEngine(block.rules, { ...init.engine, ...(block.exceptions !== undefined ? { exceptions: block.exceptions } : {}) });
    engines.push(engine);
    compiled.push({ index: block.index, ruleCount: engine.ruleCount, failures: engine.failures, warnings: engine.warnings });
  }
  send({ type: "compiled", blocks: compiled });
  const t1 = performance.now();
  if (engines.length === 1) {
    const engine = engines[0]!;
    const stats = await feedInputs(engine, init.inputs, {
      sortBuffer: init.sortBuffer,
      prefilter: !init.reportsInput,
      ...(init.reportsInput ? { onBadLine: (bad: NdjsonBadLine) => send({ type: "bad", lines: [bad] }) } : {}),
    });
    const result = engine.finish();
    // streaming interleaves reading and matching: both are counted as matching
    const timing = { compileMs: t1 - t0, readMs: 0, matchMs: performance.now() - t1 };
    send({ type: "done", events: stats.lines - stats.badLines, blocks: [{ index: init.blocks[0]!.index, alerts: result.alerts.map(plainAlert), summaries: result.summaries }], timing });
    return;
  }

  const spool = new Spool<NdjsonEvent>({ codec: inputEventCodec, maxInMemory: init.sortBuffer });
  try {
    let events = 0;
    for await (const batch of readNdjsonBatches(init.inputs)) {
      let bad: NdjsonBadLine[] | undefined;
      for (const item of batch) {
        if (item.kind === "event") {
          spool.add(item);
          events++;
        } else if (init.reportsInput) (bad ??= []).push(item);
      }
      if (bad !== undefined) send({ type: "bad", lines: bad });
    }
    const t2 = performance.now();
    feedEngines(engines, spool, init.sortBuffer);
    const finished: FinishedBlock[] = engines.map((engine, i) => {
      const result = engine.finish();
      return { index: init.blocks[i]!.index, alerts: result.alerts.map(plainAlert), summaries: result.summaries };
    });
    const timing = { compileMs: t1 - t0, readMs: t2 - t1, matchMs: performance.now() - t2 };
    send({ type: "done", events, blocks: finished, timing });
  } finally {
    spool.dispose();
  }
}

if (parentPort !== null) {
  parentPort.once("message", (init: WorkerInit) => {
    runWorker(init).catch((error: unknown) => send({ type: "error", error: toPortableError(error) }));
  });
}
