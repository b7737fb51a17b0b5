import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../../core/errors.js';
import { OtlpDecodeError } from '../../otlp/decode-error.js';
import { QueueFullError } from '../../processor/queue-full-error.js';
import { ReceiverBusyError } from './byte-budget.js';
import { BodyTooLargeError, MethodNotAllowedError, NotFoundError, UnsupportedMediaTypeError } from './errors.js';
import { DEFAULT_RETRY_AFTER_S, errorAnswer } from './status.js';

describe('errorAnswer: the one error → OTLP/HTTP status mapping', () => {
  const table: [string, unknown, number, number | undefined][] = [
    ['undecodable body', new OtlpDecodeError('resourceSpans[0]', 'must be an object'), 400, undefined],
    ['body over the limit', new BodyTooLargeError(10), 413, undefined],
    ['unsupported media type', new UnsupportedMediaTypeError('text/plain'), 415, undefined],
    ['wrong method', new MethodNotAllowedError('GET', '/v1/traces'), 405, undefined],
    ['unknown path', new NotFoundError('POST', '/x'), 404, undefined],
    ['queue full', new QueueFullError(10, 10, 2500), 429, 3],
    ['receiver holding its byte budget', new ReceiverBusyError(1024), 429, 1],
    ['downstream permanent', new PermanentError('bad record'), 400, undefined],
    ['downstream retryable with a hint', new RetryableError('down', { retryAfterMs: 10_000 }), 503, 10],
    ['downstream retryable without a hint', new RetryableError('down'), 503, DEFAULT_RETRY_AFTER_S],
    ['anything else is retryable', new TypeError('bug'), 503, DEFAULT_RETRY_AFTER_S],
    ['a thrown non-error', 'oops', 503, DEFAULT_RETRY_AFTER_S],
  ];
  for (const [what, error, status, retryAfterS] of table) {
    it(`${what} → ${status}${retryAfterS === undefined ? '' : ` with Retry-After: ${retryAfterS}`}`, () => {
      const answer = errorAnswer(error);
      expect(answer.status).toBe(status);
      expect(answer.retryAfterS).toBe(retryAfterS);
      expect(answer.message.length).toBeGreaterThan(0);
    });
  }

  it('only 429 and 503 invite a retry', () => {
    for (const [, error, status] of table) expect(errorAnswer(error).retryAfterS !== undefined).toBe(status === 429 || status === 503);
  });

  it('a decode error carries its field as a BadRequest violation', () => {
    expect(errorAnswer(new OtlpDecodeError('resourceSpans[0].scopeSpans', 'must be an array')).violations).toEqual([
      { field: 'resourceSpans[0].scopeSpans', description: 'must be an array' },
    ]);
  });

  it('never asks for a retry sooner than one second', () => {
    expect(errorAnswer(new RetryableError('x', { retryAfterMs: 1 })).retryAfterS).toBe(1);
  });
});
