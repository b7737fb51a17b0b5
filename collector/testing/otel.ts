import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Attr } from '../../core/attributes.js';
import { newRequestId } from '../../core/request-id.js';

/**
 * Real OTLP traffic for tests and benchmarks: spans made by the OpenTelemetry JS SDK and sent by
 * its own OTLP/HTTP exporters (JSON and protobuf), so the receiver is tested against the bytes a
 * real client sends, not against our own encoder.
 */

export type SdkEncoding = 'json' | 'protobuf';

export interface FlowShape {
  /** Spans in the flow (one SERVER root, the rest children of it). @default 5 */
  readonly spans?: number;
  /** Extra attributes per span beyond the OpenStack ones. @default 0 */
  readonly extraAttributes?: number;
  readonly serviceName?: string;
  readonly requestId?: string;
}

/** Makes one flow of finished SDK spans: a nova-api SERVER root with CLIENT/INTERNAL children. */
export function makeSdkSpans(shape: FlowShape = {}): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': shape.serviceName ?? 'nova-api', 'host.name': 'ctl-1' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('hoptrace.test', '1.0.0');
  const requestId = shape.requestId ?? newRequestId();
  const extra: Record<string, string | number> = {};
  for (let i = 0; i < (shape.extraAttributes ?? 0); i++) extra[`test.attribute_${i}`] = i % 2 === 0 ? `value-${i}-${requestId.slice(4, 12)}` : i * 1000;
  const root = tracer.startSpan('POST /v2.1/servers', {
    kind: SpanKind.SERVER,
    attributes: { [Attr.requestId]: requestId, [Attr.httpMethod]: 'POST', [Attr.httpRoute]: '/v2.1/servers', [Attr.httpStatusCode]: 202, ...extra },
  });
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  const count = shape.spans ?? 5;
  for (let i = 1; i < count; i++) {
    const child = tracer.startSpan(i % 2 === 0 ? 'nova.conductor/schedule_and_build_instances' : 'GET /v2/images/{image_id}', {
      kind: i % 2 === 0 ? SpanKind.PRODUCER : SpanKind.CLIENT,
      attributes: { [Attr.requestId]: requestId, [Attr.rpcSystem]: 'oslo_messaging', 'test.index': i, 'test.ratio': i / 3, 'test.flag': i % 3 === 0, 'test.list': ['a', 'b'], ...extra },
      links: i === 3 ? [{ context: root.spanContext(), attributes: { 'link.kind': 'follows' } }] : [],
    }, parent);
    child.addEvent('vm_state', { [Attr.vmState]: 'building' });
    if (i === count - 1) child.setStatus({ code: SpanStatusCode.ERROR, message: 'No valid host was found' });
    child.end();
  }
  root.end();
  const spans = memory.getFinishedSpans();
  void provider.shutdown();
  return spans;
}

export interface SendOptions {
  readonly gzip?: boolean;
  readonly headers?: Record<string, string>;
}

/** Sends spans with the SDK's own OTLP/HTTP exporter to `url` (the full traces URL); one request. */
export function sendWithSdk(url: string, encoding: SdkEncoding, spans: ReadableSpan[], options: SendOptions = {}): Promise<ExportResult> {
  const config = { url, timeoutMillis: 10_000, headers: options.headers, compression: (options.gzip ? 'gzip' : 'none') as never };
  const exporter = encoding === 'json' ? new JsonExporter(config) : new ProtoExporter(config);
  return new Promise((resolve) => {
    exporter.export(spans, (result) => {
      void exporter.shutdown();
      resolve(result);
    });
  });
}

/** The exact bytes the SDK's exporter sends for `spans` (uncompressed), captured by a local server. */
export async function captureSdkBody(encoding: SdkEncoding, spans: ReadableSpan[]): Promise<Buffer> {
  let body: Buffer | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      body = Buffer.concat(chunks);
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' });
      res.end(encoding === 'json' ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const result = await sendWithSdk(`http://127.0.0.1:${port}/v1/traces`, encoding, spans);
    if (result.code !== 0 || body === undefined) throw new Error(`capture failed: ${String(result.error)}`);
    return body;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
