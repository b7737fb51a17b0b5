/**
 * Aggregates numbered hops into the call graph: one edge per (from, to, kind, operation), nodes in
 * order of first appearance. An edge is `inferred` only when every hop on it was inferred.
 */
import type { CallGraph, Edge, Hop } from '../../core/flow.js';

type EdgeTotals = { -readonly [K in keyof Edge]: Edge[K] };

/** An edge being totalled, chained to the other edges of its operation. */
interface EdgeEntry {
  readonly totals: EdgeTotals;
  inferred: boolean;
  readonly sameOperation: EdgeEntry | undefined;
}

/**
 * Edges are found by operation, then along the operation's short chain (its edges differ in
 * from, to or kind): no key string is built per hop, as a flow is rebuilt whenever it changes.
 */
export function buildGraph(hops: readonly Hop[]): CallGraph {
  const nodes = new Set<string>();
  const byOperation = new Map<string, EdgeEntry>();
  const entries: EdgeEntry[] = [];
  for (const hop of hops) {
    nodes.add(hop.from);
    nodes.add(hop.to);
    const first = byOperation.get(hop.operation);
    let edge = first;
    while (edge !== undefined && (edge.totals.from !== hop.from || edge.totals.to !== hop.to || edge.totals.kind !== hop.kind)) edge = edge.sameOperation;
    if (edge === undefined) {
      const totals = { from: hop.from, to: hop.to, kind: hop.kind, operation: hop.operation, count: 1, firstSeq: hop.seq, totalDurationUs: hop.durationUs, maxDurationUs: hop.durationUs, errors: hop.error ? 1 : 0 };
      const entry: EdgeEntry = { totals, inferred: hop.inferred === true, sameOperation: first };
      byOperation.set(hop.operation, entry);
      entries.push(entry);
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
  const sorted = entries.sort((a, b) => a.totals.firstSeq - b.totals.firstSeq);
  return { nodes: [...nodes], edges: sorted.map(({ totals, inferred }) => (inferred ? { ...totals, inferred } : totals)) };
}
