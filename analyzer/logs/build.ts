/**
 * Records in, built flows out, in memory: the grouping and span building of `ingestLogFiles`
 * without files or a next stage. Used by tests, the benchmark and callers holding parsed records.
 */
import type { BuiltFlow } from './flow-spans.js';
import { LogSpanBuilder } from './flow-spans.js';
import { LogFlowGrouper } from './group.js';
import type { GroupStats } from './group.js';
import type { LogRecord } from './record.js';
import { ServiceResolver } from './service-of.js';

export interface BuildOptions {
  /** Services by file base name or path; see IngestOptions.services. @default {} */
  readonly services?: Readonly<Record<string, string>>;
}

export function logFlowsToSpans(records: Iterable<LogRecord>, options: BuildOptions = {}): { flows: BuiltFlow[]; stats: GroupStats } {
  const grouper = new LogFlowGrouper(new ServiceResolver(options.services));
  for (const record of records) grouper.add(record);
  const builder = new LogSpanBuilder();
  return { flows: grouper.flows().map((flow) => builder.build(flow)), stats: grouper.stats };
}
