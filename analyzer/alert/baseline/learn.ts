import type { Flow } from '../../../core/flow.js';
import { edgeKey, matchesHop } from '../model/pattern.js';
import type { ExpectedHop, FlowModel, HopPattern } from '../model/types.js';

export interface LearnOptions {
  /**
   * Share of the flows an edge must appear in to become required (a missing edge is then flagged).
   * @default 1 (every flow of the window)
   */
  readonly requiredShare?: number;
  /** Hops allowed everywhere (the invariants' `allowed`): not learned, so never required. */
  readonly allowed?: readonly HopPattern[];
  /**
   * Slack on learned counts: bounds become floor(min × (1 − t)) … ceil(max × (1 + t)).
   * @default 0.5
   */
  readonly countTolerance?: number;
}

/**
 * Learns one operation's baseline from completed flows: every edge seen becomes an allowed hop
 * with its exact operation and kind, required when it appears in `requiredShare` of the flows,
 * with count bounds from the counts observed. Failed and unfinished flows are ignored, and so are
 * globally allowed hops (token validation comes and goes with caches; it must not become required).
 * Throws when no completed flow of the operation is given.
 */
export function learnBaseline(operation: string, flows: readonly Flow[], options: LearnOptions = {}): FlowModel {
  const share = options.requiredShare ?? 1;
  const tolerance = options.countTolerance ?? 0.5;
  const done = flows.filter((f) => f.operation === operation && f.status === 'complete');
  if (done.length === 0) throw new Error(`no completed ${operation} flow to learn from`);
  const seen = new Map<string, { hop: Omit<ExpectedHop, 'id' | 'required'>; flows: number; min: number; max: number }>();
  for (const flow of done) {
    for (const e of flow.graph.edges) {
      if (options.allowed?.some((a) => matchesHop(a, e))) continue;
      const key = edgeKey(e);
      const s = seen.get(key);
      if (s) {
        s.flows++;
        s.min = Math.min(s.min, e.count);
        s.max = Math.max(s.max, e.count);
      } else {
        seen.set(key, { hop: { from: e.from, to: e.to, kind: e.kind, operation: e.operation }, flows: 1, min: e.count, max: e.count });
      }
    }
  }
  const hops = [...seen.entries()].map(([key, s]): ExpectedHop => ({
    ...s.hop,
    id: key,
    required: s.flows >= share * done.length,
    count: { min: s.flows === done.length ? Math.floor(s.min * (1 - tolerance)) : 0, max: Math.ceil(s.max * (1 + tolerance)) },
  }));
  return { operation, description: `learned from ${done.length} ${operation} flows`, source: 'learned', revision: 1, learnedFrom: done.length, hops, order: [] };
}

/**
 * Adds an edge to a baseline (a user accepting a new edge): allowed, not required, unbounded.
 * Returns the baseline unchanged when the edge is already in it with the same kind.
 */
export function acceptEdge(baseline: FlowModel, edge: Pick<ExpectedHop, 'from' | 'to' | 'kind' | 'operation'>): FlowModel {
  const operation = edge.operation ?? '**';
  const key = edgeKey({ ...edge, operation });
  if (baseline.hops.some((h) => h.id === key)) return baseline;
  const hop: ExpectedHop = { id: key, from: edge.from, to: edge.to, kind: edge.kind, operation, required: false };
  return { ...baseline, revision: baseline.revision + 1, hops: [...baseline.hops, hop] };
}

