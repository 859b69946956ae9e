// The Geneve rule-level corpus (../shared/conformance/geneve, see its README): the prebuilt rules it covers,
// where their files and generated documents are, and the skip reason when the corpus is absent.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sharedPath } from "./repo-paths.js";

export const GENEVE_DIR = sharedPath("conformance/geneve");
export const DETECTION_RULES_DIR = sharedPath("corpus/detection-rules");

/** One entry of rules.json. */
export interface GeneveRule {
  readonly rule_id: string;
  readonly name: string;
  /** Relative to the detection-rules folder. */
  readonly path: string;
  readonly language: string;
  readonly sets: number;
  /** The document ids of each set, in sequence order. */
  readonly set_doc_ids: readonly (readonly string[])[];
  readonly is_sequence: boolean;
  /** How Elastic's own run of the generator judged the rule (`correct_signals`: Kibana raised the alerts). */
  readonly upstream_alerts: string;
}

/** `skip` option for tests that need the corpus: false, or a one-line reason. */
export const GENEVE_SKIP: false | string =
  existsSync(join(GENEVE_DIR, "rules.json")) && existsSync(DETECTION_RULES_DIR) ? false : `no geneve corpus at ${GENEVE_DIR}`;

/** The EQL rules of rules.json, in file order. */
export function geneveEqlRules(): GeneveRule[] {
  return (JSON.parse(readFileSync(join(GENEVE_DIR, "rules.json"), "utf8")) as GeneveRule[]).filter((r) => r.language === "eql");
}

export function ruleFile(rule: GeneveRule): string {
  return join(DETECTION_RULES_DIR, rule.path);
}

export function docsFile(rule: GeneveRule): string {
  return join(GENEVE_DIR, "docs", `${rule.rule_id}.ndjson`);
}
