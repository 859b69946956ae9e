// # `--format ndjson`: one hit per line
//
// Event queries print one `{_index, _id, _source}` per line; sequence and sample queries print one
// `{join_keys, events}` per line. Meant for piping into jq or another tool.

import { eventHitJson, sequenceHitJson, type RawSource, type ResultSet } from "./hits.js";

export function* formatNdjson(result: ResultSet, raw?: RawSource): Generator<string> {
  if (result.kind === "events") {
    for (const e of result.events) yield eventHitJson(e, raw) + "\n";
  } else {
    for (const s of result.sequences) yield sequenceHitJson(s, raw) + "\n";
  }
}
