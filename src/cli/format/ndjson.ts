// # `--format ndjson`: one hit per line
//
// Event queries print one `{_index, _id, _source}` per line; sequence and sample queries print one
// `{join_keys, events}` per line. Meant for piping into jq or another tool.

import { eventHit, sequenceHit, type ResultSet } from "./hits.js";

export function* formatNdjson(result: ResultSet): Generator<string> {
  if (result.kind === "events") {
    for (const e of result.events) yield JSON.stringify(eventHit(e)) + "\n";
  } else {
    for (const s of result.sequences) yield JSON.stringify(sequenceHit(s)) + "\n";
  }
}
