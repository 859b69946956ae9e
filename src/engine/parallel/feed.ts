// # Several engines over one spooled input
//
// The single-worker `sequent run` (src/cli/commands/run.ts feedEngine) sorts the spooled events once per
// ordering the rules need and pushes them through its one engine. A worker runs one engine per rule block;
// engines needing the same ordering share one sort and the same records (an engine never keeps state on a
// record another engine could disturb: its "already offered" check compares identities within itself).
// Records get the same sequence numbers (read order) and the same routing as in the single-worker run, so
// every engine sees exactly the stream the single-worker engine would.

import type { EventRecord } from "../../exec/event.js";
import type { Engine } from "../engine.js";
import { eventIndices } from "../route.js";
import { eventIndex } from "../../rules/index-patterns.js";
import { ExternalSorter } from "../../io/sort.js";
import type { Spool } from "../../io/spool.js";
import { compareEventsTotal, recordCodec } from "../../io/events.js";
import type { NdjsonEvent } from "../../io/ndjson.js";
import { STDIN_INDEX, STDIN_LABEL, indexNameOf } from "../../io/inputs.js";

interface Consumer {
  readonly engine: Engine;
  readonly ordering: number;
}

/** Engines (ordering slots) grouped by ordering fields, in first-seen order. */
function orderingGroups(engines: readonly Engine[]): Consumer[][] {
  const groups = new Map<string, Consumer[]>();
  for (const engine of engines) {
    engine.orderings.forEach((o, i) => {
      const key = `${o.timestampField}\u0000${o.tiebreakerField ?? "\u0001"}`;
      let group = groups.get(key);
      if (group === undefined) groups.set(key, (group = []));
      group.push({ engine, ordering: i });
    });
  }
  return [...groups.values()];
}

export function feedEngines(engines: readonly Engine[], spool: Spool<NdjsonEvent>, sortBuffer: number): void {
  for (const group of orderingGroups(engines)) {
    let live = group.filter((c) => c.engine.wantsEvents(c.ordering));
    if (live.length === 0) continue;
    const factory = live[0]!.engine.recordFactory(live[0]!.ordering);
    const fallbackIndices = new Set<string>();
    const sorter = new ExternalSorter<EventRecord>({ compare: compareEventsTotal, codec: recordCodec(factory), maxInMemory: sortBuffer });
    try {
      let seq = 0;
      for (const e of spool.items()) {
        const fileIndex = e.file === STDIN_LABEL ? STDIN_INDEX : indexNameOf(e.file);
        const hitIndex = e.index !== fileIndex ? e.index : undefined;
        const idx = eventIndices(e.value, hitIndex, fileIndex);
        if (idx.route === "") fallbackIndices.add(idx.alert);
        sorter.add(factory(e.value, idx.alert, e.id, seq++));
      }
      for (const record of sorter.sorted()) {
        const route = fallbackIndices.has(record.index) && eventIndex(record.source, "") === "" ? "" : record.index;
        for (const c of live) c.engine.push(c.ordering, record, route);
        if (live.some((c) => !c.engine.wantsEvents(c.ordering))) {
          live = live.filter((c) => c.engine.wantsEvents(c.ordering));
          if (live.length === 0) break;
        }
      }
    } finally {
      sorter.dispose();
    }
  }
}
