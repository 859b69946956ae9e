// # Sequent's public library API
//
// The pipeline, stage by stage: parseQuery → analyzeQuery (against a Schema) → compileQuery → runQuery over
// EventRecords (made by createRecordFactory, sorted by compareEvents). readNdjson reads events from files,
// .gz files and stdin; ExternalSorter orders inputs larger than memory. See docs/architecture.md.

// ## Diagnostics
export {
  SequentError,
  QueryError,
  RuleError,
  InputError,
  renderDiagnostic,
  lineColumn,
  type Diagnostic,
  type Severity,
} from "./diag/diagnostic.js";

// ## EQL: syntax tree, parser, printer, analysis
export type {
  Query,
  EventQuery,
  SequenceQuery,
  SampleQuery,
  Expr,
  Literal,
  FieldRef,
  Call,
  EventFilter,
  SequenceStage,
  UntilStage,
  SampleStage,
  Pipe,
  TimeSpan,
  Span,
  Node,
} from "./eql/ast.js";
export { parseQuery, parseExpression } from "./eql/parser.js";
export { printQuery, printExpr } from "./eql/printer.js";
export { analyzeQuery, type Analysis, type AnalyzeOptions } from "./eql/analyze.js";
export type { Schema, FieldType, DataType, ResolvedField } from "./eql/types.js";

// ## Schemas
export { mappingSchema, type MappingSchema } from "./schema/mapping.js";
export { dynamicSchema, withDynamicFields } from "./schema/dynamic.js";
export { ecsSchema } from "./schema/ecs.js";

// ## Compilation and execution
export { compileQuery, type CompileOptions } from "./compile/query.js";
export type { CompiledQuery, CompiledFilter, KeyValue, JoinKey } from "./exec/compiled.js";
export { compareEvents, type EventRecord } from "./exec/event.js";
export { createRecordFactory, type RecordFactoryOptions, type RecordFactory } from "./event/record.js";
export { runQuery, type RunQueryOptions, type QueryResult } from "./exec/run-query.js";
export type { SequenceMatch, MatcherStats } from "./exec/results.js";

// ## Input
export {
  readNdjson,
  readNdjsonBatches,
  formatBadLine,
  type NdjsonItem,
  type NdjsonEvent,
  type NdjsonBadLine,
  type ReadNdjsonOptions,
} from "./io/ndjson.js";
export { ExternalSorter, type ExternalSortOptions } from "./io/sort.js";
export { compareEventsTotal, recordCodec } from "./io/events.js";

// ## Output shaped like Elasticsearch's _eql/search
export { esResponse, type EsSearchResponse } from "./cli/format/es.js";
