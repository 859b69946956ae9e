// # Event queries: every event passing the filter, in arrival (= time) order

import type { EventRecord } from "./event.js";
import type { CompiledEventQuery } from "./compiled.js";
import type { Matcher } from "./matcher.js";
import { emptyStats, type MatcherStats } from "./results.js";
import { NOTHING } from "./matcher.js";

export class EventQueryMatcher implements Matcher<EventRecord> {
  readonly stats: MatcherStats = emptyStats();
  private pending: EventRecord[] = [];

  constructor(private readonly query: CompiledEventQuery) {}

  push(event: EventRecord): void {
    this.stats.seen++;
    if (this.query.filter.test(event)) this.pending.push(event);
    else this.stats.ignored++;
  }

  flush(): void {}

  advanceTo(): void {}

  take(): readonly EventRecord[] {
    const out = this.pending;
    // nothing decided (the usual case): no new array per event
    if (out.length === 0) return NOTHING;
    this.pending = [];
    return out;
  }
}
