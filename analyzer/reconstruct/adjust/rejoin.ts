/**
 * Re-joins callee spans whose trace context was lost (a new trace, or a parent id that is not in
 * the flow) to their caller: by an OpenTelemetry link to a caller half in the flow, by the request
 * id the caller recorded as `openstack.callee_request_id` (REST), or by message id, else by RPC
 * method among the callers still waiting for their callee (RPC: every nova hop shares one request
 * id, so the method is what tells them apart). The rejoined copy gets the caller as parent and
 * `hoptrace.rejoined_to`; a warning names both sides.
 */
import { Attr } from '../../../core/attributes.js';
import { SpanKind, stringAttribute } from '../../../core/span.js';
import type { Span } from '../../../core/span.js';
import { calleeHopKind, calleeRequestIdOf, callerHopKind, requestIdOf, rpcMethodOf } from '../span-facts.js';
import { SpanTree } from '../span-tree.js';
import type { Adjusted } from './adjuster.js';
import { describeSpan } from './adjuster.js';

function isCaller(span: Span): boolean {
  return span.kind === SpanKind.CLIENT || span.kind === SpanKind.PRODUCER;
}

function callerFor(callee: Span, spans: readonly Span[], tree: SpanTree, waiting: ReadonlySet<Span>): [Span, string] | undefined {
  for (const link of callee.links) {
    const linked = tree.byId(link.spanId);
    if (linked !== undefined && isCaller(linked)) return [linked, `link to ${linked.spanId}`];
  }
  const kind = calleeHopKind(callee);
  const candidates = spans.filter((s) => waiting.has(s) && callerHopKind(s) === kind);
  if (kind === 'http') {
    const requestId = requestIdOf(callee);
    const caller = requestId === undefined ? undefined : candidates.find((s) => calleeRequestIdOf(s) === requestId);
    return caller === undefined ? undefined : [caller, `request id ${requestId!}`];
  }
  const messageId = stringAttribute(callee, Attr.messagingMessageId);
  const byMessage = messageId === undefined ? undefined : candidates.find((s) => stringAttribute(s, Attr.messagingMessageId) === messageId);
  if (byMessage !== undefined) return [byMessage, `message id ${messageId!}`];
  const method = rpcMethodOf(callee);
  const byMethod = candidates.filter((s) => method !== undefined && rpcMethodOf(s) === method && s.startUs <= callee.startUs);
  const caller = byMethod.at(-1) ?? candidates.find((s) => method !== undefined && rpcMethodOf(s) === method);
  return caller === undefined ? undefined : [caller, `RPC method ${method!}`];
}

/** The callers (db aside) none of whose children in the flow is a callee: still waiting for their callee. */
function waitingCallers(spans: readonly Span[], tree: SpanTree): Set<Span> {
  const waiting = new Set<Span>();
  for (const span of spans) {
    const kind = callerHopKind(span);
    if (kind !== undefined && kind !== 'db' && !tree.childrenOf(span).some((child) => calleeHopKind(child) !== undefined)) waiting.add(span);
  }
  return waiting;
}

export function rejoinLostContext(spans: readonly Span[], tree = new SpanTree(spans)): Adjusted {
  const lost = spans.filter((s) => tree.parentOf(s) === undefined && calleeHopKind(s) !== undefined);
  if (lost.length === 0) return { spans, warnings: [] };
  const waiting = waitingCallers(spans, tree);
  // Without a waiting caller only a link can rejoin a callee (the usual flow: its root is the one callee without a parent).
  if (waiting.size === 0 && lost.every((s) => s.links.length === 0)) return { spans, warnings: [] };
  const replaced = new Map<string, Span>();
  const warnings: string[] = [];
  for (const callee of lost) {
    const found = callerFor(callee, spans, tree, waiting);
    if (found === undefined) continue;
    const [caller, how] = found;
    if (callee.kind === SpanKind.SERVER) waiting.delete(caller);
    replaced.set(callee.spanId, { ...callee, parentSpanId: caller.spanId, attributes: { ...callee.attributes, [Attr.rejoinedTo]: caller.spanId } });
    warnings.push(`trace context lost between ${caller.resource.serviceName} and ${callee.resource.serviceName}: ${describeSpan(callee)} joined to its caller span ${caller.spanId} by ${how}`);
  }
  if (replaced.size === 0) return { spans, warnings };
  return { spans: spans.map((s) => replaced.get(s.spanId) ?? s), warnings };
}
