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
import { allStrings, fieldGetter, fieldReader, flattenValues, type FieldGetter } from "../event/fields.js";

/** Fields nearly every event has with few distinct values: poor index keys. */
const COMMON_FIELDS = new Set(["event.category", "event.type", "event.kind", "event.module", "event.dataset", "event.outcome", "host.os.type", "host.os.family", "host.os.platform", "host.os.name", "data_stream.dataset", "data_stream.type"]);

/**
 * "Some value of the field is one of these": one object per distinct condition of a Dispatcher (the same
 * `host.os.type ∈ {windows}` sits in hundreds of entries), answered once per document.
 */
class Check {
  private source: Record<string, unknown> | null = null;
  private answer = false;

  constructor(
    private readonly slot: FieldSlot,
    private readonly values: ReadonlySet<string>,
    private readonly caseInsensitive: boolean,
  ) {}

  holds(source: Record<string, unknown>): boolean {
    if (source === this.source) return this.answer;
    const slot = this.slot;
    let ok = false;
    if (this.caseInsensitive) {
      const n = slot.readLowered(source);
      for (let i = 0; i < n && !ok; i++) ok = this.values.has(slot.loweredAt(i));
    } else {
      const n = slot.read(source);
      for (let i = 0; i < n && !ok; i++) ok = this.values.has(slot.at(i));
    }
    this.source = source;
    this.answer = ok;
    return ok;
  }
}

/** Items sharing one index key and the same remaining checks: the checks run once for all of them. */
interface Entry<T> {
  readonly items: T[];
  readonly others: readonly Check[];
  readonly signature: string;
}

/** An index key field: its values look up the entries (lower-cased first when `folded`). */
interface KeyField<T> {
  readonly slot: FieldSlot;
  readonly folded: boolean;
  readonly byValue: ReadonlyMap<string, Entry<T>[]>;
}

/**
 * A field's values as the index compares them (strings; numbers and booleans by their text), read once per
 * document and shared by every level of the index. Keyed by the identity of the document (documents are not
 * mutated once read); the lower-cased values are made on first use.
 */
class FieldSlot {
  private source: Record<string, unknown> | null = null;
  private readonly values: string[] = [];
  private count = 0;
  private loweredOf: Record<string, unknown> | null = null;
  private readonly lowered: string[] = [];
  /** Scratch for flattening odd shapes (nested arrays, mixed types). */
  private static readonly flat: unknown[] = [];

  constructor(private readonly get: FieldGetter) {}

  /** Number of values of `source` (then read them with `at`). */
  read(source: Record<string, unknown>): number {
    if (source !== this.source) this.load(source);
    return this.count;
  }

  at(i: number): string {
    return this.values[i]!;
  }

  /** Number of values of `source`, lower-cased (then read them with `loweredAt`). */
  readLowered(source: Record<string, unknown>): number {
    if (source !== this.loweredOf) {
      const n = this.read(source);
      for (let i = 0; i < n; i++) this.lowered[i] = this.values[i]!.toLowerCase();
      this.loweredOf = source;
    }
    return this.count;
  }

  loweredAt(i: number): string {
    return this.lowered[i]!;
  }

  private load(source: Record<string, unknown>): void {
    const raw = this.get(source);
    const out = this.values;
    let n = 0;
    if (typeof raw === "string") out[n++] = raw;
    else if (Array.isArray(raw) && allStrings(raw)) {
      for (let i = 0; i < raw.length; i++) out[n++] = raw[i] as string;
    } else if (raw !== undefined && raw !== null) {
      const flat = FieldSlot.flat;
      flat.length = 0;
      flattenValues(raw, flat);
      for (let i = 0; i < flat.length; i++) {
        const v = flat[i];
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[n++] = String(v);
      }
      flat.length = 0;
    }
    this.count = n;
    this.source = source;
  }
}

/** One FieldSlot per field and one Check per distinct condition, shared by the levels of one Dispatcher. */
class Slots {
  private readonly byField = new Map<string, FieldSlot>();
  private readonly checks = new Map<string, Check>();

  /** The check that some value of `field` (lower-cased when `caseInsensitive`) is in `values` (sorted, distinct). */
  check(field: string, values: readonly string[], caseInsensitive: boolean): Check {
    const key = `${field}\u0001${caseInsensitive ? "i" : "s"}\u0001${values.join("\u0002")}`;
    let check = this.checks.get(key);
    if (check === undefined) {
      check = new Check(this.of(field), new Set(values), caseInsensitive);
      this.checks.set(key, check);
    }
    return check;
  }

  of(field: string): FieldSlot {
    let slot = this.byField.get(field);
    if (slot === undefined) {
      slot = new FieldSlot(fieldReader(field));
      this.byField.set(field, slot);
    }
    return slot;
  }
}

function toCheck(c: ValueCondition, slots: Slots): Check {
  return slots.check(c.field, [...new Set(c.caseInsensitive ? c.values.map((v) => v.toLowerCase()) : c.values)].sort(), c.caseInsensitive);
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
  private readonly slots = new Slots();

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
    for (const [value, list] of perCategory) this.byCategory.set(value, new FieldIndex(list, this.slots));
    this.rest = new FieldIndex(rest, this.slots);
  }

  /** Calls `visit` for each item that may match (an item may be visited more than once). */
  forEachCandidate(source: Record<string, unknown>, visit: (item: T) => void): void {
    this.rest.forEachCandidate(source, visit);
    if (this.byCategory.size === 0) return;
    const raw = this.categoryGetter(source);
    if (typeof raw === "string") {
      this.byCategory.get(raw)?.forEachCandidate(source, visit);
    } else if (Array.isArray(raw)) {
      // Usually a flat list of strings: used as it is (no copy); else flattened into the scratch list.
      let flat: readonly unknown[] = raw;
      if (!allStrings(raw)) {
        const scratch = this.flat;
        scratch.length = 0;
        flattenValues(raw, scratch);
        flat = scratch;
      }
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
  /** The key fields: exact ones first, then case-insensitive ones (keys lower-cased). */
  private readonly keys: KeyField<T>[] = [];

  constructor(entries: readonly { readonly item: T; readonly filters: readonly FilterNecessity[] }[], slots: Slots) {
    /** field → value → entries; `folded` holds case-insensitive keys, lower-cased. */
    const exact = new Map<string, Map<string, Entry<T>[]>>();
    const folded = new Map<string, Map<string, Entry<T>[]>>();
    for (const { item, filters } of entries) {
      if (filters.length === 0 || filters.some((f) => f.conditions.length === 0)) {
        this.always.push(item);
        continue;
      }
      for (const f of filters) {
        let key = f.conditions[0]!;
        for (const c of f.conditions) if (keyScore(c) > keyScore(key)) key = c;
        const rest = f.conditions.filter((c) => c !== key);
        const others = rest.map((c) => toCheck(c, slots));
        const signature = rest
          .map((c) => `${c.field}\u0001${c.caseInsensitive ? "i" : "s"}\u0001${[...new Set(c.caseInsensitive ? c.values.map((v) => v.toLowerCase()) : c.values)].sort().join("\u0002")}`)
          .sort()
          .join("\u0003");
        const index = key.caseInsensitive ? folded : exact;
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
      }
    }
    for (const [field, byValue] of exact) this.keys.push({ slot: slots.of(field), folded: false, byValue });
    for (const [field, byValue] of folded) this.keys.push({ slot: slots.of(field), folded: true, byValue });
  }

  /** Calls `visit` for each item that may match (an item may be visited more than once). */
  forEachCandidate(source: Record<string, unknown>, visit: (item: T) => void): void {
    const always = this.always;
    for (let i = 0; i < always.length; i++) visit(always[i]!);
    const keys = this.keys;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const slot = key.slot;
      const n = key.folded ? slot.readLowered(source) : slot.read(source);
      for (let i = 0; i < n; i++) {
        const list = key.byValue.get(key.folded ? slot.loweredAt(i) : slot.at(i));
        if (list === undefined) continue;
        for (let e = 0; e < list.length; e++) {
          const entry = list[e]!;
          if (!holds(entry.others, source)) continue;
          const items = entry.items;
          for (let j = 0; j < items.length; j++) visit(items[j]!);
        }
      }
    }
  }
}

/** Whether every check has a value of the event among its values. */
function holds(checks: readonly Check[], source: Record<string, unknown>): boolean {
  for (let c = 0; c < checks.length; c++) if (!checks[c]!.holds(source)) return false;
  return true;
}
