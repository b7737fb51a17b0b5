/**
 * Reads that see in-flight flows (memory) before stored ones: the assembler answers getFlow
 * itself (it may rebuild a flow); these answer the rest from the same two places.
 */
import type { Span } from '../../core/span.js';
import type { Flow } from '../../core/flow.js';
import type { FlowQuery, FlowReader } from '../store/contracts.js';
import { matchesQuery } from '../store/query-filters.js';
import type { FlowIndex } from './flow-index.js';
import type { PendingFlow } from './pending-flow.js';

/** The in-flight side of a read. */
export interface LiveFlows {
  /** The in-flight flows by id. */
  readonly pending: ReadonlyMap<string, PendingFlow>;
  readonly index: FlowIndex;
  readonly store: Pick<FlowReader, 'flowIdOf' | 'flowIdOfTrace' | 'getSpans' | 'searchFlows'>;
  /** The flow's current version (rebuilt if spans arrived since its last build). */
  current(flow: PendingFlow): Flow;
}

/** The raw spans of a flow (by id or alias), in flight or stored, by start time. */
export function spansOfFlow(live: LiveFlows, requestId: string): readonly Span[] {
  const pending = live.index.byId(requestId);
  if (pending !== undefined) return [...pending.spans.values()].sort((a, b) => a.startUs - b.startUs);
  const flowId = live.store.flowIdOf(requestId);
  return flowId === undefined ? [] : live.store.getSpans(flowId);
}

/** The flow holding spans of a trace, in flight or stored. */
export function flowIdOfTrace(live: LiveFlows, traceId: string): string | undefined {
  for (const flow of live.pending.values()) if (flow.built?.flow.traceIds[0] === traceId) return flow.id;
  return live.store.flowIdOfTrace(traceId) ?? live.index.byTrace(traceId)?.id;
}

/** In-flight and stored flows matching the query, newest first. */
export function searchFlows(live: LiveFlows, query: FlowQuery): Flow[] {
  const matching = [...live.pending.values()].map((p) => live.current(p)).filter((f) => matchesQuery(f, query));
  return [...matching, ...storedOnly(live, query)].sort((a, b) => b.startUs - a.startUs).slice(0, query.limit);
}

/**
 * The newest `query.limit` stored flows matching the query that are not in flight (a flow in
 * flight may have a stored record too: re-opened, or being completed). Asks the store for just
 * the limit, and again past the flows in flight it met, so its cost follows the limit, not the
 * number of flows in flight.
 */
function storedOnly(live: LiveFlows, query: FlowQuery): Flow[] {
  for (let limit = query.limit; ; ) {
    const page = live.store.searchFlows({ ...query, limit });
    const stored = page.filter((f) => !live.pending.has(f.id));
    if (stored.length >= query.limit || page.length < limit) return stored;
    limit += page.length - stored.length;
  }
}
