/**
 * The assembler's write side when the store is written on its own thread (writer/store-thread.ts):
 * a write is posted and committed later, so the event loop never waits for SQLite.
 *
 * - Spans are posted while a batch is still being routed, every `POST_SPANS` placed spans, so the
 *   thread commits the first part of a batch while this one routes the rest: ingest hands on one
 *   batch at a time and resolves it only once it is committed, so without that overlap the two
 *   threads would take turns. `durable` posts what is left and resolves once every write posted
 *   before it is committed: writes commit in the order posted, so each span of its batch is then
 *   stored, wherever it was written.
 * - A refused write puts its spans back at the front of their flows and its merges back in the
 *   queue (written again by the next flush), reports the error to `onError`, and rejects the
 *   callers waiting for it: nothing is lost, and a sender told to retry re-sends what is stored
 *   or will be (duplicates are ignored).
 * - `buffered` counts spans placed and not yet committed, posted or not.
 */
import type { Span } from '../../core/span.js';
import type { Flow } from '../../core/flow.js';
import type { FlowMerge } from '../store/contracts.js';
import type { SpanWrites } from './flow-writes.js';
import type { PendingFlow } from './pending-flow.js';
import { WriteBudget } from './write-budget.js';
import type { WriteBudgetOptions } from './write-budget.js';
import type { AsyncFlowWriter } from './writer/store-thread.js';

export interface ThreadedFlowWritesOptions {
  readonly writer: AsyncFlowWriter;
  /** true while this span waits for its parent (not in any flow yet, so not writable). */
  readonly isParked: (span: Span) => boolean;
  /** Wall clock in ms. */
  readonly now: () => number;
  /** The flow that now holds `flow`'s spans (itself, or the flow it was merged into since). */
  readonly holderOf: (flow: PendingFlow) => PendingFlow;
  /** Called once for every write the store refused. */
  readonly onError: (error: unknown) => void;
  readonly budget?: WriteBudgetOptions;
}

/** Placed spans posted together while a batch is routed: large enough that a commit's fixed cost is small beside it. */
export const POST_SPANS = 128;

interface Taken {
  readonly flow: PendingFlow;
  readonly spans: Span[];
}

interface Waiter {
  readonly spans: readonly Span[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class ThreadedFlowWrites implements SpanWrites {
  readonly #options: ThreadedFlowWritesOptions;
  readonly budget: WriteBudget;
  #merges: FlowMerge[] = [];
  #buffered = 0;
  /** Placed spans not posted yet. */
  #unposted = 0;
  /** Flows that may hold unflushed spans (a flow merged away since is skipped: its holder has them). */
  #holding = new Set<PendingFlow>();
  /** Batches whose `durable` promise waits for parked spans to be released and written. */
  #waiters: Waiter[] = [];
  /** Writes posted and not answered yet (each settles handled: a refusal is never unhandled). */
  readonly #unanswered = new Set<Promise<void>>();
  #lastFlushMs: number;
  #closing: Promise<void> | undefined;

  constructor(options: ThreadedFlowWritesOptions) {
    this.#options = options;
    this.budget = new WriteBudget(options.budget);
    this.#lastFlushMs = options.now();
  }

  get buffered(): number {
    return this.#buffered;
  }

  placed(flow: PendingFlow): void {
    this.#buffered++;
    this.#holding.add(flow);
    if (++this.#unposted >= POST_SPANS) this.flush();
  }

  merged(merge: FlowMerge, into: PendingFlow): void {
    this.#merges.push(merge);
    this.#holding.add(into);
  }

  flushDue(now: number, intervalMs: number): boolean {
    return this.#waiters.length > 0 || now - this.#lastFlushMs >= intervalMs;
  }

  async durable(batch: readonly Span[]): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    await Promise.all([...this.#unanswered, this.#flushAll()]);
    const spans = batch.filter((s) => this.#options.isParked(s));
    if (spans.length === 0) return;
    return new Promise((resolve, reject) => this.#waiters.push({ spans, resolve, reject }));
  }

  flush(): void {
    void this.#flushAll().catch(() => {});
  }

  /** Posts every unflushed span; the waiters whose spans are all placed settle with it. */
  #flushAll(): Promise<void> {
    const taken: Taken[] = [];
    for (const flow of this.#holding) if (this.#options.holderOf(flow) === flow) taken.push({ flow, spans: flow.takeUnflushed() });
    this.#holding = new Set();
    this.#unposted = 0;
    const ready = this.#waiters.filter((w) => !w.spans.some((s) => this.#options.isParked(s)));
    this.#waiters = this.#waiters.filter((w) => !ready.includes(w));
    this.#lastFlushMs = this.#options.now();
    const written = this.#post(taken, []);
    written.then(() => ready.forEach((w) => w.resolve()), () => this.#waiters.push(...ready));
    return written;
  }

  complete(flows: readonly PendingFlow[], records: readonly Flow[], stored: () => void, failed: (error: unknown) => void): void {
    this.#post(flows.map((flow) => ({ flow, spans: flow.takeUnflushed() })), records).then(stored, failed);
  }

  /** Posts the last write, then resolves (and settles every waiter) once every write is answered. */
  close(flows: readonly PendingFlow[], records: readonly Flow[]): Promise<void> {
    this.#closing ??= (async () => {
      const waiters = this.#waiters;
      this.#waiters = [];
      const last = this.#post(flows.map((flow) => ({ flow, spans: flow.takeUnflushed() })), records);
      try {
        await Promise.all([...this.#unanswered, last]);
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
        throw error;
      }
      for (const waiter of waiters) waiter.resolve();
    })();
    return this.#closing;
  }

  /** One transaction: queued merges, then each flow's spans together, then flow records. */
  #post(taken: readonly Taken[], records: readonly Flow[]): Promise<void> {
    const spans = taken.filter((t) => t.spans.length > 0);
    const merges = this.#merges;
    if (spans.length === 0 && records.length === 0 && merges.length === 0) return Promise.resolve();
    this.#merges = [];
    const count = spans.reduce((n, t) => n + t.spans.length, 0);
    const batch = { merges, spans: spans.map((t) => ({ flowId: t.flow.id, spans: t.spans })), flows: records };
    const written = this.#options.writer.write(batch).then(
      () => {
        this.#buffered -= count;
      },
      (error: unknown) => {
        for (const t of spans) {
          const holder = this.#options.holderOf(t.flow);
          holder.unflushed.unshift(...t.spans);
          this.#holding.add(holder);
        }
        this.#merges.unshift(...merges);
        this.#options.onError(error);
        throw error;
      },
    );
    this.#unanswered.add(written);
    const answered = (): void => void this.#unanswered.delete(written);
    written.then(answered, answered);
    return written;
  }
}
