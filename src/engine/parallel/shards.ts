// # Rule shards: which worker runs which rules
//
// The rules (in load order) are cut into contiguous blocks, and blocks are dealt to workers in turn
// (block b → worker b mod N). Each block is one Engine in its worker, so the results of a block are the
// single-worker engine's results for those rules, in the same order; concatenating blocks in block order
// gives back the single-worker order of alerts, summaries, compile failures and warnings.
//
// Block size: more blocks per worker would spread heavy rule folders (windows/ …) over the workers, but each
// block is a separate engine (dispatch index, per-event checks), and on the prebuilt pack over generated
// Defend data 4 blocks per worker cost ~10–30% more CPU than 1 while one contiguous half each was already
// balanced within ~15% (worker match times 7.5 s vs 8.7 s, noisy shared machine). So: one block per worker.

import type { RuleSpec } from "../../rules/model.js";
import type { ExceptionSet } from "../../rules/exception-model.js";

/** Blocks per worker: enough to spread heavy rule folders, few enough that per-block dispatch stays cheap. */
export const BLOCKS_PER_WORKER = 1;

export interface RuleBlock {
  /** Position of the block in load order. */
  readonly index: number;
  /** Index in the full rule list of the block's first rule. */
  readonly first: number;
  readonly rules: readonly RuleSpec[];
}

/**
 * Contiguous, non-empty blocks covering `rules` in order: `workers × perWorker` of them (fewer for few rules),
 * cut where the running total of `weight` (estimated cost, default 1 per rule) passes each equal share.
 */
export function planBlocks(rules: readonly RuleSpec[], workers: number, perWorker = BLOCKS_PER_WORKER, weight: (rule: RuleSpec) => number = () => 1): RuleBlock[] {
  const count = Math.min(rules.length, Math.max(1, workers) * Math.max(1, perWorker));
  const weights = rules.map((r) => Math.max(0, weight(r)));
  const total = weights.reduce((a, b) => a + b, 0);
  const blocks: RuleBlock[] = [];
  let first = 0;
  let sum = 0;
  for (let b = 0; b < count; b++) {
    const left = count - b - 1; // blocks still to fill after this one, one rule each at least
    let end = first + 1;
    sum += weights[first] ?? 0;
    const target = (total * (b + 1)) / count;
    while (end < rules.length - left && (b === count - 1 || sum + (weights[end] ?? 0) / 2 <= target)) sum += weights[end++] ?? 0;
    blocks.push({ index: b, first, rules: rules.slice(first, end) });
    first = end;
  }
  return blocks;
}

/** The blocks worker `w` of `workers` runs, in block order. */
export function blocksOfWorker<T extends { readonly index: number }>(blocks: readonly T[], w: number, workers: number): T[] {
  return blocks.filter((b) => b.index % workers === w);
}

function listKey(namespaceType: string, listId: string): string {
  return `${namespaceType}\u0000${listId}`;
}

/**
 * The exception set a block's engine gets. An Engine applies the items of lists that none of *its* rules
 * reference to every one of its rules (src/engine/prepare.ts unreferencedExceptionItems). For a block that
 * must mean "referenced by no rule of the whole run", so the block gets only the items of lists its own rules
 * reference plus the items of lists no rule references at all: then the block's unreferenced items are
 * exactly the run's.
 */
export function blockExceptions(all: readonly RuleSpec[], block: readonly RuleSpec[], set: ExceptionSet): ExceptionSet {
  const anywhere = new Set<string>();
  for (const rule of all) for (const ref of rule.exceptionsList) anywhere.add(listKey(ref.namespaceType, ref.listId));
  const here = new Set<string>();
  for (const rule of block) for (const ref of rule.exceptionsList) here.add(listKey(ref.namespaceType, ref.listId));
  const items = set.items.filter((item) => {
    const key = listKey(item.namespaceType, item.listId);
    return here.has(key) || !anywhere.has(key);
  });
  return { lists: set.lists, items };
}
