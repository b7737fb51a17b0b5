/** Flow search and dependency aggregation shared by the backends that filter in code. */
import type { Flow } from '../../core/flow.js';
import type { DependencyEdge, FlowQuery } from './contracts.js';

export function matchesQuery(flow: Flow, query: FlowQuery): boolean {
  if (query.operation !== undefined && flow.operation !== query.operation) return false;
  if (query.status !== undefined && flow.status !== query.status) return false;
  if (query.sinceUs !== undefined && flow.startUs < query.sinceUs) return false;
  if (query.untilUs !== undefined && flow.startUs >= query.untilUs) return false;
  if (query.service !== undefined && !flow.graph.nodes.includes(query.service)) return false;
  return true;
}

export function aggregateDependencies(flows: Iterable<Flow>): DependencyEdge[] {
  const edges = new Map<string, { -readonly [K in keyof DependencyEdge]: DependencyEdge[K] }>();
  for (const flow of flows) {
    for (const edge of flow.graph.edges) {
      const key = `${edge.from}\u0000${edge.to}\u0000${edge.kind}`;
      const seen = edges.get(key);
      if (seen === undefined) edges.set(key, { from: edge.from, to: edge.to, kind: edge.kind, callCount: edge.count, errorCount: edge.errors });
      else {
        seen.callCount += edge.count;
        seen.errorCount += edge.errors;
      }
    }
  }
  return [...edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.kind.localeCompare(b.kind));
}
