// Inputs for the fuzz tests: seeded random token soup and mutations of real queries (the seeds below and,
// when ../shared is present, the conformance and rule corpus queries). Deterministic for a given seed.

import { loadCorpus } from "./corpus.js";
import { sharedDir } from "./helpers.js";

/** mulberry32: a small seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SEEDS: readonly string[] = [
  'process where process.name == "cmd.exe" and not (a or b) | head 5',
  'sequence by host.id with maxspan=5m [process where x : ("a*", "b")] by p ![file where true] with runs=2 until [any where ?y in~ (1, 2)]',
  'sample by host [a where -5 * 2 > startsWith~(x, "y")] [b where x not in (1, 2.5e3)]',
  'any where `a.b`.`c``d` like~ """raw\\""" or f(a, b) regex "x.*" /* c */ // d\n and @timestamp >= 1',
  'file where "\\u{41}\\t\\"" != a.b.c % 3 - -1',
];

const TOKENS: readonly string[] = [
  "(", ")", "[", "]", "![", ",", ".", "|", "?", ":", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%",
  "and", "or", "not", "in", "in~", "like", "like~", "regex", "regex~", "where", "any", "by", "with", "maxspan", "runs",
  "sequence", "sample", "until", "join", "true", "false", "null", "head", "tail", "of", "fork", "5", "1.5", ".5", "1e9",
  '"s"', '"""r"""', "'q'", '?"x"', "`b`", "`", '"', "\\", "~", "f~", "x", "@t", "/*", "*/", "//", "\n", " ", "\t",
  "\u00e9", "\u{1F600}", "\uD800", "\u0000", "\r",
];

export function mutate(text: string, r: () => number): string {
  let s = text;
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const pos = Math.floor(r() * (s.length + 1));
    const op = Math.floor(r() * 6);
    if (op === 0) s = s.slice(0, pos) + s.slice(pos + 1 + Math.floor(r() * 3));
    else if (op === 1) s = s.slice(0, pos) + String.fromCharCode(Math.floor(r() * 128)) + s.slice(pos);
    else if (op === 2) s = s.slice(0, pos) + s.slice(pos, pos + 1 + Math.floor(r() * 8)) + s.slice(pos);
    else if (op === 3) s = s.slice(0, pos) + (TOKENS[Math.floor(r() * TOKENS.length)] as string) + s.slice(pos);
    else if (op === 4) s = s.slice(0, pos) + " " + (TOKENS[Math.floor(r() * TOKENS.length)] as string) + " " + s.slice(pos);
    else {
      const a = Math.floor(r() * s.length);
      s = s.slice(0, a) + s.slice(pos) + s.slice(a, pos);
    }
  }
  return s;
}

export function tokenSoup(r: () => number): string {
  const n = Math.floor(r() * 30);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(TOKENS[Math.floor(r() * TOKENS.length)] as string);
  return parts.join(r() < 0.5 ? " " : "");
}

/**
 * `count` query texts from `seed`: every fifth is token soup, the others mutate a seed or corpus query (short
 * ones mostly, a few large ones too).
 */
export function fuzzInputs(seed: number, count: number): string[] {
  const shared = sharedDir();
  const corpus = shared === null ? [] : loadCorpus(shared).map((c) => c.query);
  const pool = [...SEEDS, ...corpus.filter((q) => q.length < 3000)];
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(i % 5 === 4 ? tokenSoup(r) : mutate(pool[Math.floor(r() * pool.length)] as string, r));
  return out;
}
