export { LineSplitter, linesOf, type TextLine } from "./lines.js";
export { STDIN_PATH, STDIN_LABEL, STDIN_INDEX, expandInputs, indexNameOf, isEventFileName } from "./inputs.js";
export {
  readNdjson,
  readNdjsonBatches,
  formatBadLine,
  contentId,
  type NdjsonEvent,
  type NdjsonBadLine,
  type NdjsonItem,
  type ReadNdjsonOptions,
} from "./ndjson.js";
export { ExternalSorter, DEFAULT_MAX_IN_MEMORY, type ExternalSortOptions } from "./sort.js";
export { Spool, type SpoolOptions } from "./spool.js";
export { TempDir, disposeAllTempDirs, writeRun, writeRunFrom, readRun, RunReader, type LineCodec } from "./runs.js";
export {
  compareOrder,
  compareEventsTotal,
  sortEntryCodec,
  toSortEntry,
  recordsOf,
  recordCodec,
  inputEventCodec,
  type OrderKey,
  type SortEntry,
  type RecordFactory,
} from "./events.js";
export { readInputsCached, type InputCache } from "./cached.js";
export { readJsonFile } from "./json-file.js";
