// # compileQuery: analyzed query → CompiledQuery
//
// The event filter of every stage is the category test (`any` = none) AND the condition (see
// condition.ts). The category is a term query on the category field (default `event.category`, often an
// alias): any of its values equal to the category, case-sensitively. Sequence stages with `runs=N` are
// expanded; key extractors take the sequence-level `by` keys first, then the stage's own. Conditions on join
// keys are shared between stages as Elasticsearch's optimizer does (key-constraints.ts).

import type { CompiledFilter, CompiledPipe, CompiledQuery, CompiledSequenceStage } from "../exec/compiled.js";
import type { EventRecord } from "../exec/event.js";
import type { EventFilter, Expr, FieldRef, Pipe } from "../eql/ast.js";
import { assertNever } from "../eql/ast.js";
import type { Analysis } from "../eql/analyze.js";
import type { ResolvedField } from "../eql/types.js";
import { ConditionCompiler } from "./condition.js";
import { comparisonTest, type SourcePredicate } from "./field-predicates.js";
import { fieldValues, viewKey } from "./doc-values.js";
import { sharedFieldPredicate } from "./shared-predicates.js";
import { keyExtractor, type DateRendering, type KeySpec } from "./keys.js";
import { propagateKeyConstraints } from "./key-constraints.js";

export interface CompileOptions {
  /** Field holding the event category (default "event.category"). */
  readonly categoryField?: string;
}

function categoryPredicate(analysis: Analysis, categoryField: string, category: string | null): SourcePredicate | null {
  if (category === null) return null;
  const field: ResolvedField = analysis.schema.lookup(categoryField) ?? { name: categoryField, path: categoryField, type: "keyword", missing: false };
  const keywordView: ResolvedField = field.type === "unknown" ? field : { ...field, type: "keyword" };
  // every `process where` of every rule asks the same: answered once per event
  return sharedFieldPredicate(`${viewKey(keywordView)}\u0002category\u0001${category}`, fieldValues(keywordView), () => comparisonTest(keywordView, "==", category));
}

function filterOf(compiler: ConditionCompiler, analysis: Analysis, f: EventFilter, categoryField: string, extra: Expr | null = null): CompiledFilter {
  const cat = categoryPredicate(analysis, categoryField, f.category);
  const own = compiler.compile(f.condition);
  const more = extra === null ? null : compiler.compile(extra);
  const cond = more === null ? own : (s: Record<string, unknown>) => own(s) && more(s);
  if (cat === null) return { test: (e: EventRecord) => cond(e.source) };
  return { test: (e: EventRecord) => cat(e.source) && cond(e.source) };
}

function keySpecs(analysis: Analysis, refs: readonly FieldRef[]): KeySpec[] {
  return refs.map((r) => ({ field: analysis.field(r), optional: r.optional }));
}

function pipesOf(pipes: readonly Pipe[]): CompiledPipe[] {
  return pipes.map((p) => ({ kind: p.kind, count: p.count }));
}

export function compileQuery(base: Analysis, options: CompileOptions = {}): CompiledQuery {
  const categoryField = options.categoryField ?? "event.category";
  const q = base.query;
  switch (q.kind) {
    case "event": {
      const compiler = new ConditionCompiler(base);
      return { kind: "event", filter: filterOf(compiler, base, q.filter, categoryField), pipes: pipesOf(q.pipes) };
    }
    case "sequence": {
      const dates: DateRendering = "iso";
      const { extra, analysis } = propagateKeyConstraints(
        base,
        q.stages.map((s) => ({ filter: s.filter, keys: [...q.by, ...s.by] })),
      );
      const compiler = new ConditionCompiler(analysis);
      const stages: CompiledSequenceStage[] = [];
      for (const [i, stage] of q.stages.entries()) {
        const compiled: CompiledSequenceStage = {
          filter: filterOf(compiler, analysis, stage.filter, categoryField, extra[i] ?? null),
          keys: keyExtractor(keySpecs(analysis, [...q.by, ...stage.by]), dates),
          missing: stage.missing,
        };
        for (let i = 0; i < Math.max(1, stage.runs); i++) stages.push(compiled);
      }
      const until =
        q.until === null
          ? null
          : {
              filter: filterOf(compiler, analysis, q.until.filter, categoryField),
              keys: keyExtractor(keySpecs(analysis, [...q.by, ...q.until.by]), dates),
            };
      return {
        kind: "sequence",
        stages,
        until,
        maxspanMs: q.maxspan === null ? null : q.maxspan.millis,
        keyCount: q.by.length + (q.stages[0]?.by.length ?? 0),
        pipes: pipesOf(q.pipes),
      };
    }
    case "sample": {
      const dates: DateRendering = "millis";
      const { extra, analysis } = propagateKeyConstraints(
        base,
        q.stages.map((s) => ({ filter: s.filter, keys: [...q.by, ...s.by] })),
      );
      const compiler = new ConditionCompiler(analysis);
      return {
        kind: "sample",
        stages: q.stages.map((stage, i) => ({
          filter: filterOf(compiler, analysis, stage.filter, categoryField, extra[i] ?? null),
          keys: keyExtractor(keySpecs(analysis, [...q.by, ...stage.by]), dates),
        })),
        keyCount: q.by.length + (q.stages[0]?.by.length ?? 0),
        pipes: pipesOf(q.pipes),
      };
    }
    default:
      return assertNever(q, "query");
  }
}
