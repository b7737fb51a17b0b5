/**
 * Aggregates numbered hops into the call graph: one edge per (from, to, kind, operation), nodes in
 * order of first appearance. An edge is `inferred` only when every hop on it was inferred.
 */
import type { CallGraph, Edge, Hop } from '../../core/flow.js';

export function edgeKey(hop: Pick<Hop, 'from' | 'to' | 'kind' | 'operation'>): string {
  return `${hop.from}\u0000${hop.to}\u0000${hop.kind}\u0000${hop.operation}`;
}

type EdgeTotals = { -readonly [K in keyof Edge]: Edge[K] };

export function buildGraph(hops: readonly Hop[]): CallGraph {
  const nodes = new Set<string>();
  const edges = new Map<string, { readonly totals: EdgeTotals; inferred: boolean }>();
  for (const hop of hops) {
    nodes.add(hop.from);
    nodes.add(hop.to);
    const key = edgeKey(hop);
    const edge = edges.get(key);
    if (edge === undefined) {
      const totals = { from: hop.from, to: hop.to, kind: hop.kind, operation: hop.operation, count: 1, firstSeq: hop.seq, totalDurationUs: hop.durationUs, maxDurationUs: hop.durationUs, errors: hop.error ? 1 : 0 };
      edges.set(key, { totals, inferred: hop.inferred === true });
      continue;
    }
    const { totals } = edge;
    totals.count++;
    totals.firstSeq = Math.min(totals.firstSeq, hop.seq);
    totals.totalDurationUs += hop.durationUs;
    totals.maxDurationUs = Math.max(totals.maxDurationUs, hop.durationUs);
    if (hop.error) totals.errors++;
    edge.inferred &&= hop.inferred === true;
  }
  const sorted = [...edges.values()].sort((a, b) => a.totals.firstSeq - b.totals.firstSeq);
  return { nodes: [...nodes], edges: sorted.map(({ totals, inferred }) => (inferred ? { ...totals, inferred } : totals)) };
}
