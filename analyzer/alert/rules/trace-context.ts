import { CLIENT_COMPONENT } from '../../../core/services.js';
import type { Span } from '../../../core/span.js';
import type { Rule } from './violation.js';
import { describeHop } from './violation.js';

/**
 * A flow that arrived in more than one trace may have lost its trace context: a callee did not
 * receive (or did not use) the caller's `traceparent`, so it started a new trace and the analyzer
 * re-joined it by request id. The alert names the hop whose callee span starts a trace other than
 * the flow's first; a flow whose extra trace ids name no such hop (an asynchronous follow-up
 * joined by request id, whose spans live in another flow) raises nothing, and neither does a
 * second request of the user's client (clients send no traceparent: keystoneauth following a
 * redirect carries the first answer's request id into a new trace, openstack.md §1.5). Judged at completion only: before, a
 * caller's span that has not arrived yet looks the same as a lost context.
 */
export const traceContextRule: Rule = ({ flow, spans, phase }) => {
  if (phase !== 'complete' || flow.traceIds.length < 2) return [];
  const lost = newRoots(spans ?? []);
  const hop = flow.hops.find((h) => h.from !== CLIENT_COMPONENT && h.spanIds.some((id) => lost.has(id)));
  if (!hop) return [];
  return [{
    type: 'trace_context_lost',
    rule: 'invariant/trace-context',
    severity: 'warning',
    message: `${describeHop(hop)} lost the trace context: its callee started trace ${lost.get(hop.spanIds.find((id) => lost.has(id))!)}`,
    hop,
    hops: [hop],
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
