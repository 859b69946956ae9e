// Every `regex` / `regex~` pattern of the prebuilt detection rules translates to RE2 and compiles.
// Reads ../shared/corpus/detection-rules (skipped when absent).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { compileLuceneRegex } from "../../src/compile/lucene-regex.js";
import { sharedPath } from "../repo-paths.js";

const CORPUS = sharedPath("corpus/detection-rules");

function tomlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tomlFiles(path));
    else if (name.endsWith(".toml")) out.push(path);
  }
  return out;
}

/** EQL string escapes: \\ \" \' \n \r \t \u{…}; anything else is kept as written. */
function unescapeEql(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== "\\" || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[++i] as string;
    if (next === "n") out += "\n";
    else if (next === "r") out += "\r";
    else if (next === "t") out += "\t";
    else if (next === "u" && body[i + 1] === "{") {
      const close = body.indexOf("}", i);
      out += String.fromCodePoint(parseInt(body.slice(i + 2, close), 16));
      i = close;
    } else if (next === "\\" || next === '"' || next === "'") out += next;
    else out += "\\" + next;
  }
  return out;
}

interface Found {
  readonly pattern: string;
  readonly caseInsensitive: boolean;
}

/** A tiny scanner for string literals after `regex`/`regex~`, skipping other strings and comments. */
function regexOperands(query: string): Found[] {
  const found: Found[] = [];
  let i = 0;
  const readString = (): string | null => {
    if (query.startsWith('"""', i)) {
      const end = query.indexOf('"""', i + 3);
      const s = query.slice(i + 3, end);
      i = end + 3;
      return s;
    }
    if (query[i] === '"') {
      let j = i + 1;
      while (j < query.length && query[j] !== '"') j += query[j] === "\\" ? 2 : 1;
      const s = unescapeEql(query.slice(i + 1, j));
      i = j + 1;
      return s;
    }
    return null;
  };
  const skipSpace = (): void => {
    while (i < query.length && /\s/.test(query[i] as string)) i++;
  };
  while (i < query.length) {
    if (query[i] === '"') {
      readString();
      continue;
    }
    if (query.startsWith("//", i)) {
      const eol = query.indexOf("\n", i);
      i = eol < 0 ? query.length : eol;
      continue;
    }
    if (query.startsWith("/*", i)) {
      i = query.indexOf("*/", i) + 2;
      continue;
    }
    const word = /^regex(~?)(?![\w])/.exec(query.slice(i, i + 7));
    const before = i === 0 ? " " : (query[i - 1] as string);
    if (word !== null && !/[\w.]/.test(before)) {
      const caseInsensitive = word[1] === "~";
      i += word[0].length;
      skipSpace();
      if (query[i] === "(") {
        i++;
        for (;;) {
          skipSpace();
          const s = readString();
          if (s === null) break;
          found.push({ pattern: s, caseInsensitive });
          skipSpace();
          if (query[i] === ",") i++;
        }
      } else {
        const s = readString();
        if (s !== null) found.push({ pattern: s, caseInsensitive });
      }
      continue;
    }
    i++;
  }
  return found;
}

test("every regex in the prebuilt EQL rules translates to RE2", (t) => {
  if (!existsSync(CORPUS)) {
    t.skip("../shared/corpus/detection-rules not found");
    return;
  }
  const patterns: (Found & { file: string })[] = [];
  for (const file of tomlFiles(CORPUS)) {
    const doc = parseToml(readFileSync(file, "utf8")) as { rule?: { language?: unknown; query?: unknown } };
    const rule = doc.rule;
    if (rule?.language !== "eql" || typeof rule.query !== "string" || !rule.query.includes("regex")) continue;
    for (const f of regexOperands(rule.query)) patterns.push({ ...f, file });
  }
  assert.ok(patterns.length >= 40, `expected the corpus to hold regex patterns, found ${patterns.length}`);
  const failures: string[] = [];
  for (const p of patterns) {
    try {
      compileLuceneRegex(p.pattern, p.caseInsensitive);
    } catch (e) {
      failures.push(`${p.file}: ${JSON.stringify(p.pattern)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  assert.deepEqual(failures, []);
});
