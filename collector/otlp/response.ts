import { WireType } from './proto-reader.js';
import { ProtoWriter } from './proto-writer.js';

/** How the body of a request was encoded; its answer is encoded the same way. */
export type OtlpEncoding = 'json' | 'protobuf';

export const CONTENT_TYPE: Readonly<Record<OtlpEncoding, string>> = {
  json: 'application/json',
  protobuf: 'application/x-protobuf',
};

/** The body of a 200: `partial_success` only when spans were rejected or there is a warning. */
export function exportResponse(encoding: OtlpEncoding, rejectedSpans: number, errorMessage: string): Buffer {
  const partial = rejectedSpans > 0 || errorMessage !== '';
  if (encoding === 'json') {
    return Buffer.from(JSON.stringify(partial ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {}));
  }
  const w = new ProtoWriter(256);
  if (partial) {
    w.tag(1, WireType.LEN);
    w.fork();
    if (rejectedSpans > 0) {
      w.tag(1, WireType.VARINT);
      w.int64(rejectedSpans);
    }
    if (errorMessage !== '') {
      w.tag(2, WireType.LEN);
      w.string(errorMessage);
    }
    w.join();
  }
  return w.finish();
}

/** One google.rpc.BadRequest field violation. */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';

/**
 * A `google.rpc.Status` body for every 4xx/5xx. `code` is the gRPC code matching the HTTP status;
 * violations, when given, travel as a google.rpc.BadRequest detail.
 */
export function statusBody(encoding: OtlpEncoding, grpcCode: number, message: string, violations: readonly FieldViolation[] = []): Buffer {
  if (encoding === 'json') {
    const details = violations.length === 0 ? [] : [{ '@type': BAD_REQUEST_TYPE, fieldViolations: violations }];
    return Buffer.from(JSON.stringify({ code: grpcCode, message, details }));
  }
  const w = new ProtoWriter(256);
  w.tag(1, WireType.VARINT);
  w.uint32(grpcCode);
  w.tag(2, WireType.LEN);
  w.string(message);
  if (violations.length > 0) {
    w.tag(3, WireType.LEN);
    w.fork();
    w.tag(1, WireType.LEN);
    w.string(BAD_REQUEST_TYPE);
    w.tag(2, WireType.LEN);
    w.fork();
    for (const v of violations) {
      w.tag(1, WireType.LEN);
      w.fork();
      w.tag(1, WireType.LEN);
      w.string(v.field);
      w.tag(2, WireType.LEN);
      w.string(v.description);
      w.join();
    }
    w.join();
    w.join();
  }
  return w.finish();
}
