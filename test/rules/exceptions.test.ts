import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEntry, parseExceptionExport, type ExceptionEntry, type ExceptionItem } from "../../src/rules/exception-model.js";
import { buildExceptionFilter, exceptionFilterForRule, exceptionItemsForRule, missingExceptionLists, parseValueList, wildcardMatch, type ValueLists } from "../../src/rules/exceptions.js";
import { seedRule } from "../../src/rules/builtin/seed-rule.js";

function item(entries: unknown[], over: Partial<ExceptionItem> = {}): ExceptionItem {
  return {
    id: "",
    itemId: "i",
    listId: "l",
    name: "item",
    namespaceType: "single",
    osTypes: [],
    entries: entries.map((e, i) => parseEntry(e as ExceptionEntry, `entries[${i}]`)),
    origin: { file: "x.ndjson", line: 1 },
    ...over,
  };
}

function drops(entries: unknown[], source: Record<string, unknown>, over: Partial<ExceptionItem> = {}, valueLists?: ValueLists): boolean {
  const f = buildExceptionFilter([item(entries, over)], { now: new Date("2025-06-02T00:00:00Z"), ...(valueLists ? { valueLists } : {}) });
  assert.equal(f.warnings.length, 0, f.warnings.map((w) => w.message).join("; "));
  return f.drop(source);
}

const match = (field: string, value: string, operator = "included") => ({ field, operator, type: "match", value });

test("match: exact, case-sensitive, any array element, nested or dotted keys, numbers as text, IPs by address", () => {
  assert.equal(drops([match("process.name", "a.exe")], { process: { name: "a.exe" } }), true);
  assert.equal(drops([match("process.name", "a.exe")], { "process.name": "a.exe" }), true);
  assert.equal(drops([match("process.name", "a.exe")], { process: { name: "A.EXE" } }), false);
  assert.equal(drops([match("process.args", "-x")], { process: { args: ["a", "-x"] } }), true);
  assert.equal(drops([match("destination.port", "443")], { destination: { port: 443 } }), true);
  assert.equal(drops([match("source.ip", "::1")], { source: { ip: "0:0:0:0:0:0:0:1" } }), true);
  assert.equal(drops([match("process.name", "a.exe")], {}), false);
});

test("excluded: negation, and an absent field satisfies an excluded entry", () => {
  assert.equal(drops([match("process.name", "a.exe", "excluded")], { process: { name: "b.exe" } }), true);
  assert.equal(drops([match("process.name", "a.exe", "excluded")], { process: { name: "a.exe" } }), false);
  assert.equal(drops([match("process.name", "a.exe", "excluded")], {}), true);
});

test("an item is the AND of its entries; any item drops the event", () => {
  const e = [match("process.name", "a.exe"), match("user.name", "root")];
  assert.equal(drops(e, { process: { name: "a.exe" }, user: { name: "root" } }), true);
  assert.equal(drops(e, { process: { name: "a.exe" }, user: { name: "bob" } }), false);
  const f = buildExceptionFilter([item([match("user.name", "x")]), item([match("user.name", "y")])]);
  assert.equal(f.drop({ user: { name: "y" } }), true);
  assert.equal(f.drop({ user: { name: "z" } }), false);
  assert.equal(buildExceptionFilter([]).drop({}), false);
});

test("match_any", () => {
  const e = [{ field: "process.name", operator: "included", type: "match_any", value: ["a.exe", "b.exe"] }];
  assert.equal(drops(e, { process: { name: "b.exe" } }), true);
  assert.equal(drops(e, { process: { name: "c.exe" } }), false);
  const ex = [{ field: "process.name", operator: "excluded", type: "match_any", value: ["a.exe", "b.exe"] }];
  assert.equal(drops(ex, { process: { name: "c.exe" } }), true);
  assert.equal(drops(ex, { process: { name: "a.exe" } }), false);
});

test("wildcard: anchored * and ?, escapes, case-sensitive; .caseless fields compare case-insensitively", () => {
  assert.equal(wildcardMatch("C:\\\\Windows\\\\*.exe", "C:\\Windows\\a.exe"), true);
  assert.equal(wildcardMatch("*.exe", "a.exe.bak"), false);
  assert.equal(wildcardMatch("a?c", "abc"), true);
  assert.equal(wildcardMatch("a?c", "ac"), false);
  assert.equal(wildcardMatch("a\\*", "a*"), true);
  assert.equal(wildcardMatch("a\\*", "ab"), false);
  assert.equal(wildcardMatch("*a*a*a*a*a*b", "a".repeat(200)), false);
  const e = [{ field: "file.path", operator: "included", type: "wildcard", value: "/tmp/*.sh" }];
  assert.equal(drops(e, { file: { path: "/tmp/x.sh" } }), true);
  assert.equal(drops(e, { file: { path: "/TMP/x.sh" } }), false);
  const c = [{ field: "file.path.caseless", operator: "included", type: "wildcard", value: "/tmp/*.sh" }];
  assert.equal(drops(c, { file: { path: "/TMP/X.SH" } }), true);
  const ex = [{ field: "file.path", operator: "excluded", type: "wildcard", value: "/tmp/*" }];
  assert.equal(drops(ex, { file: { path: "/etc/x" } }), true);
  assert.equal(drops(ex, { file: { path: "/tmp/x" } }), false);
});

test("exists", () => {
  const e = [{ field: "process.parent.name", operator: "included", type: "exists" }];
  assert.equal(drops(e, { process: { parent: { name: "x" } } }), true);
  assert.equal(drops(e, { process: { parent: { name: null } } }), false);
  assert.equal(drops(e, { process: { parent: { name: [] } } }), false);
  assert.equal(drops(e, {}), false);
  assert.equal(drops([{ field: "process.parent.name", operator: "excluded", type: "exists" }], {}), true);
});

test("nested: every sub-entry must hold in the same array object", () => {
  const e = [
    {
      field: "file.Ext.code_signature",
      type: "nested",
      entries: [
        { field: "subject_name", operator: "included", type: "match", value: "Acme" },
        { field: "trusted", operator: "included", type: "match", value: "true" },
      ],
    },
  ];
  const sigs = (list: unknown[]) => ({ file: { Ext: { code_signature: list } } });
  assert.equal(drops(e, sigs([{ subject_name: "Acme", trusted: true }])), true);
  assert.equal(drops(e, sigs([{ subject_name: "Acme", trusted: false }, { subject_name: "Other", trusted: true }])), false);
  assert.equal(drops(e, { file: { Ext: { code_signature: { subject_name: "Acme", trusted: true } } } }), true);
  assert.equal(drops(e, {}), false);
});

test("list: keyword, ip and ip_range value lists; a missing list is reported and not applied", () => {
  const lists: ValueLists = new Map([
    ["names.txt", parseValueList("a.exe\n\nb.exe\r\n")],
    ["ips.txt", ["10.0.0.1", "::1"]],
    ["ranges.txt", ["192.168.0.0/16", "10.1.0.1-10.1.0.9", "2001:db8::/32"]],
  ]);
  const list = (field: string, id: string, type: string, operator = "included") => ({ field, operator, type: "list", list: { id, type } });
  assert.equal(drops([list("process.name", "names.txt", "keyword")], { process: { name: "b.exe" } }, {}, lists), true);
  assert.equal(drops([list("process.name", "names.txt", "keyword")], { process: { name: "c.exe" } }, {}, lists), false);
  assert.equal(drops([list("process.name", "names.txt", "keyword", "excluded")], { process: { name: "c.exe" } }, {}, lists), true);
  assert.equal(drops([list("source.ip", "ips.txt", "ip")], { source: { ip: "0::1" } }, {}, lists), true);
  // addresses parse as Elasticsearch's ip fields parse them: no shorthand IPv4 ("10.1" is not 10.0.0.1)
  const shorthand: ValueLists = new Map([["short.txt", ["10.1", "::ffff:10.0.0.2"]]]);
  assert.equal(drops([list("source.ip", "short.txt", "ip")], { source: { ip: "10.0.0.1" } }, {}, shorthand), false);
  assert.equal(drops([list("source.ip", "short.txt", "ip")], { source: { ip: "10.0.0.2" } }, {}, shorthand), true);
  assert.equal(drops([list("source.ip", "ranges.txt", "ip_range")], { source: { ip: "192.168.4.4" } }, {}, lists), true);
  assert.equal(drops([list("source.ip", "ranges.txt", "ip_range")], { source: { ip: "10.1.0.5" } }, {}, lists), true);
  assert.equal(drops([list("source.ip", "ranges.txt", "ip_range")], { source: { ip: "10.1.0.10" } }, {}, lists), false);
  assert.equal(drops([list("source.ip", "ranges.txt", "ip_range")], { source: { ip: "2001:db8::5" } }, {}, lists), true);
  // ip_range values live in IPv6 space, IPv4 as ::ffff:a.b.c.d: "::/0" holds every address
  const everything: ValueLists = new Map([["all.txt", ["::/0", "not-an-ip", "10.0.0.9-10.0.0.1"]]]);
  assert.equal(drops([list("source.ip", "all.txt", "ip_range")], { source: { ip: "10.0.0.5" } }, {}, everything), true);
  assert.equal(drops([list("source.ip", "all.txt", "ip_range")], { source: { ip: "::ffff:10.0.0.5" } }, {}, everything), true);
  assert.equal(drops([list("source.ip", "all.txt", "ip_range")], { source: { ip: "host-1" } }, {}, everything), false);
  const missing = buildExceptionFilter([item([list("process.name", "nope.txt", "keyword")])], { valueLists: lists });
  assert.equal(missing.applied, 0);
  assert.equal(missing.warnings[0]!.code, "RULE3011");
  assert.match(missing.warnings[0]!.message, /value list "nope.txt" is not loaded/);
  assert.equal(missing.drop({ process: { name: "nope" } }), false);
});

test("os_types: host.os.type, or host.os.name case-insensitively", () => {
  const e = [match("process.name", "a")];
  assert.equal(drops(e, { host: { os: { type: "macos" } }, process: { name: "a" } }, { osTypes: ["macos"] }), true);
  assert.equal(drops(e, { host: { os: { name: "macOS" } }, process: { name: "a" } }, { osTypes: ["macos"] }), true);
  assert.equal(drops(e, { host: { os: { type: "windows" } }, process: { name: "a" } }, { osTypes: ["macos"] }), false);
  assert.equal(drops(e, { process: { name: "a" } }, { osTypes: ["macos"] }), false);
});

test("expired items are ignored", () => {
  const f = buildExceptionFilter(
    [item([match("a", "1")], { expireTime: "2025-01-01T00:00:00Z" }), item([match("b", "1")], { expireTime: "2030-01-01T00:00:00Z" })],
    { now: new Date("2025-06-01T00:00:00Z") },
  );
  assert.equal(f.expired, 1);
  assert.equal(f.applied, 1);
  assert.equal(f.drop({ a: "1" }), false);
  assert.equal(f.drop({ b: "1" }), true);
});

test("exception export parsing; items chosen per rule by list_id and namespace; endpoint_list not applied", () => {
  const lines = [
    { id: "so", list_id: "my-list", name: "L", type: "detection", namespace_type: "single", os_types: [] },
    { item_id: "i1", list_id: "my-list", name: "x", namespace_type: "single", os_types: ["macos"], type: "simple", expire_time: "2030-01-01T00:00:00.000Z", entries: [match("process.name", "a")] },
    { item_id: "i2", list_id: "my-list", name: "y", namespace_type: "agnostic", type: "simple", entries: [match("process.name", "b")] },
    { item_id: "e1", list_id: "endpoint_list", name: "z", namespace_type: "agnostic", type: "simple", entries: [match("process.name", "c")] },
    { item_id: "bad", list_id: "my-list", name: "w", namespace_type: "single", type: "simple", entries: [{ field: "f", type: "frob" }] },
    { exported_exception_list_count: 1, exported_exception_list_item_count: 4 },
  ];
  const parsed = parseExceptionExport(lines.map((l) => JSON.stringify(l)).join("\n"), "ex.ndjson");
  assert.equal(parsed.lists.length, 1);
  assert.equal(parsed.items.length, 3);
  assert.equal(parsed.errors.length, 1);
  assert.equal(parsed.errors[0]!.code, "RULE3010");
  assert.deepEqual(parsed.items[0]!.osTypes, ["macos"]);
  assert.equal(parsed.items[0]!.expireTime, "2030-01-01T00:00:00.000Z");
  const rule = {
    ...seedRule(),
    exceptionsList: [
      { id: "so", listId: "my-list", namespaceType: "single" as const, type: "detection" },
      { id: "e", listId: "endpoint_list", namespaceType: "agnostic" as const, type: "endpoint" },
      { id: "m", listId: "missing", namespaceType: "single" as const, type: "detection" },
    ],
  };
  assert.deepEqual(exceptionItemsForRule(rule, parsed).map((i) => i.itemId), ["i1"]);
  assert.deepEqual(missingExceptionLists(rule, parsed), ["missing"]);
});

test("exceptionFilterForRule: applies the rule's lists and warns about lists not loaded", () => {
  const set = {
    lists: [{ id: "so", listId: "my-list", name: "L", namespaceType: "single" as const, type: "detection", osTypes: [] }],
    items: [item([match("process.name", "a")], { listId: "my-list" })],
  };
  const rule = {
    ...seedRule(),
    exceptionsList: [
      { id: "so", listId: "my-list", namespaceType: "single" as const, type: "detection" },
      { id: "x", listId: "gone", namespaceType: "single" as const, type: "detection" },
    ],
  };
  const f = exceptionFilterForRule(rule, set);
  assert.equal(f.applied, 1);
  assert.equal(f.drop({ process: { name: "a" } }), true);
  assert.equal(f.warnings.length, 1);
  assert.match(f.warnings[0]!.message, /"gone", which is not loaded/);
  assert.equal(exceptionFilterForRule(seedRule(), set).drop({ process: { name: "a" } }), false);
});
