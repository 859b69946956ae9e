// # Index routing: which rules see which events
//
// A rule's `index` patterns are Elasticsearch index expressions. `compileIndexPatterns` turns them into a
// predicate over an event's index name:
// - each entry may itself be a comma list; `*` matches any run of characters (no other wildcard exists in
//   index names); `_all` and `*` match everything except dot-prefixed (hidden/system) names;
// - `-pattern` removes names matched so far, i.e. it applies to the patterns *before* it, as in Elasticsearch
//   (`logs-*,-logs-test*,logs-test-keep` keeps `logs-test-keep`); a leading exclusion removes nothing;
// - a pattern starting with `*` does not match a dot-prefixed name (hidden indices are not expanded by
//   wildcards); write the dot (`.alerts-security.*`) to match them;
// - data streams: an event stored in a backing index `.ds-<stream>-<yyyy.MM.dd>-<generation>` matches a
//   pattern when either the backing index name or `<stream>` matches (Elasticsearch resolves patterns to data
//   streams, then to their backing indices);
// - remote patterns `cluster:index` (cross-cluster search): `cluster` is itself a wildcard pattern. They match
//   an event index written `cluster:index` when both parts match, and, since Sequent has no clusters, a plain
//   local index when the index part matches. A plain pattern never matches a `cluster:index` name.
//   `cluster:-index` is a remote exclusion.
// - the empty index "" means "no index information": it matches every rule (events without `_index` and
//   without `data_stream.*` fields reach every rule), and so does a rule with no index patterns at all
//   (a data-view rule).
//
// `eventIndex` computes the index name to route on: `_index`, else the data-stream name
// `<data_stream.type>-<data_stream.dataset>-<data_stream.namespace>`, else the caller's fallback.

import { fieldGetter } from "../event/fields.js";

export type IndexPredicate = (index: string) => boolean;

interface Clause {
  readonly exclude: boolean;
  readonly cluster: RegExp | undefined;
  readonly index: RegExp;
  readonly matchesHidden: boolean;
}

function wildcardRegExp(pattern: string): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

function compileClause(raw: string): Clause | undefined {
  let text = raw.trim();
  if (text === "") return undefined;
  let exclude = false;
  let cluster: RegExp | undefined;
  const colon = text.indexOf(":");
  if (colon > 0) {
    cluster = wildcardRegExp(text.slice(0, colon));
    text = text.slice(colon + 1);
  }
  if (text.startsWith("-")) {
    exclude = true;
    text = text.slice(1);
  }
  if (text === "_all") text = "*";
  return { exclude, cluster, index: wildcardRegExp(text), matchesHidden: text.startsWith(".") || !text.includes("*") };
}

const BACKING_INDEX = /^\.ds-(.+)-\d{4}\.\d{2}\.\d{2}-\d+$/;

/** Candidate names an index can be matched under: itself and, for a backing index, its data stream. */
function namesOf(index: string): string[] {
  const m = BACKING_INDEX.exec(index);
  return m ? [index, m[1]!] : [index];
}

function clauseMatches(c: Clause, cluster: string | undefined, names: readonly string[]): boolean {
  if (cluster !== undefined) {
    if (c.cluster === undefined || !c.cluster.test(cluster)) return false;
  }
  return names.some((n) => (c.matchesHidden || !n.startsWith(".")) && c.index.test(n));
}

export function compileIndexPatterns(patterns: readonly string[]): IndexPredicate {
  const clauses = patterns.flatMap((p) => p.split(",")).map(compileClause).filter((c): c is Clause => c !== undefined);
  if (clauses.length === 0) return () => true;
  const cache = new Map<string, boolean>();
  return (index: string): boolean => {
    if (index === "") return true;
    const hit = cache.get(index);
    if (hit !== undefined) return hit;
    const colon = index.indexOf(":");
    const cluster = colon > 0 ? index.slice(0, colon) : undefined;
    const names = namesOf(colon > 0 ? index.slice(colon + 1) : index);
    let matched = false;
    for (const c of clauses) {
      if (c.exclude ? matched : !matched) {
        if (clauseMatches(c, cluster, names)) matched = !c.exclude;
      }
    }
    if (cache.size < 10_000) cache.set(index, matched);
    return matched;
  };
}

const dsType = fieldGetter("data_stream.type");
const dsDataset = fieldGetter("data_stream.dataset");
const dsNamespace = fieldGetter("data_stream.namespace");

function single(v: unknown): string | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === "string" && x !== "" ? x : undefined;
}

/** The index an event belongs to: `_index`, else its data stream name, else `fallback` ("" = unknown). */
export function eventIndex(source: Record<string, unknown>, fallback = ""): string {
  const idx = single(source["_index"]);
  if (idx !== undefined) return idx;
  const type = single(dsType(source));
  const dataset = single(dsDataset(source));
  const namespace = single(dsNamespace(source));
  if (type !== undefined && dataset !== undefined && namespace !== undefined) return `${type}-${dataset}-${namespace}`;
  return fallback;
}
