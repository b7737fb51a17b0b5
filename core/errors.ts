/**
 * The one error distinction that matters between stages: retryable (the sender may try the same
 * data again later) or permanent (it never will succeed). Anything else thrown across a stage
 * boundary is treated as retryable.
 */

export class PermanentError extends Error {
  override readonly name = 'PermanentError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class RetryableError extends Error {
  override readonly name = 'RetryableError';
  /** A hint for the sender, in milliseconds; undefined when the stage has no opinion. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

export function isPermanentError(error: unknown): error is PermanentError {
  return error instanceof PermanentError;
}

export function isRetryableError(error: unknown): error is RetryableError {
  return error instanceof RetryableError;
}
