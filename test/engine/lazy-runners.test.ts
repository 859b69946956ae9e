// A rule's matcher and alert builder are made when the first event reaches it: a rule no event reaches
// finishes with no matches and no alerts, as before, and reset starts every rule over.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../src/engine/engine.js";
import { makeRule } from "../alerts/helpers.js";

const NOW = "2026-03-12T14:10:00.000Z";

test("rules no event reaches finish empty; reset starts over; the same alerts each time", async () => {
  const rules = [
    makeRule({ ruleId: "proc", name: "proc", query: 'process where process.name == "a"', index: ["*"] }),
    makeRule({ ruleId: "net", name: "net", query: "network where true", index: ["*"] }),
    makeRule({ ruleId: "seq", name: "seq", query: 'sequence by host.id [process where process.name == "a"] [process where process.name == "b"]', index: ["*"] }),
  ];
  const engine = createEngine(rules, { now: NOW });
  const factory = engine.recordFactory(0);
  const feed = () => {
    ["a", "b", "a"].forEach((name, i) => {
      const source = { "@timestamp": `2026-03-01T00:00:0${i}Z`, event: { category: "process" }, host: { id: "h" }, process: { name } };
      engine.push(0, factory(source, "logs", `e${i}`, i), "");
    });
  };
  feed();
  const first = engine.finish();
  assert.deepEqual(
    first.summaries.map((s) => [s.name, s.eventsSeen, s.matches, s.alerts]),
    [
      ["proc", 2, 2, 2],
      ["net", 0, 0, 0],
      ["seq", 3, 1, 3],
    ],
  );
  engine.reset();
  feed();
  const again = await (async () => {
    const alerts: string[] = [];
    const summaries = await engine.finishTo(async (docs) => void alerts.push(...docs.map((d) => d._id)));
    return { alerts, summaries };
  })();
  assert.deepEqual(again.alerts, first.alerts.map((a) => a._id));
  assert.deepEqual(again.summaries.map((s) => [s.name, s.matches]), [["proc", 2], ["net", 0], ["seq", 1]]);
});
