import type { Span } from './span.js';

/**
 * The one boundary between pipeline stages. A stage takes a batch and either resolves (the batch
 * is now the next stage's responsibility) or rejects with a PermanentError or RetryableError
 * (see errors.ts); nothing else crosses the boundary.
 *
 * Contract: the caller must not mutate `spans` after calling; the callee must not keep a
 * reference to the array beyond the returned promise unless it copies it.
 */
export interface SpanConsumer {
  consume(spans: readonly Span[]): Promise<void>;
}

/** Hands every batch to each consumer; resolves when all have, rejects with the first failure. */
export function fanOut(...consumers: readonly SpanConsumer[]): SpanConsumer {
  if (consumers.length === 1) return consumers[0]!;
  return {
    async consume(spans) {
      await Promise.all(consumers.map((c) => c.consume(spans)));
    },
  };
}

/** A consumer from a function; handy in tests and for small adapters. */
export function consumerFrom(fn: (spans: readonly Span[]) => Promise<void> | void): SpanConsumer {
  return { consume: async (spans) => fn(spans) };
}
