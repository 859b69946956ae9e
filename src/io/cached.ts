// # Reading inputs through a cache
//
// A process that runs many queries over the same files (the conformance suite, a library caller) can keep
// the parsed items of each data file. Standard input is never cached.

import { readNdjsonBatches, type NdjsonItem, type ReadNdjsonOptions } from "./ndjson.js";
import { STDIN_PATH, expandInputs } from "./inputs.js";

/** Parsed items of a data file, by path. Items (and their values) are shared: consumers must not mutate them. */
export type InputCache = Map<string, readonly NdjsonItem[]>;

/** Batches of items of every input, like readNdjsonBatches; with a cache, each data file is parsed once. */
export async function* readInputsCached(
  paths: readonly string[],
  options: ReadNdjsonOptions & { readonly cache?: InputCache },
): AsyncGenerator<readonly NdjsonItem[]> {
  const cache = options.cache;
  if (cache === undefined) {
    yield* readNdjsonBatches(paths, options);
    return;
  }
  for (const path of expandInputs(paths)) {
    const cached = path === STDIN_PATH ? undefined : cache.get(path);
    if (cached !== undefined) {
      yield cached;
      continue;
    }
    const items: NdjsonItem[] = [];
    for await (const batch of readNdjsonBatches([path], options)) {
      for (const item of batch) items.push(item);
    }
    if (path !== STDIN_PATH) cache.set(path, items);
    yield items;
  }
}
