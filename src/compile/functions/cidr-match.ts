// # cidrMatch(ip, block, …)
//
// True when the address lies in any of the constant blocks (`10.0.0.0/8`, `::1`, `FE80::/10`); null when the
// address is null (or not an IP address, see cidr.ts). A malformed block is an error.

import { compileCidrMatcher } from "../cidr.js";
import { EvalError } from "./eval-error.js";
import { PatternError } from "./pattern-error.js";
import { requireString } from "./java.js";
import type { FunctionDef, ScalarValue } from "./types.js";

type Matcher = (value: string) => boolean | null;

// Blocks are constants, so each distinct list is compiled once (bounded, for long runs over many rules).
const compiled = new Map<string, Matcher>();
const MAX_CACHED = 1024;

function matcherFor(blocks: readonly (string | null)[]): Matcher {
  const key = blocks.map((b) => (b === null ? "\u0000" : b)).join("\u0001");
  let m = compiled.get(key);
  if (m === undefined) {
    try {
      m = compileCidrMatcher(blocks);
    } catch (e) {
      if (e instanceof PatternError) throw new EvalError(e.message);
      throw e;
    }
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(key, m);
  }
  return m;
}

function evaluate(args: readonly ScalarValue[]): ScalarValue {
  const value = requireString(args[0] ?? null);
  if (value === null) return null;
  const blocks = args.slice(1).map(requireString);
  return matcherFor(blocks)(value);
}

export const cidrMatch: FunctionDef = {
  name: "cidrMatch",
  minArgs: 2,
  maxArgs: Infinity,
  allowsCaseInsensitive: false,
  argKinds: ["ip", "literal-string"],
  resultType: () => "boolean",
  evaluate,
};
