/**
 * Response shapes. hoptrace's own API answers errors as `{"error": {"status", "message"}}`;
 * Jaeger's legacy API wraps everything in its envelope (tracing.md §5.2); API v3 errors use the
 * gRPC-gateway shape (§5.3).
 */
import type { Response } from 'express';

export function sendError(res: Response, status: number, message: string): void {
  res.status(status).json({ error: { status, message } });
}

export function sendEnvelope(res: Response, data: unknown, total = Array.isArray(data) ? data.length : 0): void {
  res.json({ data, total, limit: 0, offset: 0, errors: null });
}

export interface EnvelopeError {
  readonly code: number;
  readonly msg: string;
  readonly traceID?: string;
}

export function sendEnvelopeError(res: Response, status: number, msg: string, traceID?: string): void {
  const error: EnvelopeError = traceID === undefined ? { code: status, msg } : { code: status, msg, traceID };
  res.status(status).json({ data: null, total: 0, limit: 0, offset: 0, errors: [error] });
}

const GRPC_CODES: Readonly<Record<number, [number, string]>> = { 400: [3, 'Bad Request'], 404: [5, 'Not Found'], 500: [13, 'Internal Server Error'] };

export function sendV3Error(res: Response, status: number, message: string): void {
  const [grpcCode, httpStatus] = GRPC_CODES[status] ?? [2, 'Error'];
  res.status(status).json({ error: { grpcCode, httpCode: status, message, httpStatus } });
}
