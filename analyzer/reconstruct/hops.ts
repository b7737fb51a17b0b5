/**
 * Pairs spans into hops (tracing.md §7.1): a CLIENT with its SERVER child, a PRODUCER with each
 * CONSUMER child. Unpaired halves still become hops: a caller to the peer its attributes name
 * (peer.ts), a callee from its parent's component, or from `client` when it is a root.
 * Input: spans already repaired by the standard adjusters, so parents are in the flow.
 *
 * Duration: the caller's span for REST, RPC calls and db (it covers the wait); for casts and
 * fanouts the consumer's span (the work the message caused), else the producer's send.
 *
 * Order: by the caller's start time, read causally (a span cannot start before its parent: a
 * child stamped earlier counts as starting with its parent), then on equal times by the span tree
 * (an ancestor's hop before its descendants', earlier-ending siblings first). Both matter with
 * real stamps: the OpenTelemetry JS SDK stamps a span's start from `Date.now()`, to the
 * millisecond, so a cast and the calls its consumer makes often share a start time, and rounding
 * or a clock step can put a child a little before its parent. The tree decides, not the order the
 * spans arrived in, so the same spans always give the same numbering.
 */
import { CLIENT_COMPONENT } from '../../core/services.js';
import { SpanKind } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import type { Hop, HopKind } from '../../core/flow.js';
import { hopOperation } from './operation-name.js';
import type { Endpoints } from './peer.js';
import { peerOf } from './peer.js';
import { sortedBy } from './sorted-by.js';
import { SpanTree } from './span-tree.js';
import { calleeHopKind, calleeRequestIdOf, callerHopKind, componentOf, isError, isHandledClientError, isInferred, isOrphan, requestIdOf } from './span-facts.js';

/** A hop before numbering, with the spans it came from. */
export interface HopDraft {
  readonly kind: HopKind;
  readonly from: string;
  readonly to: string;
  readonly caller: Span | undefined;
  readonly callee: Span | undefined;
  /** Where the hop's first span (the caller, else the callee) sits in the span tree. */
  readonly position: TreePosition;
}

/** A span's place in its flow's span tree. */
interface TreePosition {
  /** Index in a depth-first walk from the roots, children by start, then end time. */
  readonly order: number;
  /** Its start, or its parent's causal start when that is later (clock skew, rounding). */
  readonly causalStartUs: number;
}

function isCalleeOf(child: Span, parent: Span): boolean {
  if (isOrphan(child)) return false;
  return parent.kind === SpanKind.PRODUCER ? child.kind === SpanKind.CONSUMER : parent.kind === SpanKind.CLIENT && child.kind === SpanKind.SERVER;
}

function byStartThenEnd(a: Span, b: Span): number {
  return a.startUs - b.startUs || a.endUs - b.endUs || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
}

/** Every span's TreePosition; spans in a parent cycle (unreachable from a root) go last. */
function treePositions(tree: SpanTree): Map<string, TreePosition> {
  const { spans } = tree;
  const roots = spans.filter((span) => {
    const parent = tree.parentOf(span);
    return parent === undefined || parent === span;
  });
  const positions = new Map<string, TreePosition>();
  // The walk's stack, as two arrays: the spans to visit, each with its causal start.
  const stack = roots.length > 1 ? roots.sort(byStartThenEnd).reverse() : roots;
  const causalStarts = stack.map((root) => root.startUs);
  for (let span = stack.pop(); span !== undefined; span = stack.pop()) {
    const causalStartUs = causalStarts.pop()!;
    if (positions.has(span.spanId)) continue;
    positions.set(span.spanId, { order: positions.size, causalStartUs });
    const sorted = sortedBy(tree.childrenOf(span), byStartThenEnd);
    for (let i = sorted.length - 1; i >= 0; i--) {
      stack.push(sorted[i]!);
      causalStarts.push(Math.max(sorted[i]!.startUs, causalStartUs));
    }
  }
  if (positions.size === spans.length) return positions;
  for (const span of sortedBy(spans, byStartThenEnd)) {
    if (!positions.has(span.spanId)) positions.set(span.spanId, { order: positions.size, causalStartUs: span.startUs });
  }
  return positions;
}

/** The callee halves that pair with `caller`, in span order. */
function calleesOf(caller: Span, tree: SpanTree): Span[] {
  return tree.childrenOf(caller).filter((child) => calleeHopKind(child) !== undefined && isCalleeOf(child, caller));
}

export function draftHops(spans: readonly Span[], endpoints: Endpoints, tree = new SpanTree(spans)): HopDraft[] {
  const positions = treePositions(tree);
  const drafts: HopDraft[] = [];
  for (const span of spans) {
    const callerKind = callerHopKind(span);
    if (callerKind !== undefined) {
      const paired = callerKind === 'db' ? [] : calleesOf(span, tree);
      const position = positions.get(span.spanId)!;
      if (paired.length === 0) drafts.push({ kind: callerKind, from: componentOf(span), to: peerOf(span, endpoints), caller: span, callee: undefined, position });
      for (const callee of paired.sort(byStartThenEnd)) drafts.push({ kind: callerKind, from: componentOf(span), to: componentOf(callee), caller: span, callee, position });
      continue;
    }
    const calleeKind = calleeHopKind(span);
    if (calleeKind === undefined) continue;
    const parent = tree.parentOf(span);
    if (parent !== undefined && isCalleeOf(span, parent)) continue;
    const from = parent === undefined || componentOf(parent) === componentOf(span) ? CLIENT_COMPONENT : componentOf(parent);
    drafts.push({ kind: calleeKind, from, to: componentOf(span), caller: undefined, callee: span, position: positions.get(span.spanId)! });
  }
  return drafts;
}

function spanError(span: Span | undefined): boolean {
  return span !== undefined && isError(span) && !isHandledClientError(span);
}

/** The hop a draft becomes as the `seq`th of its flow. */
function hopOf(draft: HopDraft, seq: number): Hop {
  const { caller, callee, kind } = draft;
  // REST, RPC calls and db: the caller's span covers the wait; casts and fanouts: the consumer's work.
  const async = kind === 'rpc_cast' || kind === 'rpc_fanout';
  const timed = (async ? (callee ?? caller) : (caller ?? callee))!;
  const first = (caller ?? callee)!;
  const calleeId = (caller === undefined ? undefined : calleeRequestIdOf(caller)) ?? (callee !== undefined && caller !== undefined && requestIdOf(callee) !== requestIdOf(caller) ? requestIdOf(callee) : undefined);
  const hop: { -readonly [K in keyof Hop]: Hop[K] } = {
    seq,
    from: draft.from,
    to: draft.to,
    kind,
    operation: hopOperation(kind, caller, callee),
    startUs: first.startUs,
    durationUs: Math.max(0, timed.endUs - timed.startUs),
    error: spanError(caller) || spanError(callee) || (caller !== undefined && callee === undefined && isError(caller)),
    spanIds: caller !== undefined && callee !== undefined ? [caller.spanId, callee.spanId] : [first.spanId],
  };
  if (calleeId !== undefined) hop.calleeRequestId = calleeId;
  if ((caller !== undefined && isInferred(caller)) || (callee !== undefined && isInferred(callee))) hop.inferred = true;
  return hop;
}

/** Numbers the drafts by the caller's causal start, then by the span tree (see the file comment). */
export function numberHops(drafts: readonly HopDraft[]): Hop[] {
  const order = drafts.map((_, index) => index);
  order.sort((a, b) => {
    const pa = drafts[a]!.position;
    const pb = drafts[b]!.position;
    return pa.causalStartUs - pb.causalStartUs || pa.order - pb.order || a - b;
  });
  return order.map((index, i) => hopOf(drafts[index]!, i + 1));
}
