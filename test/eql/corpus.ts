// Loads the EQL queries of the shared detection-rules corpus (../shared/corpus/detection-rules):
// rules and building-block rules (TOML `[rule] language = "eql"`, `query = …`, including `_deprecated`)
// and hunting queries (`[hunt] language = ["EQL", …]`, `query = [ … ]`).

import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "smol-toml";

export type CorpusKind = "active" | "deprecated" | "building-block" | "hunting";

export interface CorpusQuery {
  readonly file: string;
  readonly kind: CorpusKind;
  readonly query: string;
}

function tomlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) tomlFiles(p, out);
    else if (entry.name.endsWith(".toml")) out.push(p);
  }
  return out;
}

function table(doc: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const t = doc[key];
  return t !== null && typeof t === "object" && !Array.isArray(t) ? (t as Record<string, unknown>) : undefined;
}

export function loadCorpus(shared: string): CorpusQuery[] {
  const root = join(shared, "corpus", "detection-rules");
  const out: CorpusQuery[] = [];
  for (const base of ["rules", "rules_building_block"]) {
    for (const file of tomlFiles(join(root, base)).sort()) {
      const rule = table(parse(readFileSync(file, "utf8")) as Record<string, unknown>, "rule");
      if (rule === undefined || rule["language"] !== "eql" || typeof rule["query"] !== "string") continue;
      const rel = relative(root, file);
      const kind: CorpusKind = rel.includes("_deprecated") ? "deprecated" : base === "rules_building_block" ? "building-block" : "active";
      out.push({ file: rel, kind, query: rule["query"] });
    }
  }
  for (const file of tomlFiles(join(root, "hunting")).sort()) {
    if (!/[\\/]queries[\\/]/.test(file)) continue;
    const hunt = table(parse(readFileSync(file, "utf8")) as Record<string, unknown>, "hunt");
    const language = hunt?.["language"];
    const langs = Array.isArray(language) ? language : [language];
    if (!langs.some((l) => typeof l === "string" && l.toLowerCase() === "eql")) continue;
    const queries = hunt?.["query"];
    for (const q of Array.isArray(queries) ? queries : [queries]) {
      if (typeof q === "string") out.push({ file: relative(root, file), kind: "hunting", query: q });
    }
  }
  return out;
}
