/**
 * Rebuilds one flow from its spans: repairs (adjust/standard.ts), hops, call graph, critical path,
 * status and timing. Pure: the same input always gives the same Flow.
 */
import { Attr } from '../../core/attributes.js';
import { stringAttribute } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import type { Flow, FlowLink, FlowStatus, Hop } from '../../core/flow.js';
import { derivedTraceId } from '../export/jaeger/trace-id.js';
import { applyAdjusters } from './adjust/adjuster.js';
import { findRoot } from './adjust/orphans.js';
import { STANDARD_ADJUSTERS } from './adjust/standard.js';
import { finalHopSeen } from './completion.js';
import { criticalPathSpans } from './critical-path.js';
import { buildGraph } from './graph.js';
import { draftHops, numberHops } from './hops.js';
import type { Endpoints } from './peer.js';
import { isError, isHandledClientError } from './span-facts.js';

export interface FlowInput {
  readonly id: string;
  /** Every request id known for the flow; the id is added when missing. */
  readonly aliases: Iterable<string>;
  readonly spans: readonly Span[];
  /** true once the flow met its completion rule (final hop, or quiet period). */
  readonly complete: boolean;
  readonly updatedUs: number;
  readonly endpoints: Endpoints;
  readonly links?: readonly FlowLink[];
  /** Warnings found before the spans reached this function (e.g. re-delivered copies ignored). */
  readonly warnings?: readonly string[];
}

export interface BuiltFlow {
  readonly flow: Flow;
  /** The repaired spans the flow was built from (what Jaeger views show). */
  readonly spans: readonly Span[];
  readonly finalHopSeen: boolean;
}

function operationOf(root: Span | undefined, spans: readonly Span[]): string {
  const fromRoot = root === undefined ? undefined : stringAttribute(root, Attr.operation);
  return fromRoot ?? spans.map((s) => stringAttribute(s, Attr.operation)).find((op) => op !== undefined) ?? 'unknown';
}

/**
 * The flow's trace ids; the first is the flow's trace id in Jaeger views: the root span's trace,
 * or, when the root continues another flow's trace (neutron's external event, sent from inside
 * the boot's trace), a trace id of the flow's own derived from its id (export/jaeger/trace-id.ts).
 */
function traceIdsOf(id: string, root: Span | undefined, spans: readonly Span[]): string[] {
  const first = root === undefined ? [] : root.parentSpanId === '' ? [root.traceId] : [derivedTraceId(id)];
  const ids = new Set<string>(first);
  for (const span of spans) ids.add(span.traceId);
  return [...ids];
}

function statusOf(spans: readonly Span[], complete: boolean): FlowStatus {
  if (spans.some((s) => isError(s) && !isHandledClientError(s))) return 'failed';
  return complete ? 'complete' : 'in_progress';
}

function criticalPathSeqs(hops: readonly Hop[], pathSpanIds: readonly string[]): number[] {
  const onPath = new Set(pathSpanIds);
  return hops.filter((h) => h.spanIds.some((id) => onPath.has(id))).map((h) => h.seq);
}

export function buildFlow(input: FlowInput): BuiltFlow {
  const { spans, warnings, tree } = applyAdjusters(input.spans, STANDARD_ADJUSTERS);
  const root = findRoot(spans, tree);
  const operation = operationOf(root, spans);
  const hops = numberHops(draftHops(spans, input.endpoints, tree));
  const aliases = new Set([input.id, ...input.aliases]);
  const startUs = spans.reduce((min, s) => Math.min(min, s.startUs), Number.POSITIVE_INFINITY);
  const endUs = spans.reduce((max, s) => Math.max(max, s.endUs), 0);
  const flow: Flow = {
    id: input.id,
    operation,
    aliases: [...aliases],
    traceIds: traceIdsOf(input.id, root, spans),
    status: statusOf(spans, input.complete),
    startUs: Number.isFinite(startUs) ? startUs : 0,
    endUs,
    spanCount: spans.length,
    graph: buildGraph(hops),
    hops,
    criticalPath: root === undefined ? [] : criticalPathSeqs(hops, criticalPathSpans(tree, root)),
    warnings: [...(input.warnings ?? []), ...warnings],
    updatedUs: input.updatedUs,
    ...(input.links === undefined || input.links.length === 0 ? {} : { links: input.links }),
  };
  return { flow, spans, finalHopSeen: finalHopSeen(operation, hops) };
}
