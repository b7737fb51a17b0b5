import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { OtlpDecodeError } from '../../otlp/decode-error.js';
import type { ByteBudget } from './byte-budget.js';
import { BodyTooLargeError, UnsupportedMediaTypeError } from './errors.js';

/**
 * Reads a request body of at most `limitBytes`, taking its bytes from `budget` as they arrive
 * (the caller gives them back, `held` bytes, when it is done with the body). Refuses early on a
 * larger Content-Length, and stops buffering as soon as the received bytes pass the limit or the
 * budget (the rest is discarded); on failure nothing stays taken.
 */
export function readBody(req: IncomingMessage, limitBytes: number, budget: ByteBudget): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limitBytes) return Promise.reject(new BodyTooLargeError(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let failed = false;
    const fail = (error: unknown): void => {
      failed = true;
      chunks.length = 0;
      budget.give(total);
      reject(error);
    };
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      if (total + chunk.length > limitBytes) return fail(new BodyTooLargeError(limitBytes));
      try {
        budget.take(chunk.length);
      } catch (error) {
        return fail(error);
      }
      total += chunk.length;
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    });
    req.on('error', (error) => {
      if (!failed) fail(error);
    });
  });
}

/**
 * Undoes Content-Encoding. gzip output is capped at `limitBytes` (a decompression bomb stops
 * there with BodyTooLargeError instead of filling memory); corrupt gzip is a decode error.
 */
export function decompress(body: Buffer, contentEncoding: string | undefined, limitBytes: number): Promise<Buffer> {
  const coding = (contentEncoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return Promise.resolve(body);
  if (coding !== 'gzip' && coding !== 'x-gzip') {
    return Promise.reject(new UnsupportedMediaTypeError(`Content-Encoding ${JSON.stringify(contentEncoding)} is not supported; use gzip or none`));
  }
  return new Promise((resolve, reject) => {
    gunzip(body, { maxOutputLength: limitBytes }, (error, result) => {
      if (error === null) resolve(result);
      else if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') reject(new BodyTooLargeError(limitBytes));
      else reject(new OtlpDecodeError('', `body is not valid gzip: ${error.message}`));
    });
  });
}
