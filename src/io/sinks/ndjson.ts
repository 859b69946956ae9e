// # NDJSON sink: one alert document (`_source`, which carries its id as `kibana.alert.uuid`) per line

import type { AlertDoc } from "../../alerts/build.js";
import { writeOut, type AlertSink, type TextOut } from "./types.js";

export function ndjsonSink(out: TextOut): AlertSink {
  let written = 0;
  return {
    async write(alerts: readonly AlertDoc[]) {
      if (alerts.length === 0) return;
      written += alerts.length;
      await writeOut(out, alerts.map((a) => JSON.stringify(a._source) + "\n").join(""));
    },
    async close() {
      return { written };
    },
  };
}
