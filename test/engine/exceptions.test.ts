// Exceptions are applied per event before matching (Kibana adds them to the EQL request filter): an excepted
// connection cannot complete a sequence, so the next qualifying one does. Expired items and items for another
// OS do nothing. Lists given on the command line that no rule references apply to every rule.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseExceptionExport } from "../../src/rules/exception-model.js";
import { seedRule } from "../../src/rules/builtin/seed-rule.js";
import { createEngine } from "../../src/engine/engine.js";
import { REPO_ROOT, readFixture, runEngine, shellEvents } from "./helpers.js";

const CASES = join(REPO_ROOT, "test/engine/fixtures/seed-cases.ndjson");
const EXCEPTIONS = join(REPO_ROOT, "test/engine/fixtures/exceptions.ndjson");

test("exceptions remove events before matching; expired and other-OS items do not apply", () => {
  const exceptions = parseExceptionExport(readFileSync(EXCEPTIONS, "utf8"), EXCEPTIONS);
  assert.deepEqual(exceptions.errors, []);
  const result = runEngine([seedRule()], readFixture(CASES), { now: "2026-03-10T14:00:00.000Z", exceptions });
  const byCase = new Map(shellEvents(result.alerts).map((s) => [s.events[0]!.split("/")[0]!, s.events]));
  // net1 (45.77.12.9) is excepted: the exec's sequence is completed by net2 instead
  assert.deepEqual(byCase.get("one-exec-many-connections"), ["one-exec-many-connections/exec", "one-exec-many-connections/net2"]);
  // the expired item (185.220.101.8) does not apply
  assert.deepEqual(byCase.get("dotted-keys"), ["dotted-keys/exec", "dotted-keys/net"]);
  // the linux-only item (port 4444) does not touch macOS events
  assert.deepEqual(byCase.get("base"), ["base/exec", "base/net"]);
  assert.equal(byCase.size, 14);
  // excepted: the 45.77.12.9 connection (the linux case's events never reach this macOS rule)
  assert.equal(result.summaries[0]!.excepted, 1);
});

test("a rule referencing the list gets it; an unreferenced list applies to every rule, with a warning", async () => {
  const exceptions = parseExceptionExport(readFileSync(EXCEPTIONS, "utf8"), EXCEPTIONS);
  const referencing = { ...seedRule(), exceptionsList: [{ id: "7a1e0c2b-4d3f-4b6a-9e81-5c2d3f4a6b71", listId: "sequent-test-exceptions", namespaceType: "single" as const, type: "detection" }] };
  const other = { ...seedRule(), ruleId: "other-rule", name: "Other" };
  const result = runEngine([referencing, other], readFixture(CASES), { now: "2026-03-10T14:00:00.000Z", exceptions });
  assert.equal(result.summaries[0]!.excepted, 1);
  assert.equal(result.summaries[1]!.excepted, 0, "the list is referenced by a rule of the run, so it is not global");
  const engine = createEngine([seedRule()], { now: "2026-03-10T14:00:00.000Z", exceptions });
  assert.match(engine.warnings.map((w) => w.message).join("\n"), /exception list "sequent-test-exceptions" \(3 items\) is referenced by no rule of this run: applied to every rule/);
});
