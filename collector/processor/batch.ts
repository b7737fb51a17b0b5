import type { SpanConsumer } from '../../core/consumer.js';
import type { Span } from '../../core/span.js';

export interface BatchOptions {
  /**
   * A batch is handed on as soon as it holds this many spans or more (one request's spans are
   * never split, so a batch may exceed it by less than one request). Minimum 1.
   * @default 8192
   */
  readonly maxSpans: number;
  /**
   * Longest time, in milliseconds, the first span of a batch waits for more before the batch is
   * handed on. 0 hands each batch on as soon as the previous one has been acknowledged.
   * @default 5
   */
  readonly timeoutMs: number;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Joins the batches of many requests into fewer, larger ones, and resolves each caller only when
 * the batch holding its spans has been consumed downstream (an HTTP 200 therefore means
 * "exported", never "buffered").
 *
 * Invariant: at most one batch is downstream at a time, so batches (and the spans of each flow)
 * reach the exporter in the order their requests arrived here; spans arriving meanwhile gather
 * into the next batch.
 */
export class BatchProcessor implements SpanConsumer {
  readonly #next: SpanConsumer;
  readonly #options: BatchOptions;
  #spans: Span[] = [];
  #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  #timedOut = false;
  #busy = false;
  #idle: Promise<void> = Promise.resolve();

  constructor(next: SpanConsumer, options: BatchOptions) {
    this.#next = next;
    this.#options = options;
  }

  consume(spans: readonly Span[]): Promise<void> {
    if (spans.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    for (const span of spans) this.#spans.push(span);
    if (this.#spans.length >= this.#options.maxSpans || this.#options.timeoutMs === 0) this.#timedOut = true;
    else this.#timer ??= setTimeout(() => this.#onTimeout(), this.#options.timeoutMs);
    this.#maybeFlush();
    return done;
  }

  /** Hands on whatever is pending now and resolves when everything so far has been consumed. */
  async flush(): Promise<void> {
    if (this.#spans.length > 0) {
      this.#timedOut = true;
      this.#maybeFlush();
    }
    while (this.#busy || this.#spans.length > 0) await this.#idle;
  }

  #onTimeout(): void {
    this.#timer = undefined;
    this.#timedOut = true;
    this.#maybeFlush();
  }

  #maybeFlush(): void {
    if (this.#busy || !this.#timedOut || this.#spans.length === 0) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timedOut = false;
    const spans = this.#spans;
    const waiters = this.#waiters;
    this.#spans = [];
    this.#waiters = [];
    this.#busy = true;
    this.#idle = this.#send(spans, waiters);
  }

  async #send(spans: Span[], waiters: Waiter[]): Promise<void> {
    try {
      await this.#next.consume(spans);
      for (const w of waiters) w.resolve();
    } catch (error) {
      for (const w of waiters) w.reject(error);
    } finally {
      this.#busy = false;
      // Spans that gathered while this batch was downstream go next, without further waiting.
      if (this.#spans.length > 0) this.#timedOut = true;
      this.#maybeFlush();
    }
  }
}
