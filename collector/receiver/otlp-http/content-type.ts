import type { OtlpEncoding } from '../../otlp/response.js';
import { UnsupportedMediaTypeError } from './errors.js';

/**
 * The body encoding named by a Content-Type header. Parameters (`; charset=utf-8`) and case are
 * ignored. Throws UnsupportedMediaTypeError for anything but OTLP's two media types.
 */
export function encodingOf(contentType: string | undefined): OtlpEncoding {
  const essence = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (essence === 'application/x-protobuf' || essence === 'application/protobuf') return 'protobuf';
  if (essence === 'application/json') return 'json';
  throw new UnsupportedMediaTypeError(
    `Content-Type ${contentType === undefined ? '(missing)' : JSON.stringify(contentType)} is not supported; use application/x-protobuf or application/json`,
  );
}

/** The encoding for an answer when the request's own cannot be used (415): JSON. */
export function answerEncodingOf(contentType: string | undefined): OtlpEncoding {
  try {
    return encodingOf(contentType);
  } catch {
    return 'json';
  }
}
