// `sequent run` end to end, in-process: the seed scenario, every sink, re-runs giving the same ids.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { main } from "../../src/cli/main.js";
import { parseRunArgs } from "../../src/cli/commands/run.js";
import { REPO_ROOT } from "./helpers.js";

const SCENARIO = join(REPO_ROOT, "samples/seed-scenario.ndjson");
const NOW = "2026-03-12T14:10:00.000Z";

async function sequent(args: string[], stdin = ""): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: Readable.from([stdin]),
  });
  return { code, out, err };
}

function docs(text: string): Record<string, unknown>[] {
  return text.trimEnd().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
}

test("seed scenario: two sequence alerts (shell + 2 building blocks each), summary on stderr", async () => {
  const r = await sequent(["run", "--now", NOW, SCENARIO]);
  assert.equal(r.code, 0, r.err);
  const alerts = docs(r.out);
  assert.equal(alerts.length, 6);
  const shells = alerts.filter((a) => a["kibana.alert.group.index"] === undefined);
  assert.equal(shells.length, 2);
  assert.deepEqual(alerts.map((a) => a["kibana.alert.group.index"] ?? "shell"), ["shell", 0, 1, "shell", 0, 1]);
  for (const a of alerts) {
    assert.equal(a["@timestamp"], NOW);
    assert.equal(a["kibana.alert.rule.rule_id"], "e7e0588b-2b55-4f88-afd1-cf98e95e0f58");
  }
  const processes = alerts.filter((a) => a["kibana.alert.group.index"] === 0).map((a) => (a["process"] as Record<string, unknown>)["executable"]);
  assert.deepEqual(processes, ["/Users/mlopez/Downloads/SyncHelper.app/Contents/MacOS/SyncHelper", "/private/tmp/.cache/com.apple.updated"]);
  const ancestors = shells[0]!["kibana.alert.ancestors"] as { index: string }[];
  assert.equal(ancestors[0]!.index, ".ds-logs-endpoint.events.process-default-2026.03.12-000001");
  assert.match(r.err, /1 EQL rule running \(built-in seed rule\)/);
  assert.match(r.err, /20 events read, 0 bad lines; 2 alerts \(6 documents\) from 1 rule/);
});

test("re-running gives the same alert ids, whatever the clock", async () => {
  const a = docs((await sequent(["run", "--now", NOW, SCENARIO])).out).map((d) => d["kibana.alert.uuid"]);
  const b = docs((await sequent(["run", "--now", "2027-01-01T00:00:00Z", SCENARIO])).out).map((d) => d["kibana.alert.uuid"]);
  assert.deepEqual(a, b);
  // spilling the sort to disk changes nothing
  const spilled = await sequent(["run", "--now", NOW, "--sort-buffer", "3", SCENARIO]);
  assert.equal(spilled.out, (await sequent(["run", "--now", NOW, SCENARIO])).out);
});

test("stdin input, bad lines counted, bulk format with --index", async () => {
  const text = readFileSync(SCENARIO, "utf8") + "not json\n";
  const r = await sequent(["run", "--now", NOW, "-f", "bulk", "--index", "my-alerts", "-"], text);
  assert.equal(r.code, 0, r.err);
  const lines = docs(r.out);
  assert.equal(lines.length, 12);
  assert.deepEqual(Object.keys(lines[0]!), ["create"]);
  assert.equal((lines[0]!["create"] as Record<string, unknown>)["_index"], "my-alerts");
  assert.equal((lines[0]!["create"] as Record<string, unknown>)["_id"], lines[1]!["kibana.alert.uuid"]);
  assert.match(r.err, /<stdin>:21: invalid JSON/);
  assert.match(r.err, /1 bad line/);
});

test("SQLite output de-duplicates across runs", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sequent-run-"));
  try {
    const db = join(dir, "alerts.db");
    const first = await sequent(["run", "--now", NOW, "-o", db, SCENARIO]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.err, /alerts\.db: 6 new, 0 already stored/);
    const second = await sequent(["run", "--now", "2026-03-12T14:15:00Z", "-o", db, SCENARIO]);
    assert.match(second.err, /alerts\.db: 0 new, 6 already stored/);
    const file = join(dir, "alerts.ndjson");
    const third = await sequent(["run", "--now", NOW, "-q", "-o", file, SCENARIO]);
    assert.equal(third.err, "");
    assert.equal(docs(readFileSync(file, "utf8")).length, 6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--kibana-url gives every alert a link to it", async () => {
  const r = await sequent(["run", "--now", NOW, "--kibana-url", "https://kibana.example.com/", SCENARIO]);
  const first = docs(r.out)[0]!;
  assert.equal(
    first["kibana.alert.url"],
    `https://kibana.example.com/app/security/alerts/redirect/${String(first["kibana.alert.uuid"])}?index=.alerts-security.alerts-default&timestamp=${NOW}`,
  );
});

test("rule filters: a filter that excludes the seed rule gives no alerts", async () => {
  const r = await sequent(["run", "--now", NOW, "--os", "windows", SCENARIO]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, "");
  assert.match(r.err, /0 EQL rules running/);
});

test("argument parsing: format defaults, SQLite by extension, usage errors", () => {
  assert.equal(parseRunArgs(["x.ndjson"]).format, "ndjson");
  assert.equal(parseRunArgs(["x.ndjson"], true).format, "table");
  assert.equal(parseRunArgs(["-o", "a.ndjson", "x.ndjson"], true).format, "ndjson");
  assert.equal(parseRunArgs(["-o", "a.sqlite", "x"]).format, "sqlite");
  assert.throws(() => parseRunArgs([]), /missing input/);
  assert.throws(() => parseRunArgs(["-f", "csv", "x"]), /--format must be one of/);
  assert.throws(() => parseRunArgs(["--now", "yesterday", "x"]), /--now expects/);
  assert.throws(() => parseRunArgs(["-o", "a.db", "-f", "bulk", "x"]), /SQLite/);
});

test("run says why its prefilter is off, naming the rules that keep it off", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sequent-prefilter-"));
  try {
    const rule = (id: string, query: string): string =>
      JSON.stringify({ rule_id: id, name: `Rule ${id}`, description: "prefilter report test", type: "eql", language: "eql", query, index: ["logs-*"], risk_score: 21, severity: "low" });
    const write = (name: string, ...rules: string[]): string => {
      writeFileSync(join(dir, name), rules.join("\n") + "\n");
      return join(dir, name);
    };
    const events =
      Array.from({ length: 1200 }, (_, i) =>
        JSON.stringify({ "@timestamp": new Date(Date.UTC(2026, 2, 12) + i * 1000).toISOString(), event: { category: "process" }, process: { name: i % 2 === 1 ? "a.exe" : "b.exe", pid: i } }),
      ).join("\n") + "\n";
    const run = (rules: string) => sequent(["run", "--rules", rules, "--now", NOW, "-f", "ndjson", "-o", join(dir, "out.ndjson"), "-"], events);

    const open = await run(write("open.ndjson", rule("lit", 'process where process.name == "rare.exe"'), rule("open", "any where process.pid > 5")));
    assert.equal(open.code, 0, open.err);
    assert.match(open.err, /1200 of 1200 lines parsed \(100\.0%; prefilter off: 1 rule with a filter that needs no literal \("Rule open"\) can match any line\)/);

    // "Rule ab" can only be told by its category ("a.exe" or "b.exe" is on every line as well)
    const common = await run(write("common.ndjson", rule("lit", 'process where process.name == "rare.exe"'), rule("b", 'process where process.name == "b.exe"'), rule("ab", 'process where process.name in ("a.exe", "b.exe")')));
    assert.equal(common.code, 0, common.err);
    assert.match(common.err, /1200 of 1200 lines parsed \(100\.0%; prefilter off: the rules' literals are in at least 100% of the first lines; commonest "process" \(100%\) from "Rule ab"\)/);

    // selective: the sample (first 1,000 lines) is parsed, the other 200 lines are skipped
    const rare = await run(write("rare.ndjson", rule("lit", 'process where process.name == "rare.exe"')));
    assert.equal(rare.code, 0, rare.err);
    assert.match(rare.err, /1000 of 1200 lines parsed \(83\.3%; prefilter: 1 literal; skipped lines are not validated\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
