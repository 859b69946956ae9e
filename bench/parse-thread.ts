// One thread of the "parse-pair" scenario (bench/scenarios.ts): read + split + JSON.parse the file given as
// workerData and post the line count back. Two run at once to measure what two threads of this machine do
// together, with no engine in between: the ceiling for any `--workers 2` speed-up here.

import { parentPort, workerData } from "node:worker_threads";
import { forEachLine } from "./lines.js";

if (parentPort !== null) {
  let objects = 0;
  const lines = forEachLine(workerData as string, (buf, start, end) => {
    const v: unknown = JSON.parse(buf.toString("utf8", start, end));
    if (v !== null && typeof v === "object") objects++;
  });
  parentPort.postMessage({ lines, objects });
}
