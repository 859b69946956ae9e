// # Reading and comparing event field values (shared by exceptions and rule filters)
//
// Values of a field: nested or dotted keys, arrays flattened, nulls dropped (Elasticsearch indexes no value
// for null). `<field>.caseless` (the lowercase-normalised multi-field endpoint exceptions use) reads `<field>`
// when the document has no such key and compares case-insensitively. Comparisons follow keyword semantics:
// exact text (numbers and booleans by their text), plus IP address equality ("::1" = "0:0:0:0:0:0:0:1");
// wildcards are Elasticsearch's (`*`, `?`, `\` escapes, anchored).

import { fieldGetter, flattenValues } from "../event/fields.js";
import { canonicalIp } from "../compile/cidr.js";
import { compileWildcard, type StringMatcher } from "../compile/wildcard.js";

export type EventSource = Record<string, unknown>;

export type ValueReader = (source: EventSource) => unknown[];

const CASELESS = ".caseless";

export interface FieldRead {
  readonly read: ValueReader;
  readonly caseless: boolean;
}

/** Read all leaf values of a field (nested or dotted keys, arrays flattened; nulls dropped). */
export function fieldRead(path: string): FieldRead {
  const direct = fieldGetter(path);
  const flat = (v: unknown): unknown[] => {
    const out: unknown[] = [];
    flattenValues(v, out);
    return out.filter((x) => x !== null);
  };
  if (!path.endsWith(CASELESS)) return { read: (s) => flat(direct(s)), caseless: false };
  const base = fieldGetter(path.slice(0, -CASELESS.length));
  return {
    read: (s) => {
      const v = direct(s);
      return flat(v === undefined ? base(s) : v);
    },
    caseless: true,
  };
}

export function textOf(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return undefined;
}

/** An address's identity for equality ("::1" = "0:0:0:0:0:0:0:1"), parsed as Elasticsearch's ip fields parse it. */
function ipKey(text: string): string | undefined {
  return canonicalIp(text) ?? undefined;
}

/** Equality test for one expected text against field values (exact text, else IP address equality). */
export function equalsTest(expected: readonly string[], caseless: boolean): (values: readonly unknown[]) => boolean {
  const wanted = new Set(caseless ? expected.map((x) => x.toLowerCase()) : expected);
  const wantedIps = new Set(expected.map(ipKey).filter((k): k is string => k !== undefined));
  return (values) =>
    values.some((v) => {
      const t = textOf(v);
      if (t === undefined) return false;
      if (wanted.has(caseless ? t.toLowerCase() : t)) return true;
      if (wantedIps.size > 0 && (t.includes(":") || t.includes("."))) {
        const k = ipKey(t);
        return k !== undefined && wantedIps.has(k);
      }
      return false;
    });
}

// ---------- wildcard (Elasticsearch `wildcard` query)

/**
 * Anchored `*`/`?` match with `\` escapes (the `wildcard` query). Case-insensitive means lower-cased as the
 * `.caseless` normaliser does (Unicode lower case of pattern and value), unlike EQL's ASCII-only folding.
 */
export function wildcardQueryMatcher(pattern: string, caseInsensitive = false): StringMatcher {
  if (!caseInsensitive) return compileWildcard(pattern, false, true);
  const match = compileWildcard(pattern.toLowerCase(), false, true);
  return (text) => match(text.toLowerCase());
}

/** One-off `wildcardQueryMatcher(pattern, caseInsensitive)(text)`. */
export function wildcardMatch(pattern: string, text: string, caseInsensitive = false): boolean {
  return wildcardQueryMatcher(pattern, caseInsensitive)(text);
}
