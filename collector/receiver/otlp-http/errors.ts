import { PermanentError } from '../../../core/errors.js';

/** The body, after decompression, is larger than the receiver accepts (HTTP 413). */
export class BodyTooLargeError extends PermanentError {
  constructor(limitBytes: number) {
    super(`request body is larger than ${limitBytes} bytes (after decompression)`);
  }
}

/** Content-Type or Content-Encoding the receiver does not speak (HTTP 415). */
export class UnsupportedMediaTypeError extends PermanentError {}

/** A method other than POST on the export path (HTTP 405). */
export class MethodNotAllowedError extends PermanentError {
  constructor(method: string, path: string) {
    super(`${method} ${path} is not allowed; use POST`);
  }
}

/** A path the receiver does not serve (HTTP 404). */
export class NotFoundError extends PermanentError {
  constructor(method: string, path: string) {
    super(`${method} ${path}: no such endpoint; export traces with POST to the traces path`);
  }
}
