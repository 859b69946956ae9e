// # Rule shards: which worker runs which rules
//
// The rules (in load order) are cut into contiguous blocks, and blocks are dealt to workers in turn
// (block b → worker b mod N). Each block is one Engine in its worker, so the results of a block are the
// single-worker engine's results for those rules, in the same order; concatenating blocks in block order
// gives back the single-worker order of alerts, summaries, compile failures and warnings. Dealing several
// blocks per worker, rather than one half each, balances the work: rule folders (windows/, linux/ …) differ
// a lot in how many events reach their rules, and each worker gets blocks from everywhere.

import type { RuleSpec } from "../../rules/model.js";
import type { ExceptionSet } from "../../rules/exception-model.js";

/** Blocks per worker: enough to spread heavy rule folders, few enough that per-block dispatch stays cheap. */
export const BLOCKS_PER_WORKER = 4;

export interface RuleBlock {
  /** Position of the block in load order. */
  readonly index: number;
  /** Index in the full rule list of the block's first rule. */
  readonly first: number;
  readonly rules: readonly RuleSpec[];
}

/** Contiguous, non-empty blocks covering `rules` in order: about `workers × BLOCKS_PER_WORKER` of them. */
export function planBlocks(rules: readonly RuleSpec[], workers: number): RuleBlock[] {
  const count = Math.min(rules.length, Math.max(1, workers) * BLOCKS_PER_WORKER);
  const blocks: RuleBlock[] = [];
  for (let b = 0; b < count; b++) {
    const first = Math.floor((b * rules.length) / count);
    const end = Math.floor(((b + 1) * rules.length) / count);
    blocks.push({ index: b, first, rules: rules.slice(first, end) });
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
