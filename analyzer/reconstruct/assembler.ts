/**
 * Groups incoming spans into flows incrementally and keeps each in-flight flow's graph current.
 *
 * - Routing (flow-router.ts): a span joins the flow of its request ids (aliases merge flows), else
 *   its parent's (waiting up to `settleMs` for it), else its trace's; a late span re-opens its
 *   completed flow (rebuilt, `updated` then `completed` again).
 * - Work per batch is proportional to the batch: spans are routed and flows marked dirty; `tick`
 *   rebuilds only the dirty flows, each at most once per `rebuildIntervalMs` while spans keep
 *   coming (reads through getFlow always see every span).
 * - Completion: a flow completes `settleMs` after its last span once its operation's final hop is
 *   seen, else `quietPeriodMs` after its last span. It is then written to the store with its spans
 *   and leaves memory. Beyond `maxInFlightFlows`, the flows quiet the longest complete early,
 *   together (in-flight-flows.ts finds them without a scan).
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
import type { FlowQuery } from '../store/contracts.js';
import { buildFlow } from './build-flow.js';
import { linkFlows } from './external-events.js';
import { FlowRouter } from './flow-router.js';
import { flowIdOfTrace, searchFlows, spansOfFlow } from './flow-reads.js';
import type { LiveFlows } from './flow-reads.js';
import { ParkedSpans } from './parked-spans.js';
import { FlowIndex } from './flow-index.js';
import { InFlightFlows } from './in-flight-flows.js';
import type { PendingFlow } from './pending-flow.js';
import { FlowWrites } from './flow-writes.js';
import type { SpanWrites } from './span-writes.js';
import { ThreadedFlowWrites } from './threaded-writes.js';
import { FlowCompletions } from './flow-completions.js';
import { SlicedRebuilds } from './sliced-rebuilds.js';
import type { AssemblerOptions } from './assembler-options.js';

export type FlowChange = 'updated' | 'completed';
export type FlowListener = (flow: Flow, change: FlowChange) => void;
export type { AssemblerOptions } from './assembler-options.js';

export class FlowAssembler {
  readonly #options: AssemblerOptions;
  readonly #now: () => number;
  readonly #pending = new InFlightFlows();
  readonly #index = new FlowIndex();
  readonly #parked = new ParkedSpans();
  readonly #listeners = new Set<FlowListener>();
  readonly #writes: SpanWrites;
  readonly #router: FlowRouter;
  readonly #completions: FlowCompletions;
  readonly #live: LiveFlows;
  /** Flows still receiving spans whose next version is due (rebuilt a slice at a time). */
  readonly #rebuilding: SlicedRebuilds;
  #closed = false;
  /** Counters, for health and benchmarks. */
  readonly counts = { spans: 0, duplicates: 0, merges: 0, reopened: 0, completed: 0, listenerErrors: 0, writeErrors: 0 };

  constructor(options: AssemblerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const common = { isParked: (span: Span) => this.#parked.has(span), now: this.#now, budget: options.writeBudget, holderOf: (flow: PendingFlow) => this.#index.byId(flow.id) ?? flow };
    this.#writes = options.writer === undefined
      ? new FlowWrites({ ...common, store: options.store })
      : new ThreadedFlowWrites({ ...common, writer: options.writer, onError: () => this.counts.writeErrors++ });
    this.#router = new FlowRouter({ store: options.store, pending: this.#pending, index: this.#index, parked: this.#parked, writes: this.#writes, counts: this.counts });
    const sliceMs = options.rebuildSliceMs ?? 2;
    this.#rebuilding = new SlicedRebuilds({
      sliceMs,
      rebuild: (flow) => {
        if (this.#pending.get(flow.id) === flow && flow.dirty) this.#emit(this.#rebuild(flow, false), 'updated');
      },
      closed: () => this.#closed,
    });
    this.#live = { pending: this.#pending, index: this.#index, store: options.store, current: (flow) => this.#current(flow), sliceMs };
    this.#completions = new FlowCompletions({
      pending: this.#pending,
      writes: this.#writes,
      completed: (flow) => this.#completed(flow),
      saved: (flow) => this.#saved(flow),
      finished: (flow, built) => {
        this.#forget(flow);
        this.counts.completed++;
        this.#emit(built, 'completed');
      },
      failed: () => this.counts.writeErrors++,
      closed: () => this.#closed,
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
    this.#router.route(spans, now);
    if (this.#parked.size > this.#options.maxBufferedSpans) this.#router.unpark(this.#parked.expire(), now);
    const excess = this.#pending.size - this.#completions.writing - this.#options.maxInFlightFlows;
    if (excess > 0) this.#completions.completeQuietest(excess);
    if (this.#writes.buffered > this.#options.maxBufferedSpans) this.flush();
  }

  /** Rebuilds the changed flows, completes the due ones and flushes when the interval is up. Cost: O(changed + due). */
  tick(): void {
    const now = this.#now();
    if (this.#parked.size > 0) this.#router.unpark(this.#parked.expire(now - this.#options.settleMs), now);
    for (const flow of this.#pending.changed()) {
      const settled = now - flow.lastSpanMs >= this.#options.settleMs;
      const rebuildDue = now - flow.builtAtMs >= this.#options.rebuildIntervalMs || settled;
      if (flow.dirty && rebuildDue && settled) this.#emit(this.#rebuild(flow, false), 'updated');
      else if (flow.dirty && rebuildDue) this.#rebuilding.queue(flow);
      else if (flow.unannounced && flow.built !== undefined) this.#emit(flow.built.flow, 'updated');
      flow.unannounced = false;
      if (!flow.dirty) this.#pending.settle(flow);
    }
    this.#completions.queue(this.#due(now));
    this.#completions.run();
    this.#rebuilding.run();
    if (this.#writes.flushDue(now, this.#options.flushIntervalMs)) this.#flushCounted();
  }

  /**
   * The flows to complete now: quiet for `settleMs` with their final hop seen, or quiet for
   * `quietPeriodMs` (and `settleMs`, should it be the longer). Each rule's flows are at the front
   * of its own quiet order, so each scan ends at the first flow not quiet long enough (every flow
   * after it was heard from later), and a flow waiting out the quiet period is not looked at
   * again every tick. A flow may be named twice; the completion queue is a set.
   */
  #due(now: number): PendingFlow[] {
    const due: PendingFlow[] = [];
    const take = (flows: Iterable<PendingFlow>, quietMs: number): void => {
      for (const flow of flows) {
        if (now - flow.lastSpanMs < quietMs) return;
        if (!flow.completing) due.push(flow);
      }
    };
    take(this.#pending.finalHopSeenQuietestFirst(), this.#options.settleMs);
    take(this.#pending.quietestFirst(), Math.max(this.#options.quietPeriodMs, this.#options.settleMs));
    return due;
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
    return pending === undefined ? this.#options.store.getFlow(requestId) : this.#current(pending);
  }

  /** getFlow as JSON text: stored flows are forwarded as stored. */
  getFlowJson(requestId: string): string | undefined {
    if (this.#index.byId(requestId) !== undefined) return JSON.stringify(this.getFlow(requestId));
    return this.#options.store.getFlowJson(requestId);
  }

  /** The raw spans of a flow (by id or alias), in flight or stored, by start time. */
  spansOf(requestId: string): readonly Span[] {
    return spansOfFlow(this.#live, requestId);
  }

  /** The flow holding spans of a trace, in flight or stored. */
  flowIdOfTrace(traceId: string): string | undefined {
    return flowIdOfTrace(this.#live, traceId);
  }

  /** In-flight and stored flows matching the query, newest first (rebuilds go a slice at a time: flow-reads.ts). */
  searchFlows(query: FlowQuery): Promise<Flow[]> {
    return searchFlows(this.#live, query);
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
    this.#completions.clear();
    this.#rebuilding.clear();
    this.#router.unpark(this.#parked.expire(), this.#now());
    const pending = [...this.#pending.values()];
    for (const flow of pending) if (flow.dirty) this.#rebuild(flow, false);
    return this.#writes.close(pending, pending.map((f) => this.#saved(f)));
  }

  /** The flow's current version; a rebuild a read caused is announced as `updated` by the next tick. */
  #current(flow: PendingFlow): Flow {
    if (!flow.dirty && flow.built !== undefined) return flow.built.flow;
    flow.unannounced = true;
    return this.#rebuild(flow, false);
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
    this.#pending.rebuilt(flow);
    linkFlows(flow, { flowsOfInstance: (uuid) => this.#index.flowsOfInstance(uuid), flowOfSpan: (traceId, spanId) => this.#index.bySpan(traceId, spanId), store: this.#options.store });
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

  /** flush from a timer: a refused write is counted (its spans stay buffered, written again later). */
  #flushCounted(): void {
    try {
      this.flush();
    } catch {
      this.counts.writeErrors++;
    }
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
