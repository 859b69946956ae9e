// # Exceptions: "drop this event" predicates with Kibana's semantics
//
// Kibana turns a rule's exception items into one negated filter applied to every event *before* EQL matching
// (an excepted event can neither start nor complete a sequence):
//   drop(event) = item_1 OR item_2 OR …          item = entry_1 AND entry_2 AND …
// - `match` (match_phrase): some value of the field equals the text (numbers and booleans compare by their
//   text, IPs by address: "::1" equals "0:0:0:0:0:0:0:1"); `match_any`: any of the values;
// - `wildcard`: Elasticsearch `wildcard` query, anchored, `*` and `?`, `\` escapes; case-sensitive on keyword
//   fields, as Kibana sends it without `case_insensitive`;
// - `<field>.caseless` (the lowercase-normalised multi-field endpoint exceptions use) reads `<field>` and
//   compares case-insensitively;
// - `exists`: the field has at least one non-null value;
// - `nested`: some object in the array at `field` satisfies every sub-entry (paths relative to it);
// - `list`: the field's value is in a value list (keyword/text-like lists: exact text; `ip`: address equality;
//   `ip_range`: CIDR or `a-b` ranges). Value lists come from files (one value per line, id = file name);
//   an item using a list Sequent does not have is not applied and is reported, as Kibana reports
//   "exceptions won't be applied" for value lists it cannot process;
// - `operator: "excluded"` negates an entry: an absent field satisfies an excluded match/wildcard/exists;
// - `os_types`: the item applies only when `host.os.type` (or `host.os.name`, case-insensitively) is one of them;
// - items whose `expire_time` is before `now` are ignored;
// - the global `endpoint_list` is enforced by Elastic Defend on the host, not by the rule, so its items are
//   not applied to rules (Kibana does the same).

import type { Diagnostic } from "../diag/diagnostic.js";
import { inRange, parseCidrRange, parseIpAddress, toSixteenBytes, type CidrRange } from "../compile/cidr.js";
import { fieldGetter, flattenValues } from "../event/fields.js";
import { equalsTest, fieldRead, textOf, wildcardQueryMatcher, type EventSource } from "./field-values.js";
import type { ExceptionEntry, ExceptionItem, ExceptionSet, NestedChildEntry } from "./exception-model.js";
import { fileDiagnostic } from "./errors.js";
import type { RuleSpec } from "./model.js";

export type { EventSource } from "./field-values.js";
export { wildcardMatch } from "./field-values.js";
export type DropPredicate = (source: EventSource) => boolean;

/** Value lists by id (Kibana: the uploaded file's name), one value per entry. */
export type ValueLists = ReadonlyMap<string, readonly string[]>;

export interface ExceptionFilterOptions {
  /** Items that expire before this instant are ignored. Default: the current time. */
  readonly now?: Date;
  readonly valueLists?: ValueLists;
}

export interface ExceptionFilter {
  /** True when the event is excepted (must be dropped before matching). */
  readonly drop: DropPredicate;
  readonly applied: number;
  readonly expired: number;
  /** Items not applied (unknown value list, unsupported list type), as warnings. */
  readonly warnings: Diagnostic[];
}

// ---------- value lists

function listTest(type: string, values: readonly string[]): ((vs: readonly unknown[]) => boolean) | undefined {
  if (type === "ip") return equalsTest(values, false);
  if (type === "ip_range") {
    const ranges = values.map((v) => ipRange(v.trim())).filter((r): r is CidrRange => r !== null);
    return (vs) =>
      vs.some((x) => {
        const t = textOf(x);
        const address = t === undefined ? null : parseIpAddress(t);
        return address !== null && ranges.some((r) => inRange(address, r));
      });
  }
  // keyword and the other term-matched list types (long, double, date …) compare as text
  if (type === "text") return undefined;
  return equalsTest(values, false);
}

/**
 * One `ip_range` list value: `from-to` (inclusive), a CIDR block or a single address, as an ip_range field
 * indexes it (IPv4 inside IPv6's `::ffff:0:0/96`); null for a value that field would reject.
 */
function ipRange(text: string): CidrRange | null {
  const dash = text.indexOf("-");
  if (dash >= 0) {
    const from = parseIpAddress(text.slice(0, dash).trim());
    const to = parseIpAddress(text.slice(dash + 1).trim());
    return from === null || to === null ? null : { lower: toSixteenBytes(from), upper: toSixteenBytes(to) };
  }
  try {
    return parseCidrRange(text);
  } catch {
    return null;
  }
}

// ---------- entries and items

class Unsupported extends Error {}

type SourceTest = (source: EventSource) => boolean;

function negateIf(excluded: boolean, test: SourceTest): SourceTest {
  return excluded ? (s) => !test(s) : test;
}

function childTest(e: NestedChildEntry, prefix: string): SourceTest {
  const { read, caseless } = fieldRead(prefix + e.field);
  switch (e.type) {
    case "match": {
      const eq = equalsTest([e.value], caseless);
      return negateIf(e.operator === "excluded", (s) => eq(read(s)));
    }
    case "match_any": {
      const eq = equalsTest(e.value, caseless);
      return negateIf(e.operator === "excluded", (s) => eq(read(s)));
    }
    case "exists":
      return negateIf(e.operator === "excluded", (s) => read(s).length > 0);
  }
}

function entryTest(e: ExceptionEntry, valueLists: ValueLists | undefined): SourceTest {
  switch (e.type) {
    case "match":
    case "match_any":
    case "exists":
      return childTest(e, "");
    case "wildcard": {
      const { read, caseless } = fieldRead(e.field);
      const match = wildcardQueryMatcher(e.value, caseless);
      return negateIf(e.operator === "excluded", (s) =>
        read(s).some((v) => {
          const t = textOf(v);
          return t !== undefined && match(t);
        }),
      );
    }
    case "list": {
      const values = valueLists?.get(e.list.id);
      if (values === undefined) throw new Unsupported(`value list "${e.list.id}" is not loaded (pass it with --value-list)`);
      const test = listTest(e.list.type, values);
      if (test === undefined) throw new Unsupported(`value lists of type "${e.list.type}" are not supported`);
      const { read } = fieldRead(e.field);
      return negateIf(e.operator === "excluded", (s) => test(read(s)));
    }
    case "nested": {
      const objects = fieldGetter(e.field);
      const subs = e.entries.map((c) => childTest(c, ""));
      return (s) => {
        const found: unknown[] = [];
        flattenValues(objects(s), found);
        return found.some((o) => typeof o === "object" && o !== null && subs.every((t) => t(o as EventSource)));
      };
    }
  }
}

const osType = fieldRead("host.os.type");
const osName = fieldRead("host.os.name");

/** Compile one item into a test (AND of entries, restricted to its OSes). Throws Unsupported. */
function itemTest(item: ExceptionItem, valueLists: ValueLists | undefined): SourceTest {
  const tests = item.entries.map((e) => entryTest(e, valueLists));
  const all: SourceTest = (s) => tests.every((t) => t(s));
  if (item.osTypes.length === 0) return all;
  const oses = new Set(item.osTypes.map((o) => o.toLowerCase()));
  const exact = new Set(item.osTypes);
  return (s) => {
    const onOs =
      osType.read(s).some((v) => typeof v === "string" && exact.has(v)) ||
      osName.read(s).some((v) => typeof v === "string" && oses.has(v.toLowerCase()));
    return onOs && all(s);
  };
}

/** Build the drop predicate for a set of items (already chosen for a rule). */
export function buildExceptionFilter(items: readonly ExceptionItem[], options: ExceptionFilterOptions = {}): ExceptionFilter {
  const now = (options.now ?? new Date()).getTime();
  const tests: SourceTest[] = [];
  const warnings: Diagnostic[] = [];
  let expired = 0;
  for (const item of items) {
    if (item.expireTime !== undefined && Date.parse(item.expireTime) < now) {
      expired++;
      continue;
    }
    try {
      tests.push(itemTest(item, options.valueLists));
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      warnings.push({
        ...fileDiagnostic("RULE3011", `exception item "${item.name || item.itemId}" is not applied: ${e.message}`, `${item.origin.file}:${item.origin.line}`),
        severity: "warning",
      });
    }
  }
  const drop: DropPredicate =
    tests.length === 0 ? () => false : tests.length === 1 ? tests[0]! : (s) => tests.some((t) => t(s));
  return { drop, applied: tests.length, expired, warnings };
}

/** The items of the lists a rule references (by list_id and namespace), without the global endpoint_list. */
export function exceptionItemsForRule(rule: RuleSpec, set: ExceptionSet): ExceptionItem[] {
  const refs = rule.exceptionsList.filter((r) => r.listId !== "endpoint_list");
  return set.items.filter((item) => refs.some((r) => r.listId === item.listId && r.namespaceType === item.namespaceType));
}

/** Rule references to lists that the set does not contain (reported, never fatal). */
export function missingExceptionLists(rule: RuleSpec, set: ExceptionSet): string[] {
  return rule.exceptionsList
    .filter((r) => r.listId !== "endpoint_list")
    .filter((r) => !set.lists.some((l) => l.listId === r.listId) && !set.items.some((i) => i.listId === r.listId))
    .map((r) => r.listId);
}

/** Parse a value list file: one value per line, blank lines ignored. */
export function parseValueList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** The drop predicate for one rule: its lists' items (endpoint_list aside), with warnings for lists not loaded. */
export function exceptionFilterForRule(rule: RuleSpec, set: ExceptionSet, options: ExceptionFilterOptions = {}): ExceptionFilter {
  const filter = buildExceptionFilter(exceptionItemsForRule(rule, set), options);
  const missing = missingExceptionLists(rule, set).map(
    (listId): Diagnostic => ({
      ...fileDiagnostic("RULE3011", `rule "${rule.name}" references exception list "${listId}", which is not loaded; it is not applied`, rule.source.file),
      severity: "warning",
    }),
  );
  return { ...filter, warnings: [...missing, ...filter.warnings] };
}
