// # Dispatch: which rules can use an event at all
//
// With hundreds of rules, evaluating every rule's filters on every event is the cost to avoid. From each
// filter of a rule (sequence stages, missing stages, until, sample stages) src/compile/necessary.ts derives
// value conditions every matching event satisfies (`event.category ∈ {process}`, `host.os.type ∈ {windows}`,
// `process.name ∈ {…}`). One condition per filter, the most selective, becomes an index key; the filter's
// other conditions are checked on the event's values, which are read once per event and field. A rule is
// offered an event when some filter of it passes; a rule with a filter that has no conditions gets every
// event. The conditions are necessary, never sufficient: the rule's own filters still decide.

import type { FilterNecessity, ValueCondition } from "../compile/necessary.js";
import { fieldGetter, flattenValues, type FieldGetter } from "../event/fields.js";

/** Fields nearly every event has with few distinct values: poor index keys. */
const COMMON_FIELDS = new Set(["event.category", "event.type", "event.kind", "event.module", "event.dataset", "event.outcome", "host.os.type", "host.os.family", "host.os.platform", "host.os.name", "data_stream.dataset", "data_stream.type"]);

interface Check {
  readonly field: string;
  readonly values: ReadonlySet<string>;
  readonly caseInsensitive: boolean;
}

/** A field's values for the current event (reused from event to event). */
interface FieldSlot {
  stamp: number;
  readonly values: string[];
  readonly get: FieldGetter;
}

/** Items sharing one index key and the same remaining checks: the checks run once for all of them. */
interface Entry<T> {
  readonly items: T[];
  readonly others: readonly Check[];
  readonly signature: string;
}

function toCheck(c: ValueCondition): Check {
  return { field: c.field, values: new Set(c.caseInsensitive ? c.values.map((v) => v.toLowerCase()) : c.values), caseInsensitive: c.caseInsensitive };
}

function keyScore(c: ValueCondition): number {
  return (COMMON_FIELDS.has(c.field) ? 0 : 1_000_000) - c.values.length;
}

/**
 * Two levels: filters that name a category (`process where …`) are split by category value, each category
 * with its own FieldIndex over the fields its filters use; the rest share one. An event then reads its
 * category once and consults only the indexes of its categories (plus the shared one), so a network event
 * never reads the fields that only process rules test.
 */
export class Dispatcher<T> {
  private readonly byCategory = new Map<string, FieldIndex<T>>();
  private readonly rest: FieldIndex<T>;
  private readonly categoryGetter = fieldGetter(CATEGORY_FIELD);
  /** Scratch for an event's categories (reused from event to event). */
  private readonly flat: unknown[] = [];

  constructor(entries: readonly { readonly item: T; readonly filters: readonly FilterNecessity[] }[]) {
    const perCategory = new Map<string, { item: T; filters: FilterNecessity[] }[]>();
    const rest: { item: T; filters: FilterNecessity[] }[] = [];
    const add = (list: { item: T; filters: FilterNecessity[] }[], item: T, f: FilterNecessity) => {
      const last = list[list.length - 1];
      if (last !== undefined && last.item === item) last.filters.push(f);
      else list.push({ item, filters: [f] });
    };
    for (const { item, filters } of entries) {
      if (filters.length === 0) {
        rest.push({ item, filters: [] });
        continue;
      }
      for (const f of filters) {
        const category = f.conditions.find((c) => c.field === CATEGORY_FIELD && !c.caseInsensitive);
        if (category === undefined) {
          add(rest, item, f);
          continue;
        }
        const others: FilterNecessity = { conditions: f.conditions.filter((c) => c !== category), clauses: f.clauses };
        for (const value of new Set(category.values)) {
          let list = perCategory.get(value);
          if (list === undefined) perCategory.set(value, (list = []));
          add(list, item, others);
        }
      }
    }
    for (const [value, list] of perCategory) this.byCategory.set(value, new FieldIndex(list));
    this.rest = new FieldIndex(rest);
  }

  /** Calls `visit` for each item that may match (an item may be visited more than once). */
  forEachCandidate(source: Record<string, unknown>, visit: (item: T) => void): void {
    this.rest.forEachCandidate(source, visit);
    if (this.byCategory.size === 0) return;
    const raw = this.categoryGetter(source);
    if (typeof raw === "string") {
      this.byCategory.get(raw)?.forEachCandidate(source, visit);
    } else if (Array.isArray(raw)) {
      const flat = this.flat;
      flat.length = 0;
      flattenValues(raw, flat);
      for (let i = 0; i < flat.length; i++) {
        const v = flat[i];
        // Each distinct category once (arrays are short: a linear look back beats a Set).
        if (typeof v !== "string" || flat.indexOf(v) < i) continue;
        this.byCategory.get(v)?.forEachCandidate(source, visit);
      }
    }
  }
}

const CATEGORY_FIELD = "event.category";

/** One level of the index: a key condition per filter, the other conditions checked on the event. */
class FieldIndex<T> {
  private readonly always: T[] = [];
  /** field → value → entries; `folded` holds case-insensitive keys, lower-cased. */
  private readonly exact = new Map<string, Map<string, Entry<T>[]>>();
  private readonly folded = new Map<string, Map<string, Entry<T>[]>>();
  private readonly getters = new Map<string, FieldGetter>();
  /** Per-event cache of each field's values: valid while `stamp` of the field equals `event`. */
  private readonly slots = new Map<string, FieldSlot>();
  private event = 0;
  private source: Record<string, unknown> | null = null;

  constructor(entries: readonly { readonly item: T; readonly filters: readonly FilterNecessity[] }[]) {
    for (const { item, filters } of entries) {
      if (filters.length === 0 || filters.some((f) => f.conditions.length === 0)) {
        this.always.push(item);
        continue;
      }
      for (const f of filters) {
        let key = f.conditions[0]!;
        for (const c of f.conditions) if (keyScore(c) > keyScore(key)) key = c;
        const others = f.conditions.filter((c) => c !== key).map(toCheck);
        const signature = others
          .map((c) => `${c.field}\u0001${c.caseInsensitive ? "i" : "s"}\u0001${[...c.values].sort().join("\u0002")}`)
          .sort()
          .join("\u0003");
        const index = key.caseInsensitive ? this.folded : this.exact;
        let byValue = index.get(key.field);
        if (byValue === undefined) index.set(key.field, (byValue = new Map()));
        for (const raw of new Set(key.values)) {
          const v = key.caseInsensitive ? raw.toLowerCase() : raw;
          let list = byValue.get(v);
          if (list === undefined) byValue.set(v, (list = []));
          const entry = list.find((e) => e.signature === signature);
          if (entry === undefined) list.push({ items: [item], others, signature });
          else if (entry.items[entry.items.length - 1] !== item) entry.items.push(item);
        }
        for (const c of f.conditions) if (!this.getters.has(c.field)) this.getters.set(c.field, fieldGetter(c.field));
      }
    }
  }

  /** Calls `visit` for each item that may match (an item may be visited more than once). */
  forEachCandidate(source: Record<string, unknown>, visit: (item: T) => void): void {
    this.source = source;
    this.event++;
    for (const item of this.always) visit(item);
    for (const [field, byValue] of this.exact) {
      for (const v of this.valuesOf(field)) {
        const list = byValue.get(v);
        if (list !== undefined) for (const e of list) if (this.holds(e.others)) for (const item of e.items) visit(item);
      }
    }
    for (const [field, byValue] of this.folded) {
      for (const v of this.valuesOf(field)) {
        const list = byValue.get(v.toLowerCase());
        if (list !== undefined) for (const e of list) if (this.holds(e.others)) for (const item of e.items) visit(item);
      }
    }
    this.source = null;
  }

  private holds(checks: readonly Check[]): boolean {
    for (const c of checks) {
      let ok = false;
      for (const v of this.valuesOf(c.field)) {
        if (c.values.has(c.caseInsensitive ? v.toLowerCase() : v)) {
          ok = true;
          break;
        }
      }
      if (!ok) return false;
    }
    return true;
  }

  /** The field's values as strings (numbers and booleans by their text), read once per event. */
  private valuesOf(field: string): readonly string[] {
    let slot = this.slots.get(field);
    if (slot === undefined) {
      slot = { stamp: 0, values: [], get: this.getters.get(field)! };
      this.slots.set(field, slot);
    }
    if (slot.stamp === this.event) return slot.values;
    slot.stamp = this.event;
    const raw = slot.get(this.source!);
    const out = slot.values;
    out.length = 0;
    if (typeof raw === "string") out.push(raw);
    else if (Array.isArray(raw) && raw.every((v) => typeof v === "string")) {
      for (let i = 0; i < raw.length; i++) out.push(raw[i] as string);
    } else if (raw !== undefined && raw !== null) {
      const flat: unknown[] = [];
      flattenValues(raw, flat);
      for (const v of flat) if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out.push(String(v));
    }
    return out;
  }
}
