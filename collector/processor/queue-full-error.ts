import { RetryableError } from '../../core/errors.js';

/** The collector holds as many spans as it may; the sender should retry after `retryAfterMs`. */
export class QueueFullError extends RetryableError {
  constructor(queuedSpans: number, maxSpans: number, retryAfterMs: number) {
    super(`collector queue is full (${queuedSpans} of ${maxSpans} spans in flight); retry later`, { retryAfterMs });
  }
}

export function isQueueFullError(error: unknown): error is QueueFullError {
  return error instanceof QueueFullError;
}
