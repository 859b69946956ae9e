// # NDJSON sink: one alert document (`_source`, which carries its id as `kibana.alert.uuid`) per line

import { alertSourceJson } from "../../alerts/build.js";
import { renderedSink, type AlertSink, type TextOut } from "./types.js";

export function ndjsonSink(out: TextOut): AlertSink {
  return renderedSink(out, (a) => alertSourceJson(a) + "\n");
}
