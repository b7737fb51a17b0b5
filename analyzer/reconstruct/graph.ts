/**
 * Aggregates numbered hops into the call graph: one edge per (from, to, kind, operation), nodes in
 * order of first appearance. An edge is `inferred` only when every hop on it was inferred.
 */
import type { CallGraph, Edge, Hop } from '../../core/flow.js';

export function edgeKey(hop: Pick<Hop, 'from' | 'to' | 'kind' | 'operation'>): string {
  return `${hop.from}\u0000${hop.to}\u0000${hop.kind}\u0000${hop.operation}`;
}

export function buildGraph(hops: readonly Hop[]): CallGraph {
  const nodes = new Set<string>();
  const edges = new Map<string, { -readonly [K in keyof Edge]: Edge[K] }>();
  for (const hop of hops) {
    nodes.add(hop.from);
    nodes.add(hop.to);
    const key = edgeKey(hop);
    const edge = edges.get(key);
    if (edge === undefined) {
      edges.set(key, {
        from: hop.from, to: hop.to, kind: hop.kind, operation: hop.operation, count: 1, firstSeq: hop.seq,
        totalDurationUs: hop.durationUs, maxDurationUs: hop.durationUs, errors: hop.error ? 1 : 0, inferred: hop.inferred === true,
      });
      continue;
    }
    edge.count++;
    edge.firstSeq = Math.min(edge.firstSeq, hop.seq);
    edge.totalDurationUs += hop.durationUs;
    edge.maxDurationUs = Math.max(edge.maxDurationUs, hop.durationUs);
    if (hop.error) edge.errors++;
    edge.inferred = edge.inferred === true && hop.inferred === true;
  }
  const sorted = [...edges.values()].sort((a, b) => a.firstSeq - b.firstSeq);
  return { nodes: [...nodes], edges: sorted.map(({ inferred, ...edge }) => (inferred === true ? { ...edge, inferred } : edge)) };
}
