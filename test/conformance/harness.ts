// # Scoring Elasticsearch EQL conformance cases (shared/conformance/es-eql/README.md, "How the reference
// harness judges a case")

import { join } from "node:path";

export interface ConformanceCase {
  readonly name: string;
  readonly query: string;
  readonly expected_event_ids: readonly number[] | readonly (readonly number[])[];
  readonly _expected_is_alternatives?: boolean;
  readonly data: readonly string[];
  readonly mappings: readonly string[];
  readonly join_keys?: readonly (string | number | boolean | null)[];
  readonly size?: number;
  readonly max_samples_per_key?: number;
  readonly _id_field: string;
  readonly _tiebreaker_field: string | null;
  readonly _also_run_against?: { readonly index: string; readonly dataset: readonly string[] };
}

export interface Verdict {
  readonly ok: boolean;
  readonly message: string;
}

export interface EsEvent {
  readonly _source?: Record<string, unknown>;
  readonly missing?: boolean;
}

export interface EsBody {
  readonly hits?: {
    readonly events?: readonly EsEvent[];
    readonly sequences?: readonly { readonly join_keys?: readonly unknown[]; readonly events?: readonly EsEvent[] }[];
  };
}

export function caseArgv(c: ConformanceCase, suite: string): string[] {
  const argv = ["query", "--format", "es"];
  for (const d of c.data) argv.push("--data", join(suite, "data", `${d}.ndjson`));
  for (const m of c.mappings) argv.push("--mapping", join(suite, "mappings", `${m}.json`));
  argv.push("--timestamp-field", "@timestamp", "--event-category-field", "event.category");
  if (c._tiebreaker_field) argv.push("--tiebreaker-field", c._tiebreaker_field);
  argv.push("--size", String(c.size ?? 50));
  if (c.max_samples_per_key !== undefined) argv.push("--max-samples-per-key", String(c.max_samples_per_key));
  argv.push(c.query.trim());
  return argv;
}

function renderKey(v: unknown): string {
  return v === null || v === undefined ? "null" : typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Judge one response body as the reference harness does. */
export function judge(c: ConformanceCase, body: EsBody): Verdict {
  const hits = body.hits ?? {};
  const events: readonly EsEvent[] = hits.events ?? (hits.sequences ?? []).flatMap((s) => s.events ?? []);
  const ids = events.map((e) => {
    if (e.missing === true || e._source === undefined) return -1;
    return e._source[c._id_field] ?? null;
  });
  const expected = c.expected_event_ids;
  const alternatives = c._expected_is_alternatives ? (expected as readonly (readonly number[])[]) : [expected as readonly number[]];
  const actualText = JSON.stringify(ids);
  if (!alternatives.some((alt) => JSON.stringify(alt) === actualText)) {
    const want = alternatives.map((a) => JSON.stringify(a)).join(" or ");
    return { ok: false, message: `event ids ${actualText}, expected ${want}` };
  }
  if (c.join_keys && c.join_keys.length > 0) {
    const actualKeys = (hits.sequences ?? []).flatMap((s) => s.join_keys ?? []).map(renderKey);
    const expectedKeys = c.join_keys.map(renderKey);
    if (JSON.stringify(actualKeys) !== JSON.stringify(expectedKeys)) {
      return { ok: false, message: `join_keys ${JSON.stringify(actualKeys)}, expected ${JSON.stringify(expectedKeys)}` };
    }
  }
  return { ok: true, message: "" };
}
