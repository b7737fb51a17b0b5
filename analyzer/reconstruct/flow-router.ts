/**
 * Routing (flow-keys.ts): which in-flight flow each span joins. A span joins the flow of its
 * primary request id; any other flow that owns one of its aliases is merged into that flow. A
 * span without request ids joins its parent's flow (it waits up to `settleMs` for the parent:
 * parked-spans.ts), else its trace's. Ids of completed flows are looked up in the store, and a
 * late span re-opens its flow (its spans reloaded; the assembler rebuilds and completes it again).
 *
 * Cost: O(batch), plus a store lookup per request id never seen. The router owns no flow state of
 * its own: it adds to the assembler's in-flight map and index, and tells the write side what it
 * placed and merged.
 */
import type { Span } from '../../core/span.js';
import type { FlowReader } from '../store/contracts.js';
import { idsOf } from './flow-keys.js';
import type { SpanIds } from './flow-keys.js';
import type { FlowIndex } from './flow-index.js';
import type { InFlightFlows } from './in-flight-flows.js';
import type { ParkedSpans } from './parked-spans.js';
import { instanceUuidOf, PendingFlow } from './pending-flow.js';
import type { SpanWrites } from './span-writes.js';

/** What routing counts; the assembler's counters (shared, updated in place). */
export interface RoutingCounts {
  spans: number;
  duplicates: number;
  merges: number;
  reopened: number;
}

export interface FlowRouterOptions {
  /** Where completed flows are found (and reloaded from) when a late span names them. */
  readonly store: Pick<FlowReader, 'flowIdOf' | 'flowIdOfTrace' | 'getFlow' | 'getSpans'>;
  /** The in-flight flows by id: new flows are added, merged-away ones removed, each moved when heard from. */
  readonly pending: InFlightFlows;
  readonly index: FlowIndex;
  readonly parked: ParkedSpans;
  readonly writes: Pick<SpanWrites, 'placed' | 'merged'>;
  readonly counts: RoutingCounts;
}

export class FlowRouter {
  readonly #options: FlowRouterOptions;

  constructor(options: FlowRouterOptions) {
    this.#options = options;
  }

  /** Places a batch: spans with request ids first, so children without ids find their parents' flows. */
  route(spans: readonly Span[], now: number): void {
    const { index, parked } = this.#options;
    const anonymous: Span[] = [];
    for (const span of spans) {
      const ids = idsOf(span);
      if (ids.primary === undefined) anonymous.push(span);
      else this.#place(span, this.#route(span, ids, now), now);
    }
    for (const span of anonymous) {
      const parent = index.bySpan(span.traceId, span.parentSpanId);
      if (parent === undefined && span.parentSpanId !== '') parked.park(span, now);
      else this.#place(span, this.#routeAnonymous(span, parent, now), now);
    }
  }

  /** Places parked spans whose parent never came: their trace's flow. */
  unpark(spans: readonly Span[], now: number): void {
    for (const span of spans) this.#place(span, this.#routeAnonymous(span, this.#options.index.bySpan(span.traceId, span.parentSpanId), now), now);
  }

  /** Adds a routed span to its flow, then releases the spans that waited for it. */
  #place(span: Span, flow: PendingFlow, now: number): void {
    const { counts, writes, index, parked, pending } = this.#options;
    const firstOfTrace = !flow.traceIds.has(span.traceId);
    const quietSince = flow.lastSpanMs;
    const instances = flow.instanceUuids.size;
    if (flow.add(span, now)) writes.placed(flow);
    else counts.duplicates++;
    if (quietSince !== now) pending.touched(flow);
    counts.spans++;
    if (firstOfTrace) index.holdsTrace(span.traceId, flow);
    if (flow.instanceUuids.size !== instances) index.namesInstance(instanceUuidOf(span)!, flow);
    for (const child of parked.childrenOf(span.spanId)) this.#place(child, this.#routeAnonymous(child, flow, now), now);
  }

  /** A span without request ids: its parent's flow, else its trace's; aliases it names merge in. */
  #routeAnonymous(span: Span, parentFlow: PendingFlow | undefined, now: number): PendingFlow {
    const { index, store } = this.#options;
    let flow = parentFlow ?? index.byTrace(span.traceId) ?? this.#reopen(store.flowIdOfTrace(span.traceId), now) ?? this.#create(span.traceId, now);
    flow = this.#mergeAliases(flow, idsOf(span).aliases, now);
    index.claimTrace(span.traceId, flow);
    return flow;
  }

  /** A span with request ids (`ids`, its idsOf): its primary id's flow, merged with its aliases' flows. */
  #route(span: Span, { primary, aliases }: SpanIds, now: number): PendingFlow {
    const { index } = this.#options;
    let flow = this.#mergeAliases(this.#find(primary!, now) ?? this.#create(primary!, now), aliases, now);
    const traceFlow = index.byTrace(span.traceId);
    if (traceFlow !== undefined && traceFlow !== flow && traceFlow.id === span.traceId) flow = this.#merge(traceFlow, flow);
    index.claimTrace(span.traceId, flow);
    return flow;
  }

  #mergeAliases(flow: PendingFlow, aliases: readonly string[], now: number): PendingFlow {
    let into = flow;
    for (const alias of aliases) {
      const other = this.#find(alias, now);
      if (other !== undefined && other !== into) into = this.#merge(other, into);
      this.#alias(alias, into);
    }
    return into;
  }

  #find(id: string, now: number): PendingFlow | undefined {
    return this.#options.index.byId(id) ?? this.#reopen(this.#options.store.flowIdOf(id), now);
  }

  #create(id: string, now: number): PendingFlow {
    const flow = new PendingFlow(id, now);
    this.#options.pending.set(id, flow);
    this.#options.index.setId(id, flow);
    return flow;
  }

  /** Makes `id` one of the flow's request ids. */
  #alias(id: string, flow: PendingFlow): void {
    flow.ids.add(id);
    this.#options.index.setId(id, flow);
  }

  /** Loads a completed flow back into memory because a late span belongs to it. */
  #reopen(flowId: string | undefined, now: number): PendingFlow | undefined {
    if (flowId === undefined) return undefined;
    const { store, index, counts } = this.#options;
    const stored = store.getFlow(flowId);
    if (stored === undefined) return undefined;
    const flow = this.#create(stored.id, now);
    for (const span of store.getSpans(stored.id)) flow.add(span, now, true);
    for (const traceId of flow.traceIds) index.holdsTrace(traceId, flow);
    for (const uuid of flow.instanceUuids) index.namesInstance(uuid, flow);
    for (const alias of stored.aliases) this.#alias(alias, flow);
    for (const traceId of stored.traceIds) index.claimTrace(traceId, flow);
    flow.links = [...(stored.links ?? [])];
    counts.reopened++;
    return flow;
  }

  /** Merges `from` into `into`; returns `into`. */
  #merge(from: PendingFlow, into: PendingFlow): PendingFlow {
    into.absorb(from);
    this.#options.pending.delete(from.id);
    this.#options.pending.touched(into);
    this.#options.index.move(from, into);
    this.#options.writes.merged({ from: from.id, into: into.id }, into);
    this.#options.counts.merges++;
    return into;
  }
}
