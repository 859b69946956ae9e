// # Which event categories a rule can use at all
//
// A cheap pre-check before any filter runs: an event whose category (the rule's event_category_override
// field, else `event.category`) is none of the categories its stages name cannot match any of them. A query
// with an `any where` stage accepts every category (null).

import type { EventFilter, Query } from "../eql/ast.js";

export function queryCategories(query: Query): ReadonlySet<string> | null {
  const filters: EventFilter[] = [];
  switch (query.kind) {
    case "event":
      filters.push(query.filter);
      break;
    case "sequence":
      // `until` only cancels partial matches; an event it needs is also routed because it names a category
      for (const stage of query.stages) filters.push(stage.filter);
      if (query.until !== null) filters.push(query.until.filter);
      break;
    case "sample":
      for (const stage of query.stages) filters.push(stage.filter);
      break;
  }
  const out = new Set<string>();
  for (const f of filters) {
    if (f.category === null) return null;
    out.add(f.category);
  }
  return out;
}
