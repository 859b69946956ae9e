// # src/rules: public API
//
// Rule files (detection-rules TOML, hunting queries, Kibana NDJSON exports, rule JSON) -> RuleSpec; selection
// and filters; index routing; exceptions and rule filters as event predicates; the built-in seed rule.

export * from "./model.js";
export { parseRuleToml, parseTomlText, type ParsedRules } from "./parse-toml.js";
export { parseKibanaNdjson, parseRuleJson, classifyExportObject, type ParsedExport, type ExportLine, type ExportLineKind } from "./parse-json.js";
export { parseRuleFile, ruleFileKind, type ParsedRuleFile, type RuleFileKind } from "./parse.js";
export { specFromApi, normaliseDate, type FieldProblem, type FromApiContext, type FromApiResult } from "./from-api.js";
export { loadRules, collectRuleFiles, readRuleFile, loadExceptionFiles, loadValueListFiles, type LoadOptions, type LoadResult } from "./load.js";
export { selectRules, isDeprecated, isNonProduction, emptySkipCounts, type SelectOptions, type SkipCounts } from "./select.js";
export { ruleFilter, ruleOperatingSystems, normaliseOs, checkFilterOptions, hasFilters, type RuleFilterOptions, type OsName } from "./filter.js";
export { compileIndexPatterns, eventIndex, type IndexPredicate } from "./index-patterns.js";
export * from "./exception-model.js";
export {
  buildExceptionFilter,
  exceptionFilterForRule,
  exceptionItemsForRule,
  missingExceptionLists,
  parseValueList,
  type DropPredicate,
  type ExceptionFilter,
  type ExceptionFilterOptions,
  type ValueLists,
} from "./exceptions.js";
export { wildcardMatch, type EventSource } from "./field-values.js";
export { compileRuleFilters, compileDsl, type CompiledFilters, type EventPredicate } from "./query-filters.js";
export { parseRuleQuery, analyzeRuleQuery, placeQueryDiagnostics } from "./rule-query.js";
export { builtinRules, seedRule, SEED_RULE_ID } from "./builtin/seed-rule.js";
