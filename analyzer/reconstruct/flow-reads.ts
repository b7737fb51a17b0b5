/**
 * Reads that see in-flight flows (memory) before stored ones: the assembler answers getFlow
 * itself (it may rebuild a flow); these answer the rest from the same two places.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
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
  /** How long a search may hold the event loop rebuilding flows before it lets the loop run, in ms. */
  readonly sliceMs: number;
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

/**
 * In-flight and stored flows matching the query, newest first. Each in-flight flow is matched at
 * its current version; rebuilding the ones that changed goes a slice of `sliceMs` at a time with
 * the event loop let run in between, so a search after a burst of spans (a Kafka backlog, every
 * in-flight flow changed) does not hold ingest up. An in-flight flow is seen as it was when the
 * search reached it (one merged into another by then is seen as that other), and a flow is
 * listed once even when it was stored after that.
 */
export async function searchFlows(live: LiveFlows, query: FlowQuery): Promise<Flow[]> {
  const flows = [...live.pending.values()];
  const matching: Flow[] = [];
  for (let next = matchSlice(live, query, flows, 0, matching); next < flows.length; ) {
    await nextTurn();
    next = matchSlice(live, query, flows, next, matching);
  }
  const newestFirst = [...matching, ...storedOnly(live, query)].sort((a, b) => b.startUs - a.startUs);
  return firstOfEachId(newestFirst, query.limit);
}

/**
 * Matches `flows` from index `from` on, adding the matches to `matching`, until rebuilds have held
 * the loop for a slice; returns the index to go on from. After the first slice, each flow is
 * looked up again by its id in the index, which holds only flows in flight: that is the flow
 * itself, the flow it merged into meanwhile, or nothing once it was stored.
 */
function matchSlice(live: LiveFlows, query: FlowQuery, flows: readonly PendingFlow[], from: number, matching: Flow[]): number {
  const started = performance.now();
  for (let i = from; i < flows.length; i++) {
    const flow = from === 0 ? flows[i]! : live.index.byId(flows[i]!.id);
    if (flow === undefined) continue;
    const rebuilt = flow.dirty;
    const current = live.current(flow);
    if (matchesQuery(current, query)) matching.push(current);
    if (rebuilt && performance.now() - started >= live.sliceMs) return i + 1;
  }
  return flows.length;
}

/** The first `limit` flows of `flows`, each id once. */
function firstOfEachId(flows: readonly Flow[], limit: number): Flow[] {
  const ids = new Set<string>();
  const first: Flow[] = [];
  for (const flow of flows) {
    if (first.length === limit) break;
    if (ids.has(flow.id)) continue;
    ids.add(flow.id);
    first.push(flow);
  }
  return first;
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
