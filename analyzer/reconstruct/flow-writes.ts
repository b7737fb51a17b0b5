/**
 * The write side of flow assembly: what the assembler has placed in flows but not yet stored,
 * written in transactions of a budget's size (write-budget.ts), and the callers of `durable`
 * waiting for their spans to be stored.
 *
 * It keeps the flows holding unflushed spans (in the order they got their first one since
 * their last write) and needs only which flow holds a merged flow's spans, whether a span still
 * waits for its parent, and the store: a write touches the flows it writes, never every flow in
 * flight. Flow merges found while routing are queued here and written first in the next
 * transaction, so the store moves a flow's rows before any span of the merged flow lands under
 * the new id.
 *
 * Invariant: `buffered` is the number of spans placed in flows and not yet in the store. A write
 * the store refuses puts its spans back at the front of their flows (written again next time).
 */
import type { Span } from '../../core/span.js';
import type { Flow } from '../../core/flow.js';
import type { FlowMerge, FlowSpans, FlowWriter } from '../store/contracts.js';
import type { PendingFlow } from './pending-flow.js';
import { WriteBudget } from './write-budget.js';
import type { WriteBudgetOptions } from './write-budget.js';

/**
 * The assembler's write side. FlowWrites writes a store synchronously (each transaction holds the
 * event loop, so they are sized by `budget`); ThreadedFlowWrites (threaded-writes.ts) posts them to
 * the store's writer thread and learns of each commit later.
 */
export interface SpanWrites {
  /** Spans placed in flows and not yet committed. */
  readonly buffered: number;
  /** Sizes the assembler's completion slices (time the event loop is held, writes included). */
  readonly budget: WriteBudget;
  /** A span was added to the flow's `unflushed` list. */
  placed(flow: PendingFlow): void;
  /** Flow `from` was absorbed by `into` (its unflushed spans too); the store learns it before the next spans. */
  merged(merge: FlowMerge, into: PendingFlow): void;
  /** true when a caller waits for parked spans or `intervalMs` passed since the last full flush. */
  flushDue(now: number, intervalMs: number): boolean;
  /** Resolves once each span of `batch` (placed or parked) is committed; rejects when a write of it was refused. */
  durable(batch: readonly Span[]): Promise<void>;
  /** Writes every unflushed span now (a synchronous store throws its refusal; a thread reports it to `onError`). */
  flush(): void;
  /**
   * Writes the flows' unflushed spans and their records in one transaction; `stored` runs once it
   * is committed, `failed` when it was refused (the spans are back in their flows, never thrown).
   */
  complete(flows: readonly PendingFlow[], records: readonly Flow[], stored: () => void, failed: (error: unknown) => void): void;
  /** The last write: every flow's unflushed spans and the records; waiters settle with it. */
  close(flows: readonly PendingFlow[], records: readonly Flow[]): Promise<void>;
}

export interface FlowWritesOptions {
  readonly store: Pick<FlowWriter, 'write'>;
  /** The flow that now holds `flow`'s spans (itself, or the flow it was merged into since). */
  readonly holderOf: (flow: PendingFlow) => PendingFlow;
  /** true while this span waits for its parent (not in any flow yet, so not writable). */
  readonly isParked: (span: Span) => boolean;
  /** Wall clock in ms. */
  readonly now: () => number;
  readonly budget?: WriteBudgetOptions;
}

interface Waiter {
  spans: readonly Span[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class FlowWrites implements SpanWrites {
  readonly #options: FlowWritesOptions;
  /** Sizes every transaction, the assembler's completions included. */
  readonly budget: WriteBudget;
  #merges: FlowMerge[] = [];
  /** Flows that may hold unflushed spans, longest waiting first (a flow merged away since is skipped: its holder has them). */
  #holding = new Set<PendingFlow>();
  /** Batches whose `durable` promise waits for parked spans to be released and written. */
  #waiters: Waiter[] = [];
  #buffered = 0;
  #lastFlushMs: number;
  /** The running `durable` write loop, which every caller joins. */
  #draining: Promise<void> | undefined;
  #closed = false;

  constructor(options: FlowWritesOptions) {
    this.#options = options;
    this.budget = new WriteBudget(options.budget);
    this.#lastFlushMs = options.now();
  }

  /** Spans placed in flows and not yet stored. */
  get buffered(): number {
    return this.#buffered;
  }

  /** A span was added to the flow's `unflushed` list. */
  placed(flow: PendingFlow): void {
    this.#buffered++;
    this.#holding.add(flow);
  }

  /** Flow `from` was absorbed by `into`; the store learns it in the next transaction. */
  merged(merge: FlowMerge, into: PendingFlow): void {
    this.#merges.push(merge);
    this.#holding.add(into);
  }

  /** true when a caller waits for parked spans or `intervalMs` passed since the last full flush. */
  flushDue(now: number, intervalMs: number): boolean {
    return this.#waiters.length > 0 || now - this.#lastFlushMs >= intervalMs;
  }

  /**
   * Writes every placed span, in transactions of a budget's size with the event loop free in
   * between (rejects when the store refuses one; its spans stay buffered), and resolves once each
   * span of `batch` (already placed or parked) is in the store: those still waiting for their
   * parent once they are released and written. Rejects when the final write of `close` fails.
   * Concurrent callers share one write loop, which runs until nothing is left unwritten.
   */
  async durable(batch: readonly Span[]): Promise<void> {
    while (this.#buffered > 0 && !this.#closed) await (this.#draining ??= this.#drain().finally(() => (this.#draining = undefined)));
    const spans = batch.filter((s) => this.#options.isParked(s));
    if (spans.length === 0) return;
    return new Promise((resolve, reject) => this.#waiters.push({ spans, resolve, reject }));
  }

  async #drain(): Promise<void> {
    while (this.#buffered > 0 && !this.#closed) {
      this.#flushSome();
      if (this.#buffered > 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Writes the unflushed spans of the flows waiting longest, about a budget's worth. */
  #flushSome(): void {
    const budget = this.budget.units;
    const taken: { flow: PendingFlow; spans: Span[] }[] = [];
    let units = 0;
    for (const flow of this.#holding) {
      this.#holding.delete(flow);
      if (flow.unflushed.length === 0 || this.#options.holderOf(flow) !== flow) continue;
      const spans = flow.takeUnflushed();
      taken.push({ flow, spans });
      units += spans.length;
      if (units >= budget) break;
    }
    const started = performance.now();
    this.#writeTaken(taken);
    this.budget.record(units, performance.now() - started);
  }

  /** Writes spans taken from their flows in one transaction; if it fails they go back, to be written again. */
  #writeTaken(taken: readonly { flow: PendingFlow; spans: Span[] }[]): void {
    try {
      this.#write(taken.map(({ flow, spans }) => ({ flowId: flow.id, spans })), []);
    } catch (error) {
      for (const { flow, spans } of taken) this.#putBack(flow, spans);
      throw error;
    }
  }

  /** Writes every unflushed span, flow by flow, in one transaction, and resolves the waiters whose spans are all stored. */
  flush(): void {
    const holding = [...this.#holding].filter((flow) => this.#options.holderOf(flow) === flow);
    this.#holding = new Set();
    this.#writeTaken(holding.map((flow) => ({ flow, spans: flow.takeUnflushed() })));
    this.#lastFlushMs = this.#options.now();
    this.#waiters = this.#waiters.filter((waiter) => {
      waiter.spans = waiter.spans.filter((s) => this.#options.isParked(s));
      if (waiter.spans.length === 0) waiter.resolve();
      return waiter.spans.length > 0;
    });
  }

  complete(flows: readonly PendingFlow[], records: readonly Flow[], stored: () => void, failed: (error: unknown) => void): void {
    const taken = flows.map((flow) => ({ flowId: flow.id, spans: flow.takeUnflushed() }));
    try {
      this.#write(taken, records);
    } catch (error) {
      flows.forEach((flow, i) => this.#putBack(flow, taken[i]!.spans));
      failed(error);
      return;
    }
    stored();
  }

  /** Puts spans a refused write took back at the front of their flow, to be written again. */
  #putBack(flow: PendingFlow, spans: readonly Span[]): void {
    flow.unflushed.unshift(...spans);
    if (flow.unflushed.length > 0) this.#holding.add(flow);
  }

  /** One transaction: pending merges, then each flow's spans together, then flow records. */
  #write(spans: readonly FlowSpans[], flows: readonly Flow[]): void {
    const nonEmpty = spans.filter((s) => s.spans.length > 0);
    if (nonEmpty.length === 0 && flows.length === 0 && this.#merges.length === 0) return;
    this.#options.store.write({ merges: this.#merges, spans: nonEmpty, flows });
    this.#merges = [];
    this.#buffered -= nonEmpty.reduce((n, s) => n + s.spans.length, 0);
  }

  /**
   * The last write (every flow's unflushed spans and the given records), after which the write
   * loop stops; every waiter resolves once it is stored, or rejects with the store's error.
   * Written before it returns; the promise only reports the outcome.
   */
  close(flows: readonly PendingFlow[], records: readonly Flow[]): Promise<void> {
    this.#closed = true;
    const waiters = this.#waiters;
    this.#waiters = [];
    try {
      this.#write(flows.map((f) => ({ flowId: f.id, spans: f.takeUnflushed() })), records);
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    for (const waiter of waiters) waiter.resolve();
    return Promise.resolve();
  }
}
