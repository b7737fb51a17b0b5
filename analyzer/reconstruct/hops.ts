/**
 * Pairs spans into hops (tracing.md §7.1): a CLIENT with its SERVER child, a PRODUCER with each
 * CONSUMER child. Unpaired halves still become hops: a caller to the peer its attributes name
 * (peer.ts), a callee from its parent's component, or from `client` when it is a root.
 * Input: spans already repaired by the standard adjusters, so parents are in the flow.
 *
 * Duration: the caller's span for REST, RPC calls and db (it covers the wait); for casts and
 * fanouts the consumer's span (the work the message caused), else the producer's send.
 *
 * Order: by the caller's start time, and on equal times by the span tree (an ancestor's hop before
 * its descendants', earlier-ending siblings first). Equal times are common: the OpenTelemetry JS
 * SDK stamps a span's start from `Date.now()`, to the millisecond, so a cast and the calls its
 * consumer makes often share one. The tree decides, not the order the spans arrived in, so the
 * same spans always give the same numbering.
 */
import { Attr } from '../../core/attributes.js';
import { CLIENT_COMPONENT } from '../../core/services.js';
import { SpanKind } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import type { Hop, HopKind } from '../../core/flow.js';
import { hopOperation } from './operation-name.js';
import type { Endpoints } from './peer.js';
import { peerOf } from './peer.js';
import { calleeHopKind, calleeRequestIdOf, callerHopKind, componentOf, isError, isHandledClientError, isInferred, requestIdOf } from './span-facts.js';

/** A hop before numbering, with the spans it came from. */
export interface HopDraft {
  readonly kind: HopKind;
  readonly from: string;
  readonly to: string;
  readonly caller: Span | undefined;
  readonly callee: Span | undefined;
  /** Position of the hop's first span in a depth-first walk of the span tree. */
  readonly treeOrder: number;
}

function isCalleeOf(child: Span, parent: Span): boolean {
  if (child.attributes[Attr.orphanOf] !== undefined) return false;
  return parent.kind === SpanKind.PRODUCER ? child.kind === SpanKind.CONSUMER : parent.kind === SpanKind.CLIENT && child.kind === SpanKind.SERVER;
}

function byStartThenEnd(a: Span, b: Span): number {
  return a.startUs - b.startUs || a.endUs - b.endUs || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
}

/** Each span's position in a depth-first walk from the roots, children by start, then end time. */
function treeOrderOf(spans: readonly Span[], byId: ReadonlyMap<string, Span>): Map<string, number> {
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const span of spans) {
    const parent = byId.get(span.parentSpanId);
    if (parent === undefined || parent === span) {
      roots.push(span);
      continue;
    }
    const siblings = children.get(parent.spanId);
    if (siblings === undefined) children.set(parent.spanId, [span]);
    else siblings.push(span);
  }
  const order = new Map<string, number>();
  const stack = roots.sort(byStartThenEnd).reverse();
  for (let span = stack.pop(); span !== undefined; span = stack.pop()) {
    if (order.has(span.spanId)) continue;
    order.set(span.spanId, order.size);
    const below = children.get(span.spanId);
    if (below !== undefined) stack.push(...below.sort(byStartThenEnd).reverse());
  }
  // A parent cycle is unreachable from any root: its spans go last, in start order.
  for (const span of [...spans].sort(byStartThenEnd)) if (!order.has(span.spanId)) order.set(span.spanId, order.size);
  return order;
}

export function draftHops(spans: readonly Span[], endpoints: Endpoints): HopDraft[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const treeOrder = treeOrderOf(spans, byId);
  const callees = new Map<string, Span[]>();
  for (const span of spans) {
    const parent = byId.get(span.parentSpanId);
    if (parent === undefined || calleeHopKind(span) === undefined || !isCalleeOf(span, parent)) continue;
    callees.set(parent.spanId, [...(callees.get(parent.spanId) ?? []), span]);
  }
  const drafts: HopDraft[] = [];
  for (const span of spans) {
    const callerKind = callerHopKind(span);
    if (callerKind !== undefined) {
      const paired = callerKind === 'db' ? [] : (callees.get(span.spanId) ?? []);
      const order = treeOrder.get(span.spanId)!;
      if (paired.length === 0) drafts.push({ kind: callerKind, from: componentOf(span), to: peerOf(span, endpoints), caller: span, callee: undefined, treeOrder: order });
      for (const callee of paired.sort(byStartThenEnd)) drafts.push({ kind: callerKind, from: componentOf(span), to: componentOf(callee), caller: span, callee, treeOrder: order });
      continue;
    }
    const calleeKind = calleeHopKind(span);
    if (calleeKind === undefined) continue;
    const parent = byId.get(span.parentSpanId);
    if (parent !== undefined && isCalleeOf(span, parent)) continue;
    const from = parent === undefined || componentOf(parent) === componentOf(span) ? CLIENT_COMPONENT : componentOf(parent);
    drafts.push({ kind: calleeKind, from, to: componentOf(span), caller: undefined, callee: span, treeOrder: treeOrder.get(span.spanId)! });
  }
  return drafts;
}

function timing(draft: HopDraft): { startUs: number; durationUs: number } {
  const async = draft.kind === 'rpc_cast' || draft.kind === 'rpc_fanout';
  const timed = (async ? (draft.callee ?? draft.caller) : (draft.caller ?? draft.callee))!;
  const startUs = (draft.caller ?? draft.callee)!.startUs;
  return { startUs, durationUs: Math.max(0, timed.endUs - timed.startUs) };
}

function spanError(span: Span | undefined): boolean {
  return span !== undefined && isError(span) && !isHandledClientError(span);
}

/** Numbers the drafts by the caller's start time, then by the span tree (see the file comment). */
export function numberHops(drafts: readonly HopDraft[]): Hop[] {
  const timed = drafts.map((draft, index) => ({ draft, index, ...timing(draft) }));
  timed.sort((a, b) => a.startUs - b.startUs || a.draft.treeOrder - b.draft.treeOrder || a.index - b.index);
  return timed.map(({ draft, startUs, durationUs }, i) => {
    const { caller, callee } = draft;
    const calleeId = (caller === undefined ? undefined : calleeRequestIdOf(caller)) ?? (callee !== undefined && caller !== undefined && requestIdOf(callee) !== requestIdOf(caller) ? requestIdOf(callee) : undefined);
    const inferred = (caller !== undefined && isInferred(caller)) || (callee !== undefined && isInferred(callee));
    return {
      seq: i + 1,
      from: draft.from,
      to: draft.to,
      kind: draft.kind,
      operation: hopOperation(draft.kind, caller, callee),
      startUs,
      durationUs,
      error: spanError(caller) || spanError(callee) || (caller !== undefined && callee === undefined && isError(caller)),
      spanIds: [caller?.spanId, callee?.spanId].filter((id): id is string => id !== undefined),
      ...(calleeId === undefined ? {} : { calleeRequestId: calleeId }),
      ...(inferred ? { inferred: true } : {}),
    };
  });
}
