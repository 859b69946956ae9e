// # Field-level predicates (what Elasticsearch runs as Lucene queries)
//
// `field OP constant`, `field in (…)`, `:`/like/regex on a field, startsWith/endsWith/stringContains/
// cidrMatch on a field: Elasticsearch turns each into a term/terms/range/wildcard/regexp/prefix query on
// the field's indexed values, so a multi-valued field matches when ANY value matches and a missing field
// never matches. Each builder here returns a test of one indexed value; shared-predicates.ts lifts it to the
// field (any value passing).

import type { ComparisonOp } from "../eql/ast.js";
import type { DataType, ResolvedField } from "../eql/types.js";
import { compareDates, parseDateLiteral, type DateValue } from "../event/timestamp.js";
import { compileCidrMatcher } from "./cidr.js";
import { canonicalIp } from "./cidr.js";
import { ipBytes, type DocValue } from "./doc-values.js";
import type { ScalarValue } from "./functions/registry.js";
import { regexMatcher, type StringMatcher } from "./patterns.js";
import { compileFoldedWildcard, compileWildcard } from "./wildcard.js";
import { asciiLower } from "./case-fold.js";
import { compareCodePoints } from "./strings.js";
import { compareVersions } from "./version.js";
import { FIELD_DATA_TYPE } from "../schema/field-types.js";
import { javaDoubleToString } from "./functions/java.js";

export type ValueTest = (v: DocValue) => boolean;
/** A test of a string value's ASCII-folded text (`asciiLower`); non-string values never pass. */
export type FoldedTest = (folded: string) => boolean;
export type SourcePredicate = (source: Record<string, unknown>) => boolean;

export const NEVER: ValueTest = () => false;

/**
 * Case-insensitive string tests also exist as tests of the folded text, so a field's values are folded once
 * per event (field-view.ts) instead of once per test. `test(v)` is `typeof v === "string" && folded(asciiLower(v))`.
 */
const FOLDED_FORMS = new WeakMap<ValueTest, FoldedTest>();

/** The test of folded texts equivalent to `test`, if it has one. */
export function foldedForm(test: ValueTest): FoldedTest | undefined {
  return FOLDED_FORMS.get(test);
}

/** A value test that is `folded` applied to a string value's ASCII-folded text. */
export function foldedTest(folded: FoldedTest): ValueTest {
  const test: ValueTest = (v) => typeof v === "string" && folded(asciiLower(v));
  FOLDED_FORMS.set(test, folded);
  return test;
}


function dataType(field: ResolvedField): DataType {
  return FIELD_DATA_TYPE[field.type] ?? "unknown";
}

/** A comparator of indexed values against one constant, by field type; null when the constant cannot apply. */
function comparator(field: ResolvedField, constant: Exclude<ScalarValue, null>): ((v: DocValue) => number) | null {
  const t = dataType(field);
  switch (t) {
    case "string": {
      // A number or boolean constant is compared as its text, as a keyword term query converts it.
      const text = keywordText(constant);
      return (v) => (typeof v === "string" ? compareCodePoints(v, text) : Number.NaN);
    }
    case "integer":
    case "float": {
      const n = typeof constant === "number" ? constant : typeof constant === "string" && constant.trim() !== "" ? Number(constant) : Number.NaN;
      if (Number.isNaN(n)) return null;
      const k = field.type === "float" || field.type === "half_float" ? Math.fround(n) : n;
      return (v) => (typeof v === "number" ? v - k : Number.NaN);
    }
    case "boolean": {
      const b = constant === true || constant === "true" ? true : constant === false || constant === "false" ? false : null;
      if (b === null) return null;
      return (v) => (typeof v === "boolean" ? Number(v) - Number(b) : Number.NaN);
    }
    case "ip": {
      if (typeof constant !== "string") return null;
      const c = canonicalIp(constant);
      const bytes = c === null ? null : ipBytes(c);
      if (bytes === null) return null;
      return (v) => {
        if (typeof v !== "string") return Number.NaN;
        if (v === c) return 0;
        const vb = ipBytes(v);
        if (vb === null) return Number.NaN;
        for (let i = 0; i < 16; i++) if (vb[i] !== bytes[i]) return vb[i]! - bytes[i]!;
        return 0;
      };
    }
    case "version":
      if (typeof constant !== "string") return null;
      return (v) => (typeof v === "string" ? compareVersions(v, constant) : Number.NaN);
    case "date":
    case "date_nanos":
      return null; // see dateTest
    case "unknown":
    case "null": {
      // No mapping: the value's JSON type decides. Across types, compare as Elasticsearch would once the
      // field is mapped by its value: a numeric string against a number numerically, a number or boolean
      // against a string through its text.
      const asNumber = typeof constant === "string" ? numericConstant(constant) : null;
      const asText = typeof constant === "string" ? constant : null;
      return (v) => {
        if (typeof v === "number" && typeof constant === "number") return v - constant;
        if (typeof v === "string" && typeof constant === "string") return compareCodePoints(v, constant);
        if (typeof v === "boolean" && typeof constant === "boolean") return Number(v) - Number(constant);
        if (typeof v === "string" && typeof constant === "number") {
          const n = numericConstant(v);
          return n === null ? Number.NaN : n - constant;
        }
        if (asText !== null && (typeof v === "number" || typeof v === "boolean")) {
          if (typeof v === "number" && asNumber !== null) return v - asNumber;
          return compareCodePoints(String(v), asText);
        }
        return Number.NaN;
      };
    }
    default: {
      const never: never = t;
      throw new Error(`unexpected type ${String(never)}`);
    }
  }
}

/** A constant as a keyword term query spells it (numbers and booleans by their text). */
function keywordText(constant: Exclude<ScalarValue, null>): string {
  return typeof constant === "string" ? constant : typeof constant === "boolean" ? String(constant) : Number.isInteger(constant) ? String(constant) : javaDoubleToString(constant);
}

function numericConstant(s: string): number | null {
  const t = s.trim();
  if (t === "" || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

const RANGE: { readonly [K in ComparisonOp]: (c: number) => boolean } = {
  "==": (c) => c === 0,
  "!=": (c) => c !== 0 && !Number.isNaN(c),
  "<": (c) => c < 0,
  "<=": (c) => c <= 0,
  ">": (c) => c > 0,
  ">=": (c) => c >= 0,
};

/**
 * Range and term queries on date fields. Text bounds are parsed as Elasticsearch does: `>=`/`<` with missing
 * parts at their minimum, `>`/`<=` rounded up (a date-only `<= "2020-01-01"` covers that whole day), `==` as
 * the range between both (so `== "2017-08-30T20:47:33Z"` covers that second); `date` fields compare at
 * millisecond resolution (bounds truncated), `date_nanos` at nanoseconds.
 */
function dateTest(field: ResolvedField, op: ComparisonOp, constant: string | number): ValueTest {
  const millis = field.type === "date";
  const bound = (roundUp: boolean): DateValue | null => {
    const d = parseDateLiteral(constant, roundUp);
    return d === null ? null : millis ? { ms: d.ms, ns: 0 } : d;
  };
  const lo = bound(false);
  const hi = bound(true);
  if (lo === null || hi === null) return NEVER;
  const isDate = (v: DocValue): v is DateValue => typeof v === "object";
  switch (op) {
    case "==":
    case "!=":
      return (v) => isDate(v) && compareDates(v, lo) >= 0 && compareDates(v, hi) <= 0;
    case ">=":
      return (v) => isDate(v) && compareDates(v, lo) >= 0;
    case "<":
      return (v) => isDate(v) && compareDates(v, lo) < 0;
    case ">":
      return (v) => isDate(v) && compareDates(v, hi) > 0;
    case "<=":
      return (v) => isDate(v) && compareDates(v, hi) <= 0;
    default: {
      const never: never = op;
      throw new Error(`unexpected operator ${String(never)}`);
    }
  }
}

/** term (==) and range (<, <=, >, >=) queries. `!=` is the caller's must_not of `==`. */
export function comparisonTest(field: ResolvedField, op: ComparisonOp, constant: ScalarValue): ValueTest {
  if (constant === null) return NEVER;
  const t = dataType(field);
  if (t === "date" || t === "date_nanos") return typeof constant === "boolean" ? NEVER : dateTest(field, op, constant);
  if (op === "==" && t === "string") {
    // compareCodePoints(v, text) is 0 exactly when the strings are equal
    const text = keywordText(constant);
    return (v) => v === text;
  }
  if (op === "==" && (t === "unknown" || t === "null") && typeof constant === "string") return unmappedEqualsText(constant);
  const cmp = comparator(field, constant);
  if (cmp === null) return NEVER;
  const accept = RANGE[op];
  return (v) => accept(cmp(v));
}

/**
 * `==` of a text constant on a field without a mapping type: exactly the unmapped comparator's `== 0` (a
 * string value equals the text; a number compares numerically with a numeric text, else by its text; a
 * boolean by its text), without going through a three-way comparison per value.
 */
function unmappedEqualsText(constant: string): ValueTest {
  const asNumber = numericConstant(constant);
  return (v) => {
    if (typeof v === "string") return v === constant;
    if (typeof v === "number") return asNumber !== null ? v - asNumber === 0 : String(v) === constant;
    if (typeof v === "boolean") return String(v) === constant;
    return false;
  };
}

/** terms query: any value equal to any constant (nulls in the list are dropped). */
export function termsTest(field: ResolvedField, constants: readonly ScalarValue[]): ValueTest {
  const present = constants.filter((c): c is Exclude<ScalarValue, null> => c !== null);
  const t = dataType(field);
  if (t === "string" && present.length > 1) {
    const texts = new Set(present.map(keywordText));
    return (v) => typeof v === "string" && texts.has(v);
  }
  const tests = present.map((c) => comparisonTest(field, "==", c));
  if (tests.length === 0) return NEVER;
  if (tests.length === 1) return tests[0]!;
  const any: ValueTest = (v) => {
    for (const t of tests) if (t(v)) return true;
    return false;
  };
  if ((t === "unknown" || t === "null") && present.every((c) => typeof c === "string")) {
    // Without a mapping a string value equals a text constant exactly when it is that text: one Set lookup;
    // numbers and booleans still go through each constant's test.
    const texts = new Set(present as string[]);
    return (v) => (typeof v === "string" ? texts.has(v) : any(v));
  }
  return any;
}

function onStrings(m: StringMatcher): ValueTest {
  return (v) => typeof v === "string" && m(v);
}

/** `field : "text"` (case-insensitive term query: ASCII letters fold). */
export function insensitiveEqualsTest(text: string): ValueTest {
  const lowered = asciiLower(text);
  return foldedTest((folded) => folded === lowered);
}

/** wildcard query: EQL dialect (`:`/like) or raw Lucene strings (endsWith/stringContains), which honour `\`. */
export function wildcardTest(pattern: string, caseInsensitive: boolean, luceneEscapes = false): ValueTest {
  if (caseInsensitive) return foldedTest(compileFoldedWildcard(pattern, luceneEscapes));
  return onStrings(compileWildcard(pattern, false, luceneEscapes));
}

export function regexTest(pattern: string, caseInsensitive: boolean): ValueTest {
  return onStrings(regexMatcher(pattern, caseInsensitive));
}

export function prefixTest(prefix: string, caseInsensitive: boolean): ValueTest {
  if (!caseInsensitive) return (v) => typeof v === "string" && v.startsWith(prefix);
  return wildcardTest(prefix.replace(/[*?\\]/g, "\\$&") + "*", true, true);
}

/** terms query of CIDR blocks on an ip field. */
export function cidrTest(blocks: readonly string[]): ValueTest {
  const m = compileCidrMatcher(blocks);
  return (v) => typeof v === "string" && m(v) === true;
}
