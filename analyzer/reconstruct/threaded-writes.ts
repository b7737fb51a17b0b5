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
import type { PendingFlow } from './pending-flow.js';
import { PlacedSpans } from './span-writes.js';
import type { SpanWritesOptions } from './span-writes.js';
import type { AsyncFlowWriter } from './writer/store-thread.js';

export interface ThreadedFlowWritesOptions extends SpanWritesOptions {
  readonly writer: AsyncFlowWriter;
  /** Called once for every write the store refused. */
  readonly onError: (error: unknown) => void;
}

/** Placed spans posted together while a batch is routed: large enough that a commit's fixed cost is small beside it. */
export const POST_SPANS = 128;

interface Taken {
  readonly flow: PendingFlow;
  readonly spans: Span[];
}

export class ThreadedFlowWrites extends PlacedSpans {
  readonly #options: ThreadedFlowWritesOptions;
  /** Placed spans not posted yet. */
  #unposted = 0;
  /** Writes posted and not answered yet (each settles handled: a refusal is never unhandled). */
  readonly #unanswered = new Set<Promise<void>>();
  #closing: Promise<void> | undefined;

  constructor(options: ThreadedFlowWritesOptions) {
    super(options);
    this.#options = options;
  }

  override placed(flow: PendingFlow): void {
    super.placed(flow);
    if (++this.#unposted >= POST_SPANS) this.flush();
  }

  async durable(batch: readonly Span[]): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    await Promise.all([...this.#unanswered, this.#flushAll()]);
    const spans = batch.filter((s) => this.#options.isParked(s));
    if (spans.length === 0) return;
    return new Promise((resolve, reject) => this.waiters.push({ spans, resolve, reject }));
  }

  flush(): void {
    void this.#flushAll().catch(() => {});
  }

  /** Posts every unflushed span; the waiters whose spans are all placed settle with it. */
  #flushAll(): Promise<void> {
    const taken: Taken[] = [];
    for (const flow of this.holding) if (this.#options.holderOf(flow) === flow) taken.push({ flow, spans: flow.takeUnflushed() });
    this.holding = new Set();
    this.#unposted = 0;
    const ready = this.waiters.filter((w) => !w.spans.some((s) => this.#options.isParked(s)));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    this.lastFlushMs = this.#options.now();
    const written = this.#post(taken, []);
    written.then(() => ready.forEach((w) => w.resolve()), () => this.waiters.push(...ready));
    return written;
  }

  complete(flows: readonly PendingFlow[], records: readonly Flow[], stored: () => void, failed: (error: unknown) => void): void {
    this.#post(flows.map((flow) => ({ flow, spans: flow.takeUnflushed() })), records).then(stored, failed);
  }

  /** Posts the last write, then resolves (and settles every waiter) once every write is answered. */
  close(flows: readonly PendingFlow[], records: readonly Flow[]): Promise<void> {
    this.#closing ??= (async () => {
      const waiters = this.waiters;
      this.waiters = [];
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
    const merges = this.merges;
    if (spans.length === 0 && records.length === 0 && merges.length === 0) return Promise.resolve();
    this.merges = [];
    const count = spans.reduce((n, t) => n + t.spans.length, 0);
    const batch = { merges, spans: spans.map((t) => ({ flowId: t.flow.id, spans: t.spans })), flows: records };
    const written = this.#options.writer.write(batch).then(
      () => {
        this.uncommitted -= count;
      },
      (error: unknown) => {
        for (const t of spans) {
          const holder = this.#options.holderOf(t.flow);
          holder.unflushed.unshift(...t.spans);
          this.holding.add(holder);
        }
        this.merges.unshift(...merges);
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
