// # A rule ready to run: parsed, analysed and compiled, with its routing and exception tests
//
// Everything a rule needs per event is decided once here: which indices it reads (its `index` patterns),
// which categories it can use, which events its exceptions remove, and how it orders events
// (`timestamp_field`, `tiebreaker_field`, `event_category_override`: passed to EQL exactly as Kibana passes
// them). A rule whose query does not parse or analyse becomes a failure with diagnostics, never a crash.

import type { Query } from "../eql/ast.js";
import { analyzeRuleQuery } from "../rules/rule-query.js";
import { compileRuleFilters } from "../rules/query-filters.js";
import type { Schema } from "../eql/types.js";
import { compileQuery } from "../compile/query.js";
import type { CompiledQuery } from "../exec/compiled.js";
import { SequentError, type Diagnostic } from "../diag/diagnostic.js";
import type { RuleSpec } from "../rules/model.js";
import { compileIndexPatterns, type IndexPredicate } from "../rules/index-patterns.js";
import { buildExceptionFilter, exceptionItemsForRule, missingExceptionLists, type DropPredicate, type ValueLists } from "../rules/exceptions.js";
import type { ExceptionItem, ExceptionSet } from "../rules/exception-model.js";
import { necessaryForQuery, type FilterFacts, type FilterNecessity } from "../compile/necessary.js";

/** How a rule orders events: its EQL timestamp and tiebreaker fields. Rules with equal orderings share a pass. */
export interface Ordering {
  readonly timestampField: string;
  readonly tiebreakerField: string | null;
}

export interface PreparedRule {
  readonly spec: RuleSpec;
  readonly query: Query;
  readonly compiled: CompiledQuery;
  readonly ordering: Ordering;
  readonly categoryField: string;
  /** Necessary value conditions of each of the query's filters (for dispatch). */
  readonly filters: readonly FilterNecessity[];
  /** The same with each filter's role and position (for the raw-byte prefilter, which needs no second derivation). */
  readonly facts: readonly FilterFacts[];
  readonly matchesIndex: IndexPredicate;
  /** The rule's Kibana `filters` (query DSL), null when it has none: events failing them are not searched. */
  readonly keep: ((source: Record<string, unknown>) => boolean) | null;
  /** True when an exception removes the event before matching. */
  readonly drop: DropPredicate;
  readonly exceptionItems: number;
  readonly warnings: readonly Diagnostic[];
}

export interface RuleFailure {
  readonly spec: RuleSpec;
  readonly diagnostics: readonly Diagnostic[];
}

export interface PrepareOptions {
  readonly schema: Schema;
  readonly exceptions?: ExceptionSet;
  readonly valueLists?: ValueLists;
  /** Exception items expiring before this instant are ignored (the run's start). */
  readonly now: Date;
  /** Items applied to every rule in addition to those of the lists it references. */
  readonly globalItems?: readonly ExceptionItem[];
}

export function orderingOf(spec: RuleSpec): Ordering {
  const tiebreaker = spec.tiebreakerField !== undefined && spec.tiebreakerField.trim() !== "" ? spec.tiebreakerField : null;
  const timestamp = spec.timestampField !== undefined && spec.timestampField.trim() !== "" ? spec.timestampField : "@timestamp";
  return { timestampField: timestamp, tiebreakerField: tiebreaker };
}

export function prepareRule(spec: RuleSpec, options: PrepareOptions): PreparedRule | RuleFailure {
  const origin = spec.queryOrigin?.file ?? spec.source.file;
  if (spec.type !== "eql" || spec.query === undefined || spec.query.trim() === "") {
    return { spec, diagnostics: [{ code: "RULE3100", severity: "error", message: `rule "${spec.name}" has no EQL query`, origin }] };
  }
  const categoryField = spec.eventCategoryOverride !== undefined && spec.eventCategoryOverride.trim() !== "" ? spec.eventCategoryOverride : "event.category";
  let query: Query;
  let compiled: CompiledQuery;
  try {
    const analysis = analyzeRuleQuery(spec, options.schema);
    query = analysis.query;
    compiled = compileQuery(analysis, { categoryField });
  } catch (error) {
    if (error instanceof SequentError) return { spec, diagnostics: error.diagnostics };
    const message = error instanceof Error ? error.message : String(error);
    return { spec, diagnostics: [{ code: "RULE3101", severity: "error", message: `rule "${spec.name}" cannot be compiled: ${message}`, origin }] };
  }

  // Kibana ANDs the rule's `filters` into the search; a filter Sequent cannot evaluate stops the rule rather
  // than letting it run wider than it does in Kibana.
  const ruleFilters = compileRuleFilters(spec.filters);
  if (!ruleFilters.ok) {
    return {
      spec,
      diagnostics: ruleFilters.problems.map((p) => ({ code: "RULE3102", severity: "error" as const, message: `rule "${spec.name}": ${p}; the rule is not run`, origin })),
    };
  }

  const warnings: Diagnostic[] = [];
  let drop: DropPredicate = () => false;
  let exceptionItems = 0;
  const global = options.globalItems ?? [];
  if (options.exceptions !== undefined && (spec.exceptionsList.length > 0 || global.length > 0)) {
    const items = [...exceptionItemsForRule(spec, options.exceptions), ...global];
    const filter = buildExceptionFilter(items, { now: options.now, ...(options.valueLists !== undefined ? { valueLists: options.valueLists } : {}) });
    drop = filter.drop;
    exceptionItems = filter.applied;
    warnings.push(...filter.warnings);
    for (const listId of missingExceptionLists(spec, options.exceptions)) {
      warnings.push({ code: "RULE3110", severity: "warning", message: `rule "${spec.name}": exception list "${listId}" was not loaded; its items are not applied`, origin });
    }
  }

  const facts = necessaryForQuery(query, { schema: options.schema, categoryField });
  return {
    spec,
    query,
    compiled,
    ordering: orderingOf(spec),
    categoryField,
    filters: facts.map((f) => f.necessity),
    facts,
    matchesIndex: compileIndexPatterns(spec.index),
    keep: ruleFilters.count > 0 ? ruleFilters.keep : null,
    drop,
    exceptionItems,
    warnings,
  };
}

/**
 * Items of exception lists that no rule of the run references (lists given with --exceptions for rules that
 * carry no `exceptions_list`, such as detection-rules TOML files): offline, the user's command line is the
 * link Kibana keeps on the rule, so they apply to every rule. Elastic Defend's global `endpoint_list` never
 * applies to rules (Kibana does not apply it either).
 */
export function unreferencedExceptionItems(rules: readonly RuleSpec[], set: ExceptionSet): { items: ExceptionItem[]; lists: string[] } {
  const referenced = new Set<string>();
  for (const rule of rules) for (const ref of rule.exceptionsList) referenced.add(`${ref.namespaceType}\u0000${ref.listId}`);
  const items = set.items.filter((item) => item.listId !== "endpoint_list" && !referenced.has(`${item.namespaceType}\u0000${item.listId}`));
  return { items, lists: [...new Set(items.map((i) => i.listId))] };
}

export function isFailure(result: PreparedRule | RuleFailure): result is RuleFailure {
  return !("compiled" in result);
}
