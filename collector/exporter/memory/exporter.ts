import type { SpanConsumer } from '../../../core/consumer.js';
import type { Span } from '../../../core/span.js';
import type { Exporter } from '../exporter.js';

/**
 * The embedded default: batches go straight to the next consumer in this process (the analyzer's
 * ingest). consume() resolves when that consumer has resolved, so the HTTP 200 means "accepted
 * by the analyzer".
 */
export class MemoryExporter implements Exporter {
  readonly #next: SpanConsumer;
  #stopped = false;

  constructor(next: SpanConsumer) {
    this.#next = next;
  }

  async start(): Promise<void> {}

  ready(): boolean {
    return !this.#stopped;
  }

  consume(spans: readonly Span[]): Promise<void> {
    return this.#next.consume(spans);
  }

  async shutdown(): Promise<void> {
    this.#stopped = true;
  }
}
