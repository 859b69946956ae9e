// # Bulk sink: an Elasticsearch `_bulk` request body, ready to POST
//
//   curl -H 'Content-Type: application/x-ndjson' -XPOST "$ES/_bulk" --data-binary @alerts.bulk
//
// Each alert is a `create` with `_id` = its alert id, as Kibana writes alerts: re-posting the same alerts (or
// alerts from an overlapping run) fails per document with a 409 conflict instead of duplicating them.
// The target defaults to Kibana's default-space alerts alias.

import { alertSourceJson } from "../../alerts/build.js";
import { renderedSink, type AlertSink, type TextOut } from "./types.js";

export const DEFAULT_ALERTS_INDEX = ".alerts-security.alerts-default";

export function bulkSink(out: TextOut, index: string = DEFAULT_ALERTS_INDEX): AlertSink {
  return renderedSink(out, (a) => `${JSON.stringify({ create: { _index: index, _id: a._id } })}\n${alertSourceJson(a)}\n`);
}
