// # Keeping only the results the limits can select
//
// `ArrivalKeeper` is for results that arrive in final order: a head keeps its first N, a tail a rolling
// window of the last N. `SortingKeeper` is for results decided out of order (sequences with trailing
// missing-event stages): it keeps everything but trims to the N best/worst, sorted, whenever it holds
// twice as many — bounded memory, amortised O(log N) per result.

import { Fifo } from "./fifo.js";

export interface Retention {
  readonly kind: "head" | "tail";
  readonly count: number;
}

export interface Keeper<T> {
  add(item: T): void;
  /** True when no later result can be selected (a head is satisfied by results in final order). */
  full(): boolean;
  /** Kept results in final order; empties the keeper. */
  drain(): T[];
}

export class ArrivalKeeper<T> implements Keeper<T> {
  private readonly items = new Fifo<T>();

  constructor(private readonly retention: Retention) {}

  add(item: T): void {
    if (this.retention.kind === "head") {
      if (this.items.length < this.retention.count) this.items.push(item);
      return;
    }
    this.items.push(item);
    if (this.items.length > this.retention.count) this.items.shift();
  }

  full(): boolean {
    return this.retention.kind === "head" && this.items.length >= this.retention.count;
  }

  drain(): T[] {
    const out: T[] = [];
    for (let item = this.items.shift(); item !== undefined; item = this.items.shift()) out.push(item);
    return out;
  }
}

export class SortingKeeper<T> implements Keeper<T> {
  private items: T[] = [];

  constructor(
    private readonly retention: Retention,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  add(item: T): void {
    this.items.push(item);
    if (this.items.length >= 2 * this.retention.count + 64) this.trim();
  }

  full(): boolean {
    return false;
  }

  drain(): T[] {
    this.trim();
    const out = this.items;
    this.items = [];
    return out;
  }

  private trim(): void {
    this.items.sort(this.compare);
    const n = this.retention.count;
    if (this.items.length <= n) return;
    this.items = this.retention.kind === "head" ? this.items.slice(0, n) : this.items.slice(this.items.length - n);
  }
}
