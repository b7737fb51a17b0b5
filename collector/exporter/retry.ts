import type { SpanConsumer } from '../../core/consumer.js';
import { RetryableError, isPermanentError } from '../../core/errors.js';
import type { Span } from '../../core/span.js';

export interface RetryOptions {
  /** Delay before the first retry, in milliseconds. Minimum 1. @default 100 */
  readonly initialIntervalMs: number;
  /** Longest delay between two attempts, in milliseconds. @default 2000 */
  readonly maxIntervalMs: number;
  /**
   * Give up when the next attempt would start later than this after the first, in milliseconds;
   * the caller (an HTTP request waiting for its answer) then gets a RetryableError. 0 disables
   * retrying.
   * @default 5000
   */
  readonly maxElapsedMs: number;
}

/**
 * Retries a downstream consumer on anything but a PermanentError, with exponential backoff and
 * full jitter, inside a deadline; `onRetry` is called before each retry (for the retried counter).
 */
export function withRetry(next: SpanConsumer, options: RetryOptions, onRetry: (spans: number) => void = () => {}): SpanConsumer {
  return {
    async consume(spans: readonly Span[]) {
      const started = Date.now();
      let interval = options.initialIntervalMs;
      for (;;) {
        try {
          await next.consume(spans);
          return;
        } catch (error) {
          if (isPermanentError(error)) throw error;
          const delay = Math.random() * interval;
          if (Date.now() + delay - started > options.maxElapsedMs) throw asRetryable(error);
          onRetry(spans.length);
          await new Promise((resolve) => setTimeout(resolve, delay));
          interval = Math.min(interval * 2, options.maxIntervalMs);
        }
      }
    },
  };
}

function asRetryable(error: unknown): RetryableError {
  if (error instanceof RetryableError) return error;
  return new RetryableError(`export failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
