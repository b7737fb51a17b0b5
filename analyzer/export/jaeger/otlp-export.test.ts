import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJsonRequest } from '../../../collector/otlp/decode-json.js';
import { Attr } from '../../../core/attributes.js';
import { buildFlow } from '../../reconstruct/build-flow.js';
import { scriptBoot } from '../../testing/boot.js';
import { SpanFactory, withSpan } from '../../testing/spans.js';
import { exportFlowOverOtlp } from './otlp-export.js';
import { toOtlpRequest } from './otlp-json.js';

// A stand-in OTLP/HTTP receiver: it decodes with hoptrace's spec-exact OTLP/JSON decoder. The
// real-Jaeger round trip lives in test/analyzer-jaeger.test.ts.
const received: string[] = [];
let status = 200;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    received.push(`${req.method} ${req.url} ${req.headers['content-type']}`, body);
    res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
  });
});
let endpoint = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const boot = scriptBoot(new SpanFactory(8), 1_764_000_000_000_000);
const spans = boot.spans.map((s, i) => (i === 2 ? withSpan(s, { traceId: 'c'.repeat(32), parentSpanId: '' }) : s));
const flow = buildFlow({ id: boot.requestId, aliases: [], spans, complete: true, updatedUs: 0, endpoints: {} }).flow;

describe('OTLP export of a flow', () => {
  it('encodes spans as OTLP/JSON that decodes back to the same spans', () => {
    const decoded = decodeJsonRequest(JSON.stringify(toOtlpRequest(boot.spans)));
    expect(decoded.map((s) => ({ ...s, flowKey: '' }))).toEqual(expect.arrayContaining(boot.spans.map((s) => expect.objectContaining({ spanId: s.spanId, traceId: s.traceId, startUs: s.startUs, endUs: s.endUs, kind: s.kind, attributes: s.attributes, name: s.name })))); 
    expect(decoded).toHaveLength(boot.spans.length);
  });

  it('POSTs the flow as one trace to <endpoint>/v1/traces', async () => {
    received.length = 0;
    status = 200;
    expect(await exportFlowOverOtlp({ endpoint: `${endpoint}/` }, flow, spans)).toEqual({ ok: true, spans: spans.length });
    expect(received[0]).toBe('POST /v1/traces application/json');
    const decoded = decodeJsonRequest(received[1]!);
    expect(new Set(decoded.map((s) => s.traceId))).toEqual(new Set([boot.spans[0]!.traceId]));
    expect(decoded.find((s) => s.spanId === spans[2]!.spanId)?.attributes[Attr.originalTraceId]).toBe('c'.repeat(32));
  });

  it('reports refusals as values: 503 retryable, 400 not, unreachable retryable', async () => {
    status = 503;
    expect(await exportFlowOverOtlp({ endpoint }, flow, spans)).toMatchObject({ ok: false, retryable: true, message: expect.stringContaining('answered 503') });
    status = 400;
    expect(await exportFlowOverOtlp({ endpoint }, flow, spans)).toMatchObject({ ok: false, retryable: false });
    expect(await exportFlowOverOtlp({ endpoint: 'http://127.0.0.1:1', timeoutMs: 2000 }, flow, spans)).toMatchObject({ ok: false, retryable: true });
  });
});
