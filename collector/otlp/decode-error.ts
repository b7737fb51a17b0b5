import { PermanentError } from '../../core/errors.js';

/**
 * The request body is not a decodable ExportTraceServiceRequest. `field` names where decoding
 * failed (`resourceSpans[0].scopeSpans[1].spans[3].kind`, or a protobuf byte offset), so the
 * 400 answer can carry a google.rpc.BadRequest field violation.
 */
export class OtlpDecodeError extends PermanentError {
  readonly field: string;
  readonly description: string;
  constructor(field: string, description: string) {
    super(field ? `${field}: ${description}` : description);
    this.field = field;
    this.description = description;
  }
}

export function isOtlpDecodeError(error: unknown): error is OtlpDecodeError {
  return error instanceof OtlpDecodeError;
}
