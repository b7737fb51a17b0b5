/**
 * Flows from logs (issue 9): oslo.log files in, spans of the traced model out, so the analyzer
 * rebuilds, stores, serves and alerts on log-built flows exactly as on traced ones.
 *
 *   parseOsloLog(text | stream, options)          → records + counts
 *   ingestLogFiles(paths, next, options)          → Promise<IngestStats>   (read once)
 *   tailLogFiles(paths, next, { signal, … })      → Promise<IngestStats>   (follow until aborted)
 *   logFlowsToSpans(records, options)             → built flows, for tests and benchmarks
 */
export { parseOsloLog } from './parse.js';
export type { ParseOptions, ParseResult } from './parse.js';
export type { ParseStats, AssemblerOptions } from './assembler.js';
export type { LogContext, LogLevel, LogRecord } from './record.js';
export { ingestLogFiles } from './ingest.js';
export type { IngestOptions } from './ingest.js';
export { tailLogFiles } from './tail.js';
export type { TailOptions } from './tail.js';
export type { IngestStats } from './stats.js';
export { LogPathError, expandLogPaths } from './files.js';
export { logFlowsToSpans } from './build.js';
export type { BuildOptions } from './build.js';
export type { BuiltFlow } from './flow-spans.js';
export type { LogEvent, LogFlow } from './group.js';
export { SummaryBuilder, summarizeFlow, summarizeFlows } from './summary.js';
export type { FlowSummary, LogSummary } from './summary.js';
