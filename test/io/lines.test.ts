import test from "node:test";
import assert from "node:assert/strict";
import { LineSplitter, type TextLine } from "../../src/io/lines.js";

function split(chunks: readonly Buffer[]): TextLine[] {
  const s = new LineSplitter();
  const out: TextLine[] = [];
  for (const c of chunks) out.push(...s.push(c));
  out.push(...s.end());
  return out;
}

/** Every way of cutting `bytes` into two chunks gives the same lines. */
function allSplits(bytes: Buffer): TextLine[][] {
  const results: TextLine[][] = [];
  for (let i = 0; i <= bytes.length; i++) results.push(split([bytes.subarray(0, i), bytes.subarray(i)]));
  return results;
}

test("lines: LF, CRLF, blank lines (numbered but skipped), last line without newline", () => {
  const lines = split([Buffer.from('{"a":1}\r\n\n   \n{"b":2}\n{"c":3}')]);
  assert.deepEqual(lines, [
    { text: '{"a":1}', line: 1 },
    { text: '{"b":2}', line: 4 },
    { text: '{"c":3}', line: 5 },
  ]);
});

test("lines: a byte order mark at the start is dropped", () => {
  const lines = split([Buffer.from("\uFEFF{\"a\":1}\n{\"b\":2}\n", "utf8")]);
  assert.deepEqual(lines.map((l) => l.text), ['{"a":1}', '{"b":2}']);
});

test("lines: UTF-8 characters and CRLF split across chunks decode intact", () => {
  const bytes = Buffer.from('\uFEFF{"name":"naïve — 日本 😀"}\r\n{"x":"é"}', "utf8");
  for (const lines of allSplits(bytes)) {
    assert.deepEqual(lines, [
      { text: '{"name":"naïve — 日本 😀"}', line: 1 },
      { text: '{"x":"é"}', line: 2 },
    ]);
  }
});

test("lines: one-byte chunks", () => {
  const bytes = Buffer.from('{"k":"ü"}\n\n{"k":2}\n', "utf8");
  const chunks = [...bytes].map((b) => Buffer.from([b]));
  assert.deepEqual(split(chunks), [
    { text: '{"k":"ü"}', line: 1 },
    { text: '{"k":2}', line: 3 },
  ]);
});
