import type { SpanConsumer } from '../../core/consumer.js';
import type { Span } from '../../core/span.js';

/**
 * A consumer test double: records every batch it accepts; can be made to fail (`failWith`) or to
 * hold batches until released (`hold()`), to test what happens upstream.
 */
export class SpanSink implements SpanConsumer {
  readonly batches: Span[][] = [];
  /** When set, consume rejects with it (and records nothing). */
  failWith: Error | undefined;
  #gate: Promise<void> | undefined;
  #release: (() => void) | undefined;

  get spans(): Span[] {
    return this.batches.flat();
  }

  /** Makes consume wait until release() is called. */
  hold(): void {
    this.#gate = new Promise((resolve) => (this.#release = resolve));
  }

  release(): void {
    this.#release?.();
    this.#gate = undefined;
  }

  async consume(spans: readonly Span[]): Promise<void> {
    if (this.#gate !== undefined) await this.#gate;
    if (this.failWith !== undefined) throw this.failWith;
    this.batches.push([...spans]);
  }
}
