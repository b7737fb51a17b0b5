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
 * The bookkeeping it shares with the writer thread's write side is PlacedSpans (span-writes.ts).
 */
import type { Span } from '../../core/span.js';
import type { Flow } from '../../core/flow.js';
import type { FlowSpans, FlowWriter } from '../store/contracts.js';
import type { PendingFlow } from './pending-flow.js';
import { PlacedSpans } from './span-writes.js';
import type { SpanWritesOptions } from './span-writes.js';

export interface FlowWritesOptions extends SpanWritesOptions {
  readonly store: Pick<FlowWriter, 'write'>;
}

/** The write side of a store written on the event loop's thread, a transaction at a time. */
export class FlowWrites extends PlacedSpans {
  readonly #options: FlowWritesOptions;
  /** The running `durable` write loop, which every caller joins. */
  #draining: Promise<void> | undefined;
  #closed = false;

  constructor(options: FlowWritesOptions) {
    super(options);
    this.#options = options;
  }

  /**
   * Writes every placed span, in transactions of a budget's size with the event loop free in
   * between (rejects when the store refuses one; its spans stay buffered), and resolves once each
   * span of `batch` (already placed or parked) is in the store: those still waiting for their
   * parent once they are released and written. Rejects when the final write of `close` fails.
   * Concurrent callers share one write loop, which runs until nothing is left unwritten.
   */
  async durable(batch: readonly Span[]): Promise<void> {
    while (this.uncommitted > 0 && !this.#closed) await (this.#draining ??= this.#drain().finally(() => (this.#draining = undefined)));
    const spans = batch.filter((s) => this.#options.isParked(s));
    if (spans.length === 0) return;
    return new Promise((resolve, reject) => this.waiters.push({ spans, resolve, reject }));
  }

  async #drain(): Promise<void> {
    while (this.uncommitted > 0 && !this.#closed) {
      this.#flushSome();
      if (this.uncommitted > 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Writes the unflushed spans of the flows waiting longest, about a budget's worth. */
  #flushSome(): void {
    const budget = this.budget.units;
    const taken: { flow: PendingFlow; spans: Span[] }[] = [];
    let units = 0;
    for (const flow of this.holding) {
      this.holding.delete(flow);
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
    const holding = [...this.holding].filter((flow) => this.#options.holderOf(flow) === flow);
    this.holding = new Set();
    this.#writeTaken(holding.map((flow) => ({ flow, spans: flow.takeUnflushed() })));
    this.lastFlushMs = this.#options.now();
    this.waiters = this.waiters.filter((waiter) => {
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
    if (flow.unflushed.length > 0) this.holding.add(flow);
  }

  /** One transaction: pending merges, then each flow's spans together, then flow records. */
  #write(spans: readonly FlowSpans[], flows: readonly Flow[]): void {
    const nonEmpty = spans.filter((s) => s.spans.length > 0);
    if (nonEmpty.length === 0 && flows.length === 0 && this.merges.length === 0) return;
    this.#options.store.write({ merges: this.merges, spans: nonEmpty, flows });
    this.merges = [];
    this.uncommitted -= nonEmpty.reduce((n, s) => n + s.spans.length, 0);
  }

  /**
   * The last write (every flow's unflushed spans and the given records), after which the write
   * loop stops; every waiter resolves once it is stored, or rejects with the store's error.
   * Written before it returns; the promise only reports the outcome.
   */
  close(flows: readonly PendingFlow[], records: readonly Flow[]): Promise<void> {
    this.#closed = true;
    const waiters = this.waiters;
    this.waiters = [];
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
