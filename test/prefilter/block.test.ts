// forEachCandidate (whole-block scan) visits exactly the lines mayMatch accepts, in order.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { buildPrefilter } from "../../src/compile/prefilter.js";
import * as b from "./ast-builders.js";
import type { Query } from "../../src/eql/ast.js";

const WORDS = ["exec", "macos", "Exec", "process", "network", "x", "\\u0041", "\\\\u", "\\/", "é", " ", ":", "\"", "\\\\"];
const piece = fc.array(fc.constantFrom(...WORDS), { maxLength: 5 }).map((w) => w.join(""));
const line = fc.oneof(
  fc.tuple(piece, piece).map(([k, v]) => `{"${k}":"${v}"}`),
  fc.tuple(piece, piece).map(([k, v]) => `{"event":{"category":["${k}"],"action":"${v}"}}`),
  fc.tuple(piece, piece).map(([k, v]) => `{"${k}" : {"name":"${v}"}}\r`),
  fc.constant(""),
);

const queries: Query[] = [
  b.eventQuery("process", b.eq("event.action", "exec")),
  b.eventQuery(null, b.match("like", "process.name", ["mac*"], false)),
  b.sequence([{ filter: b.filter("process", b.eq("host.os.type", "macos")) }, { filter: b.filter("network", b.eq("event.action", "exec")) }]),
  b.eventQuery(null, b.match(":", "process.name", ["*EXEC*"], true)),
];

test("forEachCandidate agrees with mayMatch line by line (both strategies)", () => {
  fc.assert(
    fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom(...queries), fc.boolean(), fc.nat(3), (lines, q, force, pad) => {
      const pf = buildPrefilter([q], { forceAutomaton: force });
      const text = "x".repeat(pad) + "\n" + lines.join("\n") + (pad % 2 === 0 ? "\n" : "");
      const buf = Buffer.from(text + "\n{\"tail\":\"exec macos\"}", "utf8");
      const start = pad + 1;
      const end = Buffer.byteLength(text);
      const expected: string[] = [];
      let ls = start;
      while (ls < end) {
        let nl = buf.indexOf(10, ls);
        if (nl === -1 || nl > end) nl = end;
        let le = nl;
        if (le > ls && buf[le - 1] === 13) le--;
        if (le > ls && pf.mayMatch(buf, ls, le)) expected.push(`${ls}-${le}`);
        ls = nl + 1;
      }
      const seen: string[] = [];
      pf.forEachCandidate(buf, start, end, (s, e) => seen.push(`${s}-${e}`));
      assert.deepEqual(seen, expected);
    }),
    { numRuns: 1500, seed: 5 },
  );
});
