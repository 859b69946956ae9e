import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ArrivalKeeper, SortingKeeper } from "../../src/exec/keeper.js";
import { applyLimits, limitChain, retention } from "../../src/exec/limits.js";

const byNumber = (a: number, b: number): number => a - b;

test("keepers hold just what the limit chain selects", () => {
  const pipes = fc.array(fc.record({ kind: fc.constantFrom<"head" | "tail">("head", "tail"), count: fc.integer({ min: 0, max: 300 }) }), { maxLength: 3 });
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 2000 }), pipes, fc.integer({ min: 0, max: 400 }), (items, ps, size) => {
      const chain = limitChain(ps, size);
      const sorted = [...items].sort(byNumber);
      const expected = applyLimits(sorted, chain);
      const sorting = new SortingKeeper<number>(retention(chain), byNumber);
      for (const x of items) sorting.add(x);
      assert.deepEqual(applyLimits(sorting.drain(), chain.slice(1)), expected);
      const arrival = new ArrivalKeeper<number>(retention(chain));
      for (const x of sorted) arrival.add(x);
      assert.deepEqual(applyLimits(arrival.drain(), chain.slice(1)), expected);
    }),
    { numRuns: 300, seed: 5 },
  );
});
