// # NDJSON sink: one alert document (`_source`, which carries its id as `kibana.alert.uuid`) per line

import type { AlertDoc } from "../../alerts/build.js";
import { WRITE_SLICE, writeOut, type AlertSink, type TextOut } from "./types.js";

export function ndjsonSink(out: TextOut): AlertSink {
  let written = 0;
  return {
    async write(alerts: readonly AlertDoc[]) {
      if (alerts.length === 0) return;
      written += alerts.length;
      // In slices, each written (and drained) before the next is rendered: the text of a large batch is never
      // held at once.
      for (let i = 0; i < alerts.length; i += WRITE_SLICE) {
        let text = "";
        for (const a of alerts.slice(i, i + WRITE_SLICE)) text += JSON.stringify(a._source) + "\n";
        await writeOut(out, text);
      }
    },
    async close() {
      return { written };
    },
  };
}
