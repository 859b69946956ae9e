import assert from "node:assert/strict";
import { test } from "node:test";
import { compileIndexPatterns, eventIndex } from "../../src/rules/index-patterns.js";

test("wildcards and comma lists", () => {
  const m = compileIndexPatterns(["logs-endpoint.events.process-*", "winlogbeat-*,auditbeat-*"]);
  assert.equal(m("logs-endpoint.events.process-default"), true);
  assert.equal(m("winlogbeat-8.0"), true);
  assert.equal(m("auditbeat-x"), true);
  assert.equal(m("logs-endpoint.events.network-default"), false);
  assert.equal(m("xwinlogbeat-1"), false);
  // "." in a pattern is literal
  assert.equal(compileIndexPatterns(["logs-a.b"])("logs-aXb"), false);
});

test("exclusions apply to the patterns before them", () => {
  const m = compileIndexPatterns(["logs-*", "-logs-test*", "logs-test-keep"]);
  assert.equal(m("logs-prod"), true);
  assert.equal(m("logs-test-1"), false);
  assert.equal(m("logs-test-keep"), true);
  // a leading exclusion removes nothing and includes nothing
  const lead = compileIndexPatterns(["-logs-x", "logs-*"]);
  assert.equal(lead("logs-x"), true);
  assert.equal(compileIndexPatterns(["-logs-x"])("logs-x"), false);
});

test("data stream backing indices match their stream's patterns", () => {
  const m = compileIndexPatterns(["logs-endpoint.events.process-*"]);
  assert.equal(m(".ds-logs-endpoint.events.process-default-2025.06.02-000001"), true);
  assert.equal(m(".ds-logs-endpoint.events.network-default-2025.06.02-000001"), false);
});

test("hidden (dot) names are not matched by a leading wildcard; a dotted pattern matches them", () => {
  assert.equal(compileIndexPatterns(["*"])(".internal.alerts-security.alerts-default-000001"), false);
  assert.equal(compileIndexPatterns(["_all"])("logs-x"), true);
  assert.equal(compileIndexPatterns([".alerts-security.*"])(".alerts-security.alerts-default"), true);
});

test("remote cluster patterns", () => {
  const m = compileIndexPatterns(["*:logs-*", "winlogbeat-*"]);
  assert.equal(m("remote1:logs-a"), true);
  assert.equal(m("logs-a"), true, "a local index matches the index part of a remote pattern");
  assert.equal(m("remote1:winlogbeat-1"), false, "a plain pattern does not match a remote index");
  assert.equal(compileIndexPatterns(["eu-*:logs-*"])("us-1:logs-a"), false);
  assert.equal(compileIndexPatterns(["*:logs-*", "*:-logs-test"])("r:logs-test"), false);
});

test("no index information reaches every rule; rules without patterns see every event", () => {
  assert.equal(compileIndexPatterns(["logs-*"])(""), true);
  assert.equal(compileIndexPatterns([])("anything"), true);
});

test("eventIndex: _index, else the data stream name, else the fallback", () => {
  assert.equal(eventIndex({ _index: "idx", data_stream: { type: "logs", dataset: "a", namespace: "b" } }, "f"), "idx");
  assert.equal(eventIndex({ data_stream: { type: "logs", dataset: "endpoint.events.process", namespace: "default" } }, "f"), "logs-endpoint.events.process-default");
  assert.equal(eventIndex({ "data_stream.type": "logs", "data_stream.dataset": "x", "data_stream.namespace": "y" }), "logs-x-y");
  assert.equal(eventIndex({ data_stream: { type: "logs" } }, "file-index"), "file-index");
  assert.equal(eventIndex({}), "");
});
