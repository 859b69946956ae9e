// Property: printing any AST the parser can produce and parsing the text back gives the same AST
// (spans aside), for expressions and for event, sequence and sample queries with pipes.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseExpression, parseQuery } from "../../src/eql/parser.js";
import { printExpr, printQuery } from "../../src/eql/printer.js";
import { exprArb, queryArb } from "./arbitraries.js";
import { collectSpans, stripSpans } from "./helpers.js";

test("printExpr → parseExpression round-trips", () => {
  fc.assert(
    fc.property(exprArb, (e) => {
      const text = printExpr(e);
      assert.deepEqual(stripSpans(parseExpression(text)), stripSpans(e), text);
    }),
    { seed: 20261128, numRuns: 1500 },
  );
});

test("printQuery → parseQuery round-trips", () => {
  fc.assert(
    fc.property(queryArb, (q) => {
      const text = printQuery(q);
      assert.deepEqual(stripSpans(parseQuery(text)), stripSpans(q), text);
    }),
    { seed: 7, numRuns: 600 },
  );
});

test("printing is a fixed point: print(parse(print(q))) == print(q)", () => {
  fc.assert(
    fc.property(queryArb, (q) => {
      const text = printQuery(q);
      assert.equal(printQuery(parseQuery(text)), text);
    }),
    { seed: 11, numRuns: 300 },
  );
});

test("every parsed node has a span inside the text, nested in its parent's", () => {
  fc.assert(
    fc.property(queryArb, (q) => {
      const text = printQuery(q);
      const spans = collectSpans(parseQuery(text));
      for (const { path, span } of spans) {
        assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${path} ${JSON.stringify(span)}`);
      }
      for (const child of spans) {
        const parent = spans
          .filter((p) => p.path !== child.path && child.path.startsWith(p.path) && /^[.[]/.test(child.path.slice(p.path.length)))
          .sort((x, y) => y.path.length - x.path.length)[0];
        if (parent === undefined) continue;
        assert.ok(parent.span.start <= child.span.start && child.span.end <= parent.span.end, `${child.path} outside ${parent.path}`);
      }
      const root = spans.find((s) => s.path === "$");
      assert.deepEqual(root?.span, { start: 0, end: text.length });
    }),
    { seed: 3, numRuns: 200 },
  );
});
