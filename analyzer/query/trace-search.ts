/**
 * Jaeger's trace search over flows (one flow = one trace): candidate flows come from the store
 * by service and start time, then a flow matches when one of its spans has the service, the
 * operation (span name), every tag (span or resource attribute, compared as text) and a duration
 * within bounds. At most `limit` traces, newest first.
 */
import type { Span } from '../../core/span.js';
import type { Flow } from '../../core/flow.js';
import type { FlowSource } from './source.js';

export interface TraceQuery {
  readonly service?: string;
  readonly operation?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly startUs: number;
  readonly endUs: number;
  readonly minDurationUs?: number;
  readonly maxDurationUs?: number;
  readonly limit: number;
}

/** How many candidate flows are examined per trace asked for. */
const CANDIDATES_PER_RESULT = 10;

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function spanMatches(span: Span, q: TraceQuery): boolean {
  if (q.service !== undefined && span.resource.serviceName !== q.service) return false;
  if (q.operation !== undefined && span.name !== q.operation) return false;
  const duration = span.endUs - span.startUs;
  if (q.minDurationUs !== undefined && duration < q.minDurationUs) return false;
  if (q.maxDurationUs !== undefined && duration > q.maxDurationUs) return false;
  for (const [key, expected] of Object.entries(q.tags)) {
    const value = span.attributes[key] ?? span.resource.attributes[key];
    if (value === undefined || text(value) !== expected) return false;
  }
  return true;
}

export async function searchTraces(source: FlowSource, q: TraceQuery): Promise<{ flow: Flow; spans: readonly Span[] }[]> {
  const candidates = await source.searchFlows({
    ...(q.service === undefined ? {} : { service: q.service }),
    sinceUs: q.startUs,
    untilUs: q.endUs,
    limit: Math.min(q.limit * CANDIDATES_PER_RESULT, 10_000),
  });
  const found: { flow: Flow; spans: readonly Span[] }[] = [];
  for (const flow of candidates) {
    if (found.length >= q.limit) break;
    const spans = source.spansOf(flow.id);
    if (spans.some((s) => spanMatches(s, q))) found.push({ flow, spans });
  }
  return found;
}
