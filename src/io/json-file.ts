// # Reading a whole JSON file (mappings, settings), with errors a user can act on.

import { readFileSync } from "node:fs";
import { describeFsError, inputError } from "./inputs.js";

/** Parse a JSON file; an unreadable file or invalid JSON is an InputError naming the file and what it is. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw inputError("INPUT4001", `cannot read ${what} ${path}: ${describeFsError(error)}`, path);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, "")) as unknown;
  } catch (error) {
    throw inputError("INPUT4004", `${what} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, path);
  }
}
