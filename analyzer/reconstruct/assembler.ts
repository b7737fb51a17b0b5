/**
 * Groups incoming spans into flows incrementally and keeps each in-flight flow's graph current.
 *
 * - Routing (flow-keys.ts): a span joins the flow of its primary request id; any other flow that
 *   owns one of its aliases is merged into that flow. A span without request ids joins its
 *   parent's flow (it waits up to `settleMs` for the parent: parked-spans.ts), else its trace's.
 *   Ids of completed flows are looked up in the store, and a late span re-opens its flow (spans
 *   reloaded, graph rebuilt, `updated` then `completed` again).
 * - Work per batch is proportional to the batch: spans are routed and flows marked dirty; `tick`
 *   rebuilds only the dirty flows, each at most once per `rebuildIntervalMs` while spans keep
 *   coming (reads through getFlow always see every span).
 * - Completion: a flow completes `settleMs` after its last span once its operation's final hop is
 *   seen, else `quietPeriodMs` after its last span. It is then written to the store with its spans
 *   and leaves memory. Beyond `maxInFlightFlows`, the flow quiet the longest completes early.
 * - Durability (flow-writes.ts): `durable(batch)` writes every placed span (each flow's spans
 *   together) and resolves once each span of the batch is in the store; a span waiting for its parent is
 *   written when it is released (within `settleMs` plus a tick). Spans are also written at
 *   completion, every `flushIntervalMs` and on close.
 * - Writes go to the store synchronously (flow-writes.ts) or, given `writer`, to the store's writer
 *   thread (threaded-writes.ts); a completing flow then stays here, readable, until its write is
 *   committed, and leaves only if no span arrived meanwhile.
 * - Pauses: a synchronous store holds the loop, so `durable` and completion split their writes into
 *   transactions sized to hold the event loop a few ms each (write-budget.ts), and `tick`
 *   rebuilds flows still receiving spans in slices of `rebuildSliceMs`; each yields to the loop
 *   (setImmediate) between slices. What waits stays in memory, where reads see it (a read
 *   rebuilds a dirty flow itself). Flow records are written at completion
 *   and on close; a crash loses the records (not the spans) of in-flight flows, which the next
 *   span of the flow or a restart's late span rebuilds from the stored spans.
 */
import type { Span } from '../../core/span.js';
import type { Flow } from '../../core/flow.js';
import type { FlowQuery, FlowStore } from '../store/contracts.js';
import { matchesQuery } from '../store/query-filters.js';
import { buildFlow } from './build-flow.js';
import { linkFlows } from './external-events.js';
import { idsOf } from './flow-keys.js';
import type { SpanIds } from './flow-keys.js';
import type { Endpoints } from './peer.js';
import { ParkedSpans } from './parked-spans.js';
import { FlowIndex } from './flow-index.js';
import { PendingFlow } from './pending-flow.js';
import { FlowWrites } from './flow-writes.js';
import type { SpanWrites } from './flow-writes.js';
import { ThreadedFlowWrites } from './threaded-writes.js';
import type { AsyncFlowWriter } from './writer/store-thread.js';
import { FLOW_RECORD_UNITS } from './write-budget.js';
import type { WriteBudgetOptions } from './write-budget.js';

export type FlowChange = 'updated' | 'completed';
export type FlowListener = (flow: Flow, change: FlowChange) => void;

export interface AssemblerOptions {
  /** Where flows are read from, and written to unless `writer` is given. */
  readonly store: FlowStore;
  /**
   * Writes go here instead of `store.write`, answered once committed (the store's writer thread:
   * writer/store-thread.ts); `store` must then see each commit as soon as it is answered.
   */
  readonly writer?: AsyncFlowWriter;
  readonly endpoints: Endpoints;
  readonly quietPeriodMs: number;
  readonly settleMs: number;
  /** A flow receiving spans is rebuilt at most this often (and always once it has been quiet for settleMs). */
  readonly rebuildIntervalMs: number;
  readonly flushIntervalMs: number;
  readonly maxInFlightFlows: number;
  readonly maxBufferedSpans: number;
  /** How long one write transaction may hold the event loop. @default { targetMs: 2 } */
  readonly writeBudget?: WriteBudgetOptions;
  /** How long one slice of rebuilds of flows still receiving spans may hold the event loop, in ms (at least one flow per slice). @default 2 */
  readonly rebuildSliceMs?: number;
  /** Wall clock in ms; injectable for tests. */
  readonly now?: () => number;
}

export class FlowAssembler {
  readonly #options: AssemblerOptions;
  readonly #now: () => number;
  readonly #pending = new Map<string, PendingFlow>();
  readonly #index = new FlowIndex();
  readonly #parked = new ParkedSpans();
  readonly #listeners = new Set<FlowListener>();
  readonly #writes: SpanWrites;
  /** Flows whose completion is being written (`completing`): still in #pending until stored. */
  #completingCount = 0;
  /** Due flows not yet completed (completion goes a budget's worth at a time). */
  readonly #completing = new Set<PendingFlow>();
  #completionScheduled = false;
  /** Flows still receiving spans whose next version is due (rebuilt a slice at a time). */
  readonly #rebuilding = new Set<PendingFlow>();
  #rebuildScheduled = false;
  #closed = false;
  /** Counters, for health and benchmarks. */
  readonly counts = { spans: 0, duplicates: 0, merges: 0, reopened: 0, completed: 0, listenerErrors: 0, writeErrors: 0 };

  constructor(options: AssemblerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const common = { isParked: (span: Span) => this.#parked.has(span), now: this.#now, budget: options.writeBudget };
    this.#writes = options.writer === undefined
      ? new FlowWrites({ ...common, store: options.store, flows: () => this.#pending.values() })
      : new ThreadedFlowWrites({
        ...common, writer: options.writer, holderOf: (flow) => this.#index.byId(flow.id) ?? flow, onError: () => this.counts.writeErrors++,
      });
  }

  onFlow(listener: FlowListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get inFlight(): number {
    return this.#pending.size;
  }

  /** Routes a batch into flows. Cost: O(batch), plus a store lookup per request id never seen. */
  add(spans: readonly Span[]): void {
    const now = this.#now();
    const ids = spans.map(idsOf);
    for (const [i, span] of spans.entries()) if (ids[i]!.primary !== undefined) this.#place(span, this.#route(span, ids[i]!, now), now);
    for (const [i, span] of spans.entries()) {
      if (ids[i]!.primary !== undefined) continue;
      const parent = this.#index.bySpan(span.parentSpanId);
      if (parent === undefined && span.parentSpanId !== '') this.#parked.park(span, now);
      else this.#place(span, this.#routeAnonymous(span, parent, now), now);
    }
    if (this.#parked.size > this.#options.maxBufferedSpans) this.#unpark(this.#parked.expire(), now);
    while (this.#pending.size - this.#completingCount > this.#options.maxInFlightFlows && this.#completeQuietest());
    if (this.#writes.buffered > this.#options.maxBufferedSpans) this.flush();
  }

  /** Rebuilds dirty flows, completes the due ones and flushes when the interval is up. */
  tick(): void {
    const now = this.#now();
    if (this.#parked.size > 0) this.#unpark(this.#parked.expire(now - this.#options.settleMs), now);
    const due: PendingFlow[] = [];
    for (const flow of this.#pending.values()) {
      const quietMs = now - flow.lastSpanMs;
      const settled = quietMs >= this.#options.settleMs;
      const rebuildDue = now - flow.builtAtMs >= this.#options.rebuildIntervalMs || settled;
      if (flow.dirty && rebuildDue && settled) this.#emit(this.#rebuild(flow, false), 'updated');
      else if (flow.dirty && rebuildDue) this.#rebuilding.add(flow);
      else if (flow.unannounced && flow.built !== undefined) this.#emit(flow.built.flow, 'updated');
      flow.unannounced = false;
      if (flow.completing) continue;
      if (quietMs >= this.#options.quietPeriodMs || (flow.built?.finalHopSeen === true && quietMs >= this.#options.settleMs)) due.push(flow);
    }
    for (const flow of due) this.#completing.add(flow);
    this.#completeSomeCounted();
    this.#rebuildSome();
    if (this.#writes.flushDue(now, this.#options.flushIntervalMs)) this.#flushCounted();
  }

  /**
   * Writes every placed span, in transactions of a budget's size with the event loop free in
   * between (rejects when the store refuses one; its spans stay buffered), and resolves once each
   * span of `batch` (already passed to `add`) is in the store: those still waiting for their
   * parent once they are released and written. Rejects when the final write of `close` fails.
   * Concurrent callers share one write loop, which runs until nothing is left unwritten.
   */
  durable(batch: readonly Span[]): Promise<void> {
    return this.#writes.durable(batch);
  }

  /** The current flow for any of its request ids: in flight (rebuilt if needed) or stored. */
  getFlow(requestId: string): Flow | undefined {
    const pending = this.#index.byId(requestId);
    if (pending === undefined) return this.#options.store.getFlow(requestId);
    if (!pending.dirty && pending.built !== undefined) return pending.built.flow;
    pending.unannounced = true;
    return this.#rebuild(pending, false);
  }

  /** getFlow as JSON text: stored flows are forwarded as stored. */
  getFlowJson(requestId: string): string | undefined {
    if (this.#index.byId(requestId) !== undefined) return JSON.stringify(this.getFlow(requestId));
    return this.#options.store.getFlowJson(requestId);
  }

  /** The raw spans of a flow (by id or alias), in flight or stored, by start time. */
  spansOf(requestId: string): readonly Span[] {
    const pending = this.#index.byId(requestId);
    if (pending !== undefined) return [...pending.spans.values()].sort((a, b) => a.startUs - b.startUs);
    const flowId = this.#options.store.flowIdOf(requestId);
    return flowId === undefined ? [] : this.#options.store.getSpans(flowId);
  }

  /** The flow holding spans of a trace, in flight or stored. */
  flowIdOfTrace(traceId: string): string | undefined {
    for (const flow of this.#pending.values()) if (flow.built?.flow.traceIds[0] === traceId) return flow.id;
    return this.#options.store.flowIdOfTrace(traceId) ?? this.#index.byTrace(traceId)?.id;
  }

  /** In-flight and stored flows matching the query, newest first. */
  searchFlows(query: FlowQuery): Flow[] {
    const live = [...this.#pending.values()].map((p) => this.getFlow(p.id)!).filter((f) => matchesQuery(f, query));
    const liveIds = new Set(this.#pending.keys());
    const stored = this.#options.store.searchFlows({ ...query, limit: query.limit + liveIds.size }).filter((f) => !liveIds.has(f.id));
    return [...live, ...stored].sort((a, b) => b.startUs - a.startUs).slice(0, query.limit);
  }

  /**
   * Writes every unflushed span, flow by flow, in one transaction. In-flight flow records are not
   * written (they are served from memory); completion and close write them.
   */
  flush(): void {
    this.#writes.flush();
  }

  /**
   * Flushes everything; in-flight flows are stored as `in_progress` and resume after a restart.
   * Resolves once every write is committed (with a synchronous store, before it returns).
   */
  close(): Promise<void> {
    this.#closed = true;
    this.#completing.clear();
    this.#rebuilding.clear();
    this.#unpark(this.#parked.expire(), this.#now());
    const pending = [...this.#pending.values()];
    for (const flow of pending) if (flow.dirty) this.#rebuild(flow, false);
    return this.#writes.close(pending, pending.map((f) => this.#saved(f)));
  }

  /** Adds a routed span to its flow, then releases the spans that waited for it. */
  #place(span: Span, flow: PendingFlow, now: number): void {
    if (flow.add(span, now)) this.#writes.placed(flow);
    else this.counts.duplicates++;
    this.counts.spans++;
    this.#index.setSpan(span.spanId, flow);
    for (const child of this.#parked.childrenOf(span.spanId)) this.#place(child, this.#routeAnonymous(child, flow, now), now);
  }

  /** Parked spans whose parent never came go to their trace's flow. */
  #unpark(spans: readonly Span[], now: number): void {
    for (const span of spans) this.#place(span, this.#routeAnonymous(span, this.#index.bySpan(span.parentSpanId), now), now);
  }

  /** A span without request ids: its parent's flow, else its trace's; aliases it names merge in. */
  #routeAnonymous(span: Span, parentFlow: PendingFlow | undefined, now: number): PendingFlow {
    let flow = parentFlow ?? this.#index.byTrace(span.traceId) ?? this.#reopen(this.#options.store.flowIdOfTrace(span.traceId), now) ?? this.#create(span.traceId, now);
    flow = this.#mergeAliases(flow, idsOf(span).aliases, now);
    this.#index.claimTrace(span.traceId, flow);
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

  /** A span with request ids (`ids`, its idsOf): its primary id's flow, merged with its aliases' flows. */
  #route(span: Span, { primary, aliases }: SpanIds, now: number): PendingFlow {
    let flow = this.#mergeAliases(this.#find(primary!, now) ?? this.#create(primary!, now), aliases, now);
    const traceFlow = this.#index.byTrace(span.traceId);
    if (traceFlow !== undefined && traceFlow !== flow && traceFlow.id === span.traceId) flow = this.#merge(traceFlow, flow);
    this.#index.claimTrace(span.traceId, flow);
    return flow;
  }

  #find(id: string, now: number): PendingFlow | undefined {
    return this.#index.byId(id) ?? this.#reopen(this.#options.store.flowIdOf(id), now);
  }

  #create(id: string, now: number): PendingFlow {
    const flow = new PendingFlow(id, now);
    this.#pending.set(id, flow);
    this.#index.setId(id, flow);
    return flow;
  }

  /** Makes `id` one of the flow's request ids. */
  #alias(id: string, flow: PendingFlow): void {
    flow.ids.add(id);
    this.#index.setId(id, flow);
  }

  /** Loads a completed flow back into memory because a late span belongs to it. */
  #reopen(flowId: string | undefined, now: number): PendingFlow | undefined {
    if (flowId === undefined) return undefined;
    const stored = this.#options.store.getFlow(flowId);
    if (stored === undefined) return undefined;
    const flow = this.#create(stored.id, now);
    for (const span of this.#options.store.getSpans(stored.id)) {
      flow.add(span, now, true);
      this.#index.setSpan(span.spanId, flow);
    }
    for (const alias of stored.aliases) this.#alias(alias, flow);
    for (const traceId of stored.traceIds) this.#index.claimTrace(traceId, flow);
    flow.links = [...(stored.links ?? [])];
    this.counts.reopened++;
    return flow;
  }

  /** Merges `from` into `into`; returns `into`. */
  #merge(from: PendingFlow, into: PendingFlow): PendingFlow {
    into.absorb(from);
    this.#pending.delete(from.id);
    this.#index.move(from, into);
    this.#writes.merged({ from: from.id, into: into.id }, into);
    this.counts.merges++;
    return into;
  }

  #rebuild(flow: PendingFlow, complete: boolean): Flow {
    const warnings = flow.duplicates === 0 ? [] : [`${flow.duplicates} re-delivered span(s) ignored`];
    flow.built = buildFlow({
      id: flow.id, aliases: flow.ids, spans: [...flow.spans.values()], complete, updatedUs: this.#now() * 1000,
      endpoints: this.#options.endpoints, links: flow.links, warnings,
    });
    flow.dirty = false;
    flow.unsaved = true;
    flow.builtAtMs = this.#now();
    linkFlows(flow, { pending: this.#pending.values(), flowOfSpan: (id) => this.#index.bySpan(id), store: this.#options.store });
    return flow.built.flow;
  }

  /** The flow marked complete: rebuilt only when spans arrived since its last build. */
  #completed(flow: PendingFlow): Flow {
    const built = flow.built;
    if (flow.dirty || built === undefined) return this.#rebuild(flow, true);
    const status = built.flow.status === 'in_progress' ? 'complete' : built.flow.status;
    flow.built = { ...built, flow: { ...built.flow, status, updatedUs: this.#now() * 1000 } };
    flow.unsaved = true;
    return flow.built.flow;
  }

  #saved(flow: PendingFlow): Flow {
    flow.unsaved = false;
    return flow.built?.flow ?? this.#rebuild(flow, false);
  }

  /**
   * Writes the flows' records and last spans; once stored, forgets each flow and announces it
   * `completed` unless it changed meanwhile (then it stays in flight and completes again later).
   * When the store refuses, they stay in flight (spans put back) and the error is counted.
   */
  #complete(flows: readonly PendingFlow[]): void {
    const finished = flows.map((flow) => ({ flow, built: this.#completed(flow), changes: flow.changes }));
    for (const flow of flows) flow.completing = true;
    this.#completingCount += flows.length;
    const settle = (): void => {
      for (const flow of flows) flow.completing = false;
      this.#completingCount -= flows.length;
    };
    const stored = (): void => {
      settle();
      for (const { flow, built, changes } of finished) {
        if (this.#pending.get(flow.id) !== flow || flow.changes !== changes || flow.unflushed.length > 0) continue;
        this.#forget(flow);
        this.counts.completed++;
        this.#emit(built, 'completed');
      }
    };
    const failed = (): void => {
      settle();
      this.counts.writeErrors++;
    };
    this.#writes.complete(flows, finished.map(({ flow }) => this.#saved(flow)), stored, failed);
  }

  /**
   * Completes queued due flows, about a budget's worth now, and schedules the rest after the
   * event loop has run. A queued flow merged into another meanwhile is skipped (the other one
   * carries its spans); write errors are counted (the flows' records are lost, not their
   * durable spans: a late span or a restart rebuilds them).
   */
  #completeSome(): void {
    const budget = this.#writes.budget.units;
    const chunk: PendingFlow[] = [];
    let units = 0;
    for (const flow of this.#completing) {
      if (units >= budget) break;
      this.#completing.delete(flow);
      if (this.#pending.get(flow.id) !== flow || flow.completing) continue;
      chunk.push(flow);
      units += flow.unflushed.length + FLOW_RECORD_UNITS;
    }
    if (chunk.length > 0) {
      const started = performance.now();
      this.#complete(chunk);
      this.#writes.budget.record(units, performance.now() - started);
    }
    if (this.#completing.size === 0 || this.#completionScheduled) return;
    this.#completionScheduled = true;
    setImmediate(() => {
      this.#completionScheduled = false;
      if (!this.#closed) this.#completeSomeCounted();
    });
  }

  /** #completeSome from a timer: a refused write is counted (its flows stay queued in memory, retried next tick). */
  #completeSomeCounted(): void {
    try {
      this.#completeSome();
    } catch {
      this.counts.writeErrors++;
    }
  }

  /** flush from a timer: a refused write is counted (its spans stay buffered, written again later). */
  #flushCounted(): void {
    try {
      this.flush();
    } catch {
      this.counts.writeErrors++;
    }
  }

  /**
   * Rebuilds queued flows (announcing each as `updated`) for about `rebuildSliceMs`, and
   * schedules the rest after the event loop has run, so hundreds of busy flows do not hold the
   * loop at once. Flows quiet for settleMs are not queued: tick rebuilds them at once, since
   * their completion depends on it.
   */
  #rebuildSome(): void {
    const started = performance.now();
    for (const flow of this.#rebuilding) {
      this.#rebuilding.delete(flow);
      if (this.#pending.get(flow.id) === flow && flow.dirty) this.#emit(this.#rebuild(flow, false), 'updated');
      if (performance.now() - started >= (this.#options.rebuildSliceMs ?? 2)) break;
    }
    if (this.#rebuilding.size === 0 || this.#rebuildScheduled) return;
    this.#rebuildScheduled = true;
    setImmediate(() => {
      this.#rebuildScheduled = false;
      if (!this.#closed) this.#rebuildSome();
    });
  }

  /** Completes the flow quiet the longest (not already completing); false when there is none. */
  #completeQuietest(): boolean {
    let quietest: PendingFlow | undefined;
    for (const flow of this.#pending.values()) if (!flow.completing && (quietest === undefined || flow.lastSpanMs < quietest.lastSpanMs)) quietest = flow;
    if (quietest !== undefined) this.#complete([quietest]);
    return quietest !== undefined;
  }

  #forget(flow: PendingFlow): void {
    this.#pending.delete(flow.id);
    this.#index.forget(flow);
  }

  #emit(flow: Flow, change: 'updated' | 'completed'): void {
    for (const listener of this.#listeners) {
      try {
        listener(flow, change);
      } catch {
        this.counts.listenerErrors++;
      }
    }
  }
}
