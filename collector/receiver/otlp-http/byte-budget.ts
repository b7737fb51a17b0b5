import { RetryableError } from '../../../core/errors.js';

/** The receiver holds as many request bytes as it may; the sender should retry (HTTP 429). */
export class ReceiverBusyError extends RetryableError {
  constructor(limitBytes: number) {
    super(`receiver is holding its limit of ${limitBytes} request bytes; retry later`, { retryAfterMs: 1000 });
  }
}

/**
 * Bytes of request bodies held at once (as received, and again after gunzip), across all
 * requests: with the per-request limit it bounds the receiver's memory however many clients
 * upload at once. Invariant: `used` is the sum of what was taken and not yet given back.
 */
export class ByteBudget {
  readonly limit: number;
  #used = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  get used(): number {
    return this.#used;
  }

  /** Takes `n` bytes, or throws ReceiverBusyError when that would pass the limit. */
  take(n: number): void {
    if (this.#used + n > this.limit) throw new ReceiverBusyError(this.limit);
    this.#used += n;
  }

  give(n: number): void {
    this.#used -= n;
  }
}
