// # Result limits: request `size` and `| head N` / `| tail N`
//
// Elasticsearch turns the request size into an implicit limit placed *under* the first head/tail pipe
// and of the same kind (so `| tail 2` keeps the last 2 of the last `size`), or into a head when there
// is no pipe. Pipes then apply in order (`| head 4 | tail 2` is the 3rd and 4th result). Every chain
// of heads and tails selects a contiguous slice of the ordered results, which still reads ascending.

import type { CompiledPipe } from "./compiled.js";

export interface LimitOp {
  readonly kind: "head" | "tail";
  readonly count: number;
}

/** The limit chain, innermost first. */
export function limitChain(pipes: readonly CompiledPipe[], size: number): LimitOp[] {
  const first = pipes[0];
  const implicit: LimitOp = { kind: first === undefined ? "head" : first.kind, count: size };
  return [implicit, ...pipes.map((p) => ({ kind: p.kind, count: p.count }))];
}

/** Apply the chain to results in final order. */
export function applyLimits<T>(items: readonly T[], chain: readonly LimitOp[]): T[] {
  let start = 0;
  let end = items.length;
  for (const op of chain) {
    const n = Math.max(0, Math.floor(op.count));
    switch (op.kind) {
      case "head":
        end = Math.min(end, start + n);
        break;
      case "tail":
        start = Math.max(start, end - n);
        break;
      default: {
        const never: never = op.kind;
        throw new Error(`unknown limit ${String(never)}`);
      }
    }
  }
  return items.slice(start, end);
}

/**
 * Results to keep when they arrive in final order. A chain starting with a head never looks past its
 * first count (and, if it has only heads, past the smallest count); a chain starting with a tail only
 * needs the last `count` results.
 */
export function retention(chain: readonly LimitOp[]): { kind: "head" | "tail"; count: number } {
  const first = chain[0];
  if (first === undefined) return { kind: "head", count: Number.POSITIVE_INFINITY };
  const clamp = (n: number): number => Math.max(0, Math.floor(n));
  if (first.kind === "tail") return { kind: "tail", count: clamp(first.count) };
  if (chain.every((op) => op.kind === "head")) return { kind: "head", count: Math.min(...chain.map((op) => clamp(op.count))) };
  return { kind: "head", count: clamp(first.count) };
}
