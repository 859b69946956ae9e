// # Literal gates: skip a rule when the event's field values lack a string every match needs
//
// The dispatcher (dispatch.ts) offers an event to the rules whose necessary *value* conditions it meets
// (category, OS, exact names). Many rules get past it on common values alone (a Windows process start) and
// then spend microseconds on long lists of wildcards over paths and command lines that almost never match.
// src/compile/necessary.ts also derives, per filter, *literal clauses*: disjunctions of strings, each tied to
// the field whose comparison produced it, such that a matching event has one of them in that field's value
// (a `*\\Temp\\*.exe` pattern needs `\Temp\`, `== "exec"` needs the whole value `exec`). A gate tests one
// such clause against the event's decoded field values — a few `includes` on strings read once per event —
// before the rule's own filters run, together with the filter's value conditions (its category, OS, exact
// values). A rule passes when some filter's gate passes; a filter that constrains nothing passes always.
//
// Sound, never precise: a literal counts as found whenever the answer is not plainly "no": a field value that
// is not a string (numbers and booleans are compared through their text, which may be spelled differently), or
// a value with a non-ASCII character for a case-insensitive literal (Unicode case mappings reach ASCII: the
// Kelvin sign lower-cases to "k"). Only the chosen clause is tested, so the gate is weaker than the clauses'
// conjunction, never stronger.

import type { FilterNecessity, LiteralClause, RawLiteral, ValueCondition } from "../compile/necessary.js";
import type { EventFilter, Expr, FieldRef } from "../eql/ast.js";
import type { FieldType } from "../eql/types.js";
import type { Schema } from "../eql/types.js";
import { allStrings, fieldGetter, flattenValues, type FieldGetter } from "../event/fields.js";

/** True when the event may match (the rule's filters decide); false when it certainly cannot. */
export type Gate = (source: Record<string, unknown>) => boolean;

/** Fields nearly every event has, whose literals the dispatcher's value conditions already cover. */
const COMMON_FIELDS: ReadonlySet<string> = new Set([
  "event.category",
  "event.type",
  "event.kind",
  "event.action",
  "event.outcome",
  "event.module",
  "event.dataset",
  "host.os.type",
  "host.os.family",
  "host.os.platform",
  "host.os.name",
  "agent.type",
  "data_stream.dataset",
  "network.direction",
  "network.transport",
]);

/** Field types whose values are whole numbers (a constant compares numerically). */
const INTEGER_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(["long", "integer", "short", "byte", "unsigned_long"]);

/** Clauses with more literals than this are not worth testing one by one. */
const MAX_LITERALS = 64;

interface Needle {
  readonly field: string;
  /** Decoded text (ASCII lower-cased when caseInsensitive). */
  readonly text: string;
  readonly caseInsensitive: boolean;
  /** The value must start / end with the text (the literal kept the JSON string's quote). */
  readonly atStart: boolean;
  readonly atEnd: boolean;
}

/**
 * `field ∈ values` (ASCII lower-cased values when caseInsensitive), or, with `numbers`, `field ∈ numbers`
 * (integers), with its answer for the event `epoch`.
 */
interface Condition {
  readonly slot: Slot;
  readonly values: ReadonlySet<string>;
  readonly numbers: ReadonlySet<number> | null;
  readonly caseInsensitive: boolean;
  epoch: number;
  holds: boolean;
}

/** A clause's literals on one field, of one case sensitivity. */
interface NeedleGroup {
  readonly slot: Slot;
  readonly caseInsensitive: boolean;
  readonly whole: Set<string>;
  readonly starts: string[];
  readonly ends: string[];
  readonly contains: string[];
}

/**
 * One field's values for the current event. The arrays are reused from event to event and only their first
 * `count` / `numberCount` entries are current (truncating them per event cost as much as the reads).
 */
interface Slot {
  epoch: number;
  /** A value that is not a string: every literal counts as found. */
  opaque: boolean;
  readonly values: string[];
  count: number;
  /** The field's numbers, and whether it holds values that are neither strings nor numbers. */
  readonly numbers: number[];
  numberCount: number;
  others: boolean;
  /** ASCII-folded values (`count` of them), null for a value with a non-ASCII character; valid while foldedEpoch is the event's. */
  readonly folded: (string | null)[];
  foldedEpoch: number;
  readonly get: FieldGetter;
}

/**
 * Gates of many rules over the same events, sharing one per-event cache of field values. An event is
 * recognised by the identity of its source object: the same object passed again reuses what was read.
 */
export class LiteralGates {
  private readonly slots = new Map<string, Slot>();
  private readonly conditions = new Map<string, Condition>();
  private epoch = 0;
  private current: Record<string, unknown> | null = null;

  constructor(private readonly schema: Schema | undefined) {}

  /**
   * The gate of a rule with these filters: some filter has all its value conditions met (category, OS, exact
   * values: the dispatcher checked them for *some* filter, not necessarily the one the literals belong to) and
   * a literal of its chosen clause found. Null when some filter constrains nothing.
   */
  gateFor(filters: readonly FilterNecessity[], asts?: readonly EventFilter[]): Gate | null {
    if (filters.length === 0) return null;
    const perFilter: { readonly conditions: readonly Condition[]; readonly needles: readonly NeedleGroup[] | null }[] = [];
    for (const [i, f] of filters.entries()) {
      const ast = asts?.[i];
      const conditions = [...f.conditions.map((c) => this.conditionOf(c)), ...(ast !== undefined ? this.numericConditions(ast.condition) : [])];
      const clause = chooseClause(f.clauses);
      let needles: NeedleGroup[] | null = null;
      if (clause !== null) {
        const found: Needle[] = [];
        for (const literal of clause) {
          const needle = this.needleOf(literal);
          if (needle === null) break;
          found.push(needle);
        }
        if (found.length === clause.length) needles = this.group(found);
      }
      if (conditions.length === 0 && needles === null) return null;
      perFilter.push({ conditions, needles });
    }
    return (source) => {
      if (source !== this.current) {
        this.current = source;
        this.epoch++;
      }
      for (let i = 0; i < perFilter.length; i++) {
        const f = perFilter[i]!;
        if (!this.allHold(source, f.conditions)) continue;
        if (f.needles === null || this.anyFound(source, f.needles)) return true;
      }
      return false;
    };
  }

  /**
   * `field == 445`, `field in (80, 443)` among the top-level conjuncts of a condition: the event must have the
   * field with an integer among those (when it holds any other integer only, and nothing else, it cannot
   * match). Only for fields the schema leaves untyped (the JSON value decides: numbers compare numerically)
   * or types as integers; non-integer numbers, strings and other values always pass (they may coerce).
   */
  private numericConditions(expr: Expr): Condition[] {
    const out: Condition[] = [];
    const visit = (e: Expr): void => {
      if (e.kind === "logical") {
        if (e.op === "and") {
          visit(e.left);
          visit(e.right);
        }
        return;
      }
      let field: FieldRef | null = null;
      let constants: readonly Expr[] = [];
      if (e.kind === "compare" && e.op === "==") {
        if (e.left.kind === "field" && e.right.kind === "number") [field, constants] = [e.left, [e.right]];
        else if (e.right.kind === "field" && e.left.kind === "number") [field, constants] = [e.right, [e.left]];
      } else if (e.kind === "in" && !e.negated && e.value.kind === "field") {
        [field, constants] = [e.value, e.list];
      }
      if (field === null || field.optional || constants.length === 0) return;
      const values: number[] = [];
      for (const c of constants) {
        if (c.kind !== "number" || !Number.isSafeInteger(c.value)) return;
        values.push(c.value);
      }
      const resolved = this.schema?.lookup(field.name);
      if (resolved !== undefined && (resolved.missing || resolved.nullValue !== undefined || !(resolved.type === "unknown" || INTEGER_TYPES.has(resolved.type)))) return;
      out.push(this.numericConditionOf(resolved?.path ?? field.name, values));
    };
    visit(expr);
    return out;
  }

  private numericConditionOf(field: string, values: readonly number[]): Condition {
    const sorted = [...new Set(values)].sort((a, b) => a - b);
    const key = `n\u0000${field}\u0000${sorted.join(",")}`;
    let condition = this.conditions.get(key);
    if (condition === undefined) {
      condition = { slot: this.slotOf(field), values: new Set(), numbers: new Set(sorted), caseInsensitive: false, epoch: 0, holds: false };
      this.conditions.set(key, condition);
    }
    return condition;
  }

  /** Conditions are shared by many rules (`host.os.type ∈ {windows}`): one object each, its answer kept per event. */
  private conditionOf(c: ValueCondition): Condition {
    const field = this.schema?.lookup(c.field)?.path ?? c.field;
    const values = [...new Set(c.values)].sort();
    const key = `${c.caseInsensitive ? "i" : "s"}\u0000${field}\u0000${values.join("\u0001")}`;
    let condition = this.conditions.get(key);
    if (condition === undefined) {
      condition = { slot: this.slotOf(field), values: new Set(values), numbers: null, caseInsensitive: c.caseInsensitive, epoch: 0, holds: false };
      this.conditions.set(key, condition);
    }
    return condition;
  }

  private allHold(source: Record<string, unknown>, conditions: readonly Condition[]): boolean {
    for (let i = 0; i < conditions.length; i++) {
      const condition = conditions[i]!;
      if (condition.epoch !== this.epoch) {
        condition.epoch = this.epoch;
        condition.holds = this.holds(source, condition);
      }
      if (!condition.holds) return false;
    }
    return true;
  }

  private holds(source: Record<string, unknown>, condition: Condition): boolean {
    const slot = condition.slot;
    if (slot.epoch !== this.epoch) this.read(slot, source);
    if (condition.numbers !== null) {
      // strings and other values may coerce: only integers can be told apart
      if (slot.count > 0 || slot.others) return true;
      const numbers = slot.numbers;
      for (let i = 0; i < slot.numberCount; i++) if (!Number.isInteger(numbers[i]) || condition.numbers.has(numbers[i]!)) return true;
      return false;
    }
    if (slot.opaque) return true;
    const values = condition.caseInsensitive ? this.folded(slot) : slot.values;
    for (let i = 0; i < slot.count; i++) {
      const v = values[i] as string | null;
      if (v === null || condition.values.has(v)) return true;
    }
    return false;
  }

  /** Needles by field and case: whole values in one set, then prefixes, suffixes and substrings. */
  private group(needles: readonly Needle[]): NeedleGroup[] {
    const groups = new Map<string, NeedleGroup>();
    for (const n of needles) {
      const key = `${n.caseInsensitive ? "i" : "s"}\u0000${n.field}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = { slot: this.slotOf(n.field), caseInsensitive: n.caseInsensitive, whole: new Set(), starts: [], ends: [], contains: [] };
        groups.set(key, g);
      }
      if (n.atStart && n.atEnd) g.whole.add(n.text);
      else if (n.atStart) g.starts.push(n.text);
      else if (n.atEnd) g.ends.push(n.text);
      else g.contains.push(n.text);
    }
    return [...groups.values()];
  }

  private anyFound(source: Record<string, unknown>, groups: readonly NeedleGroup[]): boolean {
    // indexed loops: this runs for every candidate rule of every event, and must not allocate
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      const slot = g.slot;
      if (slot.epoch !== this.epoch) this.read(slot, source);
      if (slot.opaque) return true;
      const n = slot.count;
      if (n === 0) continue;
      const values = g.caseInsensitive ? this.folded(slot) : slot.values;
      for (let j = 0; j < n; j++) {
        const v = values[j] as string | null;
        if (v === null || g.whole.has(v)) return true;
        const { starts, ends, contains } = g;
        for (let k = 0; k < starts.length; k++) if (v.startsWith(starts[k]!)) return true;
        for (let k = 0; k < ends.length; k++) if (v.endsWith(ends[k]!)) return true;
        for (let k = 0; k < contains.length; k++) if (v.includes(contains[k]!)) return true;
      }
    }
    return false;
  }


  private read(slot: Slot, source: Record<string, unknown>): void {
    slot.epoch = this.epoch;
    slot.opaque = false;
    slot.others = false;
    slot.count = 0;
    slot.numberCount = 0;
    const raw = slot.get(source);
    if (raw === undefined || raw === null) return;
    if (typeof raw === "string") {
      slot.values[0] = raw;
      slot.count = 1;
      return;
    }
    if (typeof raw === "number") {
      slot.numbers[0] = raw;
      slot.numberCount = 1;
      slot.opaque = true;
      return;
    }
    if (Array.isArray(raw) && allStrings(raw)) {
      for (let i = 0; i < raw.length; i++) slot.values[i] = raw[i] as string;
      slot.count = raw.length;
      return;
    }
    const flat: unknown[] = [];
    flattenValues(raw, flat);
    for (const v of flat) {
      if (typeof v === "string") slot.values[slot.count++] = v;
      else if (typeof v === "number") {
        slot.numbers[slot.numberCount++] = v;
        slot.opaque = true;
      } else if (v !== null && v !== undefined) {
        slot.opaque = true;
        slot.others = true;
      }
    }
  }

  /** The slot's values ASCII-folded (null for a value with a non-ASCII character), computed once per event. */
  private folded(slot: Slot): readonly (string | null)[] {
    if (slot.foldedEpoch === this.epoch) return slot.folded;
    slot.foldedEpoch = this.epoch;
    const out = slot.folded;
    for (let i = 0; i < slot.count; i++) out[i] = foldAscii(slot.values[i]!);
    return out;
  }

  private slotOf(field: string): Slot {
    let slot = this.slots.get(field);
    if (slot === undefined) {
      slot = { epoch: 0, opaque: false, values: [], count: 0, numbers: [], numberCount: 0, others: false, folded: [], foldedEpoch: 0, get: fieldGetter(field) };
      this.slots.set(field, slot);
    }
    return slot;
  }

  private needleOf(literal: RawLiteral): Needle | null {
    const resolved = this.schema?.lookup(literal.field);
    const field = resolved?.path ?? literal.field;
    let raw = literal.raw;
    const atStart = raw.startsWith('"');
    if (atStart) raw = raw.slice(1);
    // a closing quote of the JSON string, not an escaped quote inside it
    const atEnd = raw.endsWith('"') && !escapedAt(raw, raw.length - 1);
    if (atEnd) raw = raw.slice(0, -1);
    let text: string;
    try {
      text = JSON.parse(`"${raw}"`) as string;
    } catch {
      return null;
    }
    if (text.length === 0) return null;
    return { field, text: literal.caseInsensitive ? foldAscii(text) ?? text : text, caseInsensitive: literal.caseInsensitive, atStart, atEnd };
  }
}

/** The clause most worth testing: literals on fields the dispatcher does not already cover, long, few. */
function chooseClause(clauses: readonly LiteralClause[]): LiteralClause | null {
  let best: LiteralClause | null = null;
  let bestScore = 0;
  for (const clause of clauses) {
    if (clause.length === 0 || clause.length > MAX_LITERALS) continue;
    if (clause.some((l) => COMMON_FIELDS.has(l.field))) continue;
    let shortest = Number.POSITIVE_INFINITY;
    for (const l of clause) shortest = Math.min(shortest, l.raw.length);
    const score = Math.min(shortest, 16) - Math.log2(clause.length);
    if (shortest >= 3 && score > bestScore) {
      best = clause;
      bestScore = score;
    }
  }
  return best;
}

/** ASCII letters lower-cased; null when the text has a non-ASCII character. */
function foldAscii(text: string): string | null {
  let upper = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return null;
    if (c >= 0x41 && c <= 0x5a) upper = true;
  }
  return upper ? text.toLowerCase() : text;
}

/** Is the character at `i` preceded by an odd number of backslashes (escaped)? */
function escapedAt(text: string, i: number): boolean {
  let n = 0;
  for (let k = i - 1; k >= 0 && text.charCodeAt(k) === 0x5c; k--) n++;
  return n % 2 === 1;
}
