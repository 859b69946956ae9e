// # Field predicates shared by every rule, answered once per event
//
// The loaded rules repeat the same field queries (`host.os.type == "windows"`, `event.type == "start"`,
// the category of `process where`, the same process-name lists …), and an event is offered to dozens of
// rules in a row. A field predicate is a pure function of the field's values (its mapping view) and the
// query, so each distinct one is compiled once and keeps its answer for the last document it was asked
// about (documents are not mutated once read; the identity of the `source` object tells events apart).

import type { FieldValues } from "./doc-values.js";
import { foldedForm, NEVER, type SourcePredicate, type ValueTest } from "./field-predicates.js";

type Source = Record<string, unknown>;

const SHARED = new Map<string, SourcePredicate>();

/**
 * The shared predicate for `key`, made by `make` the first time. `key` must name everything the predicate
 * depends on: the field's mapping view (see doc-values `viewKey`) and the query on it.
 */
export function sharedPredicate(key: string, make: () => SourcePredicate): SourcePredicate {
  let p = SHARED.get(key);
  if (p === undefined) {
    p = answeredOncePerSource(make());
    SHARED.set(key, p);
  }
  return p;
}

function answeredOncePerSource(p: SourcePredicate): SourcePredicate {
  let last: Source | null = null;
  let answer = false;
  return (source) => {
    if (source === last) return answer;
    answer = p(source);
    last = source;
    return answer;
  };
}

/**
 * The shared "some value of the field passes `test`" (anyValue): the memo and the walk over the field's
 * values in one closure, one call less per question than wrapping anyValue's predicate.
 */
export function sharedFieldPredicate(key: string, values: FieldValues, makeTest: () => ValueTest): SourcePredicate {
  let p = SHARED.get(key);
  if (p === undefined) {
    p = fieldPredicate(values, makeTest());
    SHARED.set(key, p);
  }
  return p;
}

function fieldPredicate(values: FieldValues, test: ValueTest): SourcePredicate {
  if (test === NEVER) return () => false;
  let last: Source | null = null;
  let answer = false;
  const folded = foldedForm(test);
  if (folded !== undefined) {
    return (source) => {
      if (source === last) return answer;
      answer = values.someFolded(source, folded);
      last = source;
      return answer;
    };
  }
  return (source) => {
    if (source === last) return answer;
    answer = values.some(source, test);
    last = source;
    return answer;
  };
}

/** A constant's part of a key: its type and spelling (-0 apart from 0). */
export function constantKey(value: unknown): string {
  if (typeof value === "number" && Object.is(value, -0)) return "number:-0";
  return `${value === null ? "null" : typeof value}:${String(value)}`;
}
