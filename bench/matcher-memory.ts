// # Sequence matcher memory benchmark (not part of `npm test`)
//
// Streams synthetic events through a 3-stage keyed sequence with maxspan, where most partial matches
// never complete and must expire. Prints peak heap, peak in-flight partials and throughput as JSON.
//
//   node [--expose-gc] dist/bench/matcher-memory.js [events=10000000] [keys=100000] [maxspanMs=5000]
//
// With --expose-gc it also reports the peak heap retained after a full collection (sampled every 1M
// events), which is what the matcher actually holds; plain heapUsed includes garbage not yet collected.

import { SequenceMatcher } from "../src/exec/sequence-matcher.js";
import type { EventRecord } from "../src/exec/event.js";
import type { CompiledSequence, JoinKey, KeyExtractor } from "../src/exec/compiled.js";

const total = Number(process.argv[2] ?? 10_000_000);
const keyCount = Number(process.argv[3] ?? 100_000);
const maxspanMs = Number(process.argv[4] ?? 5_000);

// One JoinKey object per key value, so key extraction does not allocate.
const keyPool: (readonly JoinKey[])[] = Array.from({ length: keyCount }, (_, i) => [{ values: [`host-${i}`], hash: `host-${i}` }]);
const keys: KeyExtractor = (e) => keyPool[e.source["k"] as number] as readonly JoinKey[];
const kindIs = (kind: number) => ({ test: (e: EventRecord) => e.source["kind"] === kind });

const query: CompiledSequence = {
  kind: "sequence",
  stages: [
    { filter: kindIs(0), keys, missing: false },
    { filter: kindIs(1), keys, missing: false },
    { filter: kindIs(2), keys, missing: false },
  ],
  until: null,
  maxspanMs,
  keyCount: 1,
  pipes: [],
};

// Deterministic pseudo-random stream (xorshift32): 1 event per ms on average, keys spread uniformly;
// stage-0 events are frequent, stage-1 rarer, stage-2 rare, so most partials time out.
let state = 0x9e3779b9;
function rnd(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x100000000;
}

const matcher = new SequenceMatcher(query);
let matches = 0;
let peakHeap = 0;
let peakRetained = 0;
const gc = (globalThis as { gc?: () => void }).gc;
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const baseMs = 1_700_000_000_000;
for (let i = 0; i < total; i++) {
  const r = rnd();
  const kind = r < 0.6 ? 0 : r < 0.9 ? 1 : r < 0.97 ? 2 : 3;
  const e: EventRecord = {
    source: { kind, k: Math.floor(rnd() * keyCount) },
    index: "bench",
    id: "",
    tsMs: baseMs + i,
    tsNs: 0,
    tiebreaker: null,
    seq: i,
  };
  matcher.push(e);
  if ((i & 0xffff) === 0) {
    matches += matcher.take().length;
    const heap = process.memoryUsage().heapUsed;
    if (heap > peakHeap) peakHeap = heap;
  }
  if (gc !== undefined && i % 1_000_000 === 999_999) {
    gc();
    const retained = process.memoryUsage().heapUsed;
    if (retained > peakRetained) peakRetained = retained;
  }
}
matcher.flush();
matches += matcher.take().length;
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const heap = process.memoryUsage().heapUsed;
if (heap > peakHeap) peakHeap = heap;

console.log(
  JSON.stringify(
    {
      events: total,
      keys: keyCount,
      stages: 3,
      maxspanMs,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(total / seconds),
      cpuSeconds: Number(cpuSeconds.toFixed(2)),
      eventsPerCpuSecond: Math.round(total / cpuSeconds),
      peakHeapMB: Number((peakHeap / 1048576).toFixed(1)),
      ...(gc !== undefined ? { peakRetainedHeapMB: Number((peakRetained / 1048576).toFixed(1)) } : {}),
      peakInFlight: matcher.stats.peakInFlight,
      finalInFlight: matcher.stats.inFlight,
      matches,
      rejectedByMaxspan: matcher.stats.rejectedByMaxspan,
    },
    null,
    2,
  ),
);
