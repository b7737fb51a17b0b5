import type { SpanConsumer } from '../../core/consumer.js';
import type { Span } from '../../core/span.js';
import { QueueFullError } from './queue-full-error.js';

export interface AdmissionOptions {
  /**
   * Most spans held at once between the receiver and the exporter's acknowledgement; a request
   * that would go past it is refused with QueueFullError (HTTP 429). Minimum 1. A single request
   * larger than the limit is still admitted when nothing else is in flight.
   * @default 200_000
   */
  readonly maxSpans: number;
  /** The Retry-After hint given with a refusal, in milliseconds. @default 1000 */
  readonly retryAfterMs: number;
}

/**
 * The collector's bounded queue: it counts spans in flight and refuses new ones beyond the
 * limit, so memory stays bounded under overload (the sender retries) instead of growing.
 * Invariant: `depth` is the number of spans accepted here whose downstream consume has not yet
 * settled.
 */
export class Admission implements SpanConsumer {
  readonly #next: SpanConsumer;
  readonly #options: AdmissionOptions;
  #depth = 0;

  constructor(next: SpanConsumer, options: AdmissionOptions) {
    this.#next = next;
    this.#options = options;
  }

  get depth(): number {
    return this.#depth;
  }

  async consume(spans: readonly Span[]): Promise<void> {
    const n = spans.length;
    if (this.#depth > 0 && this.#depth + n > this.#options.maxSpans) {
      throw new QueueFullError(this.#depth, this.#options.maxSpans, this.#options.retryAfterMs);
    }
    this.#depth += n;
    try {
      await this.#next.consume(spans);
    } finally {
      this.#depth -= n;
    }
  }
}
