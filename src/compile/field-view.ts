// # One event's indexed values of a field, read once and shared by every rule
//
// With hundreds of rules loaded, an event is offered to dozens of them, and their predicates test the same
// few fields (process.name, process.args, event.type, host.os.type …). A FieldView reads a field's values
// from `_source` and converts them by the field's mapping (see doc-values.ts) once per event; every predicate
// of every rule on that field then walks the converted values. The ASCII-folded texts that case-insensitive
// field queries compare (`:`, `like~`, `in~`) are kept beside them, folded once per value.
//
// Views are interned per mapping view of a field (path, type, null_value, ignore_above, date formats): the
// same path read as keyword and as unknown gives different values, so it gets two views.
//
// The cache is keyed by the identity of the `source` object: the engine offers one parsed document to many
// rules in a row, and documents are never mutated once read (the getters in src/event/fields.ts rely on the
// same). A different source (the next event, another ordering's record of another event, a test's document)
// simply refills the view. Values are never handed out as the view's own buffer: `read` returns an array
// that belongs to the caller's event.

import type { FieldGetter } from "../event/fields.js";
import { foldAscii } from "./case-fold.js";
import type { DocValue } from "./doc-values.js";

type Source = Record<string, unknown>;
type Converter = (v: unknown) => DocValue | undefined;

const EMPTY: readonly DocValue[] = [];

export class FieldView {
  /** The document the buffers describe (null: none yet). */
  private source: Source | null = null;
  /** Indexed values of `source`, in document order: the first `count` entries. */
  private readonly values: DocValue[] = [];
  private count = 0;
  /** `read`'s answer for `source`, made on first request. */
  private list: readonly DocValue[] | null = null;
  /** The ASCII-folded text of each string value of `foldedOf` (non-strings have none). */
  private foldedOf: Source | null = null;
  private readonly folded: string[] = [];
  private foldedCount = 0;

  constructor(
    private readonly get: FieldGetter,
    private readonly convert: Converter,
    private readonly nullValue: DocValue | undefined,
  ) {}

  /** All values (a fresh array per event; empty = missing). */
  read(source: Source): readonly DocValue[] {
    if (source !== this.source) this.load(source);
    let list = this.list;
    if (list === null) {
      list = this.count === 0 ? EMPTY : this.values.slice(0, this.count);
      this.list = list;
    }
    return list;
  }

  /** Whether some value passes `test`. */
  some(source: Source, test: (v: DocValue) => boolean): boolean {
    if (source !== this.source) this.load(source);
    const values = this.values;
    for (let i = 0, n = this.count; i < n; i++) if (test(values[i]!)) return true;
    return false;
  }

  /** Whether the ASCII-folded text of some string value passes `test`. */
  someFolded(source: Source, test: (folded: string) => boolean): boolean {
    if (source !== this.foldedOf) this.fold(source);
    const folded = this.folded;
    for (let i = 0, n = this.foldedCount; i < n; i++) if (test(folded[i]!)) return true;
    return false;
  }

  /** Whether the field has at least one indexed value. */
  exists(source: Source): boolean {
    if (source !== this.source) this.load(source);
    return this.count > 0;
  }

  private load(source: Source): void {
    this.count = 0;
    this.list = null;
    this.add(this.get(source));
    this.source = source;
  }

  private add(v: unknown): void {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) this.add(v[i]);
      return;
    }
    if (v === undefined) return;
    const d = v === null ? this.nullValue : this.convert(v);
    if (d !== undefined) this.values[this.count++] = d;
  }

  private fold(source: Source): void {
    if (source !== this.source) this.load(source);
    let k = 0;
    for (let i = 0; i < this.count; i++) {
      const v = this.values[i];
      if (typeof v === "string") this.folded[k++] = foldAscii(v);
    }
    this.foldedCount = k;
    this.foldedOf = source;
  }
}
