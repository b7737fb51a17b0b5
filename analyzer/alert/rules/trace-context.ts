import type { Span } from '../../../core/span.js';
import type { Rule } from './violation.js';
import { describeHop } from './violation.js';

/**
 * A flow that arrived in more than one trace lost its trace context somewhere: some callee did
 * not receive (or did not use) the caller's `traceparent`, so it started a new trace and the
 * analyzer re-joined it by request id. With the flow's spans at hand, the offending hop is the
 * one whose callee span is a root outside the first trace. Judged at completion only: before, a
 * caller's span that has not arrived yet looks the same as a lost context.
 */
export const traceContextRule: Rule = ({ flow, spans, phase }) => {
  if (phase !== 'complete' || flow.traceIds.length < 2) return [];
  const lost = newRoots(spans ?? []);
  const hop = flow.hops.find((h) => h.spanIds.some((id) => lost.has(id)));
  return [{
    type: 'trace_context_lost',
    rule: 'invariant/trace-context',
    severity: 'warning',
    message: hop
      ? `${describeHop(hop)} lost the trace context: its callee started trace ${lost.get(hop.spanIds.find((id) => lost.has(id))!)}`
      : `${flow.operation} arrived in ${flow.traceIds.length} traces (${flow.traceIds.join(', ')}): trace context lost`,
    ...(hop && { hop, hops: [hop] }),
    subject: 'trace-context',
  }];
};

/**
 * Span id → trace id of the spans that start a trace other than the flow's first: spans outside
 * the earliest root's trace whose parent is not in their own trace (a root, or a span the analyzer
 * re-parented by request id).
 */
function newRoots(spans: readonly Span[]): Map<string, string> {
  const byStart = [...spans].sort((a, b) => a.startUs - b.startUs);
  const first = (byStart.find((s) => s.parentSpanId === '') ?? byStart[0])?.traceId;
  const known = new Set(spans.map((s) => `${s.traceId}/${s.spanId}`));
  const entries = spans.filter((s) => s.traceId !== first && !known.has(`${s.traceId}/${s.parentSpanId}`));
  return new Map(entries.map((s) => [s.spanId, s.traceId]));
}
