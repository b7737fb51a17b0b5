import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SpanConsumer } from '../../../core/consumer.js';
import type { Span } from '../../../core/span.js';
import type { CollectorMetrics } from '../../metrics.js';
import { decodeJsonBody } from '../../otlp/decode-json-bytes.js';
import { decodeProtoRequest } from '../../otlp/decode-proto.js';
import type { OtlpEncoding } from '../../otlp/response.js';
import { CONTENT_TYPE, exportResponse, statusBody } from '../../otlp/response.js';
import { describeRejections, flowKeyFrom, normalise } from '../../processor/normalise.js';
import { decompress, readBody } from './body.js';
import type { ByteBudget } from './byte-budget.js';
import { answerEncodingOf, encodingOf } from './content-type.js';
import { errorAnswer } from './status.js';

export interface ExportDeps {
  /** Where valid spans go; resolving means exported (the receiver answers 200 only then). */
  readonly pipeline: SpanConsumer;
  readonly metrics: CollectorMetrics;
  /** Largest body accepted, in bytes, before and after decompression. */
  readonly maxBodyBytes: number;
  /** Request bytes held at once by all requests. */
  readonly budget: ByteBudget;
  readonly decoding: DecodePlan;
}

/** How bodies are decoded, chosen from the exporters (see Pipeline). */
export interface DecodePlan {
  /** Spans decoded from protobuf remember their bytes, for an exporter that forwards them. */
  readonly keepRaw: boolean;
  /**
   * Every exporter forwards protobuf bytes: decode only what validation and the flow key need, and
   * write OTLP/JSON attributes as protobuf while checking them.
   */
  readonly forwardOnly: boolean;
  /** Attribute maps are built on a span's first read of them (DecodedSpan), JSON and protobuf alike. */
  readonly lazyAttributes: boolean;
}

/**
 * Handles one `POST /v1/traces`: read (bounded), gunzip (bounded), decode by Content-Type,
 * validate, hand on, answer in the request's encoding. Never throws: every failure becomes an
 * answer chosen by errorAnswer().
 */
export async function handleExport(req: IncomingMessage, res: ServerResponse, deps: ExportDeps): Promise<void> {
  const { metrics } = deps;
  let valid: readonly Span[] = [];
  let held = 0;
  try {
    const encoding = encodingOf(req.headers['content-type']);
    const received = await readBody(req, deps.maxBodyBytes, deps.budget);
    held = received.length;
    const body = await decompress(received, req.headers['content-encoding'], deps.maxBodyBytes);
    if (body !== received) {
      deps.budget.take(body.length);
      held += body.length;
    }
    const { decoding } = deps;
    const spans = encoding === 'json' ? decodeJsonBody(body, flowKeyFrom, { lazyAttributes: decoding.lazyAttributes, protobufAttributes: decoding.forwardOnly }) : decodeProtoRequest(body, { keyOf: flowKeyFrom, keepRaw: decoding.keepRaw, forwardOnly: decoding.forwardOnly, lazyAttributes: decoding.lazyAttributes });
    metrics.add('hoptrace_collector_spans_received_total', spans.length);
    const result = normalise(spans);
    for (const [reason, n] of Object.entries(result.reasons)) metrics.add('hoptrace_collector_spans_rejected_total', n, { reason });
    valid = result.spans;
    if (valid.length > 0) await deps.pipeline.consume(valid);
    metrics.add('hoptrace_collector_spans_accepted_total', valid.length);
    send(res, 200, encoding, exportResponse(encoding, result.rejected, describeRejections(result)));
    metrics.add('hoptrace_collector_requests_total', 1, { code: '200' });
  } catch (error) {
    const answer = errorAnswer(error);
    const encoding = answerEncodingOf(req.headers['content-type']);
    if (answer.retryAfterS !== undefined && valid.length > 0) {
      metrics.add('hoptrace_collector_spans_refused_total', valid.length, { reason: answer.reason });
    }
    metrics.add('hoptrace_collector_requests_total', 1, { code: String(answer.status) });
    metrics.add('hoptrace_collector_requests_refused_total', 1, { reason: answer.reason });
    const headers: Record<string, string> = {};
    if (answer.retryAfterS !== undefined) headers['retry-after'] = String(answer.retryAfterS);
    if (answer.status === 413) headers.connection = 'close';
    send(res, answer.status, encoding, statusBody(encoding, answer.grpcCode, answer.message, answer.violations), headers);
  } finally {
    deps.budget.give(held);
  }
}

function send(res: ServerResponse, status: number, encoding: OtlpEncoding, body: Buffer, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...headers, 'content-type': CONTENT_TYPE[encoding], 'content-length': body.length });
  res.end(body);
}
