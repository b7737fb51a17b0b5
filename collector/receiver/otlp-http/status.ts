import { isPermanentError, isRetryableError } from '../../../core/errors.js';
import { isOtlpDecodeError } from '../../otlp/decode-error.js';
import type { FieldViolation } from '../../otlp/response.js';
import { isQueueFullError } from '../../processor/queue-full-error.js';
import { ReceiverBusyError } from './byte-budget.js';
import { BodyTooLargeError, MethodNotAllowedError, NotFoundError, UnsupportedMediaTypeError } from './errors.js';

/** What the receiver answers for a failed export request. */
export interface ErrorAnswer {
  readonly status: number;
  /** The google.rpc.Code put in the Status body (informative; OTLP clients must not rely on it). */
  readonly grpcCode: number;
  readonly message: string;
  /** Seconds for the Retry-After header, only on 429/503. */
  readonly retryAfterS?: number;
  readonly violations?: readonly FieldViolation[];
  /** The refusal reason counted in `requests_refused_total`. */
  readonly reason: string;
}

/** Retry-After sent with a 503 when the failing stage gave no hint. */
export const DEFAULT_RETRY_AFTER_S = 1;

/**
 * The one mapping from an error to an OTLP/HTTP answer (OTLP specification, "OTLP/HTTP
 * Response"). Only 429 and 503 invite a retry, and both carry Retry-After:
 *
 * | error                                  | status | reason                  |
 * |----------------------------------------|--------|-------------------------|
 * | OtlpDecodeError (undecodable body)     | 400    | decode_error            |
 * | BodyTooLargeError (after gunzip too)   | 413    | too_large               |
 * | UnsupportedMediaTypeError              | 415    | unsupported_media_type  |
 * | MethodNotAllowedError                  | 405    | method_not_allowed      |
 * | NotFoundError                          | 404    | not_found               |
 * | ReceiverBusyError (request bytes held) | 429    | receiver_busy           |
 * | QueueFullError (collector full)        | 429    | queue_full              |
 * | other PermanentError from downstream   | 400    | permanent_export_error  |
 * | RetryableError, or anything else       | 503    | export_unavailable      |
 */
export function errorAnswer(error: unknown): ErrorAnswer {
  const message = error instanceof Error ? error.message : String(error);
  if (isOtlpDecodeError(error)) {
    return { status: 400, grpcCode: 3, message, reason: 'decode_error', violations: [{ field: error.field, description: error.description }] };
  }
  if (error instanceof BodyTooLargeError) return { status: 413, grpcCode: 11, message, reason: 'too_large' };
  if (error instanceof UnsupportedMediaTypeError) return { status: 415, grpcCode: 3, message, reason: 'unsupported_media_type' };
  if (error instanceof MethodNotAllowedError) return { status: 405, grpcCode: 12, message, reason: 'method_not_allowed' };
  if (error instanceof NotFoundError) return { status: 404, grpcCode: 5, message, reason: 'not_found' };
  if (error instanceof ReceiverBusyError) {
    return { status: 429, grpcCode: 8, message, reason: 'receiver_busy', retryAfterS: retryAfterSeconds(error.retryAfterMs) };
  }
  if (isQueueFullError(error)) {
    return { status: 429, grpcCode: 8, message, reason: 'queue_full', retryAfterS: retryAfterSeconds(error.retryAfterMs) };
  }
  if (isPermanentError(error)) return { status: 400, grpcCode: 3, message, reason: 'permanent_export_error' };
  const retryAfterMs = isRetryableError(error) ? error.retryAfterMs : undefined;
  return { status: 503, grpcCode: 14, message: `export failed, retry later: ${message}`, reason: 'export_unavailable', retryAfterS: retryAfterSeconds(retryAfterMs) };
}

function retryAfterSeconds(ms: number | undefined): number {
  return ms === undefined ? DEFAULT_RETRY_AFTER_S : Math.max(1, Math.ceil(ms / 1000));
}
