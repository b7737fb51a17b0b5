import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../../core/errors.js';
import { Attr } from '../../../core/attributes.js';
import type { Collector } from '../../collector.js';
import { startCollector } from '../../collector.js';
import type { CollectorConfig } from '../../pipeline/config.js';
import { captureSdkBody, makeSdkSpans, sendWithSdk } from '../../testing/otel.js';
import { readPartialSuccess, readStatus } from '../../testing/proto-response.js';
import { SpanSink } from '../../testing/sink.js';

let collector: Collector | undefined;
afterEach(async () => {
  await collector?.shutdown();
  collector = undefined;
});

async function start(config: CollectorConfig = {}, sink = new SpanSink()): Promise<{ url: string; sink: SpanSink }> {
  collector = await startCollector({ ...config, receiver: { port: 0, ...config.receiver } }, { next: sink });
  return { url: `${collector.url}/v1/traces`, sink };
}

function post(url: string, body: Buffer | string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers, body });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const PROTO_TYPE = { 'content-type': 'application/x-protobuf' };

const sdkSpans = makeSdkSpans({ spans: 4 });
const requestId = sdkSpans[0]!.attributes[Attr.requestId];
const sdkJson = await captureSdkBody('json', sdkSpans);
const sdkProto = await captureSdkBody('protobuf', sdkSpans);

describe('200: the OpenTelemetry JS exporter is answered with success', () => {
  for (const encoding of ['json', 'protobuf'] as const) {
    for (const gzip of [false, true]) {
      it(`${encoding}${gzip ? ' gzip' : ''}: the exporter reports success and every span is exported with its flow key`, async () => {
        const { url, sink } = await start();
        const result = await sendWithSdk(url, encoding, sdkSpans, { gzip });
        expect(result.code).toBe(0);
        expect(sink.spans).toHaveLength(4);
        expect(new Set(sink.spans.map((s) => s.flowKey))).toEqual(new Set([requestId]));
        expect(collector!.metrics()['hoptrace_collector_spans_accepted_total']).toBe(4);
      });
    }
  }

  it('answers a full success with partial_success unset, in the request encoding', async () => {
    const { url } = await start();
    const json = await post(url, sdkJson, JSON_TYPE);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.json()).toEqual({});
    const proto = await post(url, sdkProto, PROTO_TYPE);
    expect(proto.headers.get('content-type')).toBe('application/x-protobuf');
    expect(readPartialSuccess(new Uint8Array(await proto.arrayBuffer()))).toBeUndefined();
  });

  it('accepts an empty request and a Content-Type with parameters', async () => {
    const { url, sink } = await start();
    const res = await post(url, '{}', { 'content-type': 'Application/JSON; charset=utf-8' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect((await post(url, Buffer.alloc(0), PROTO_TYPE)).status).toBe(200);
    expect(sink.batches).toHaveLength(0);
  });

  it('answers only after the exporter has acknowledged the spans', async () => {
    const sink = new SpanSink();
    const { url } = await start({}, sink);
    sink.hold();
    let answered = false;
    const pending = post(url, sdkJson, JSON_TYPE).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    sink.release();
    expect((await pending).status).toBe(200);
    expect(sink.spans).toHaveLength(4);
  });
});

describe('200 with partial_success: invalid spans are rejected, counted and named', () => {
  const good = { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'ok', startTimeUnixNano: '1544712660000000000', endTimeUnixNano: '1544712661000000000' };
  const body = JSON.stringify({
    resourceSpans: [{ scopeSpans: [{ spans: [good, { ...good, traceId: 'zz8efff798038103d269b633813fc60c' }, { ...good, spanId: '0000000000000000' }, { ...good, endTimeUnixNano: '1' }, { ...good, links: [{ traceId: good.traceId, spanId: 'not-hex!' }] }] }] }],
  });

  it('json', async () => {
    const { url, sink } = await start();
    const res = await post(url, body, JSON_TYPE);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(answer.partialSuccess.rejectedSpans).toBe('4');
    expect(answer.partialSuccess.errorMessage).toBe('4 spans rejected: 1 invalid_trace_id, 1 invalid_span_id, 1 invalid_time, 1 invalid_link_id');
    expect(sink.spans.map((s) => s.name)).toEqual(['ok']);
    expect(collector!.metrics()['hoptrace_collector_spans_rejected_total{reason="invalid_trace_id"}']).toBe(1);
  });

  it('protobuf: ids of the wrong length', async () => {
    const { url } = await start();
    // A span whose trace_id is 3 bytes: field 1 (LEN) → resource_spans → scope_spans → span.
    const span = Buffer.from([0x0a, 0x03, 1, 2, 3, 0x12, 0x08, 1, 2, 3, 4, 5, 6, 7, 8]);
    const scope = Buffer.concat([Buffer.from([0x12, span.length]), span]);
    const rs = Buffer.concat([Buffer.from([0x12, scope.length]), scope]);
    const req = Buffer.concat([Buffer.from([0x0a, rs.length]), rs]);
    const res = await post(url, req, PROTO_TYPE);
    expect(res.status).toBe(200);
    expect(readPartialSuccess(new Uint8Array(await res.arrayBuffer()))).toEqual({ rejectedSpans: 1, errorMessage: '1 span rejected: 1 invalid_trace_id' });
  });
});

describe('400: undecodable data, with a google.rpc.Status in the request encoding', () => {
  it('truncated protobuf', async () => {
    const { url } = await start();
    const res = await post(url, sdkProto.subarray(0, sdkProto.length - 7), PROTO_TYPE);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const status = readStatus(new Uint8Array(await res.arrayBuffer()));
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/byte \d+: /);
    expect(status.detailTypes).toEqual(['type.googleapis.com/google.rpc.BadRequest']);
  });

  it('wrong types in JSON name the field', async () => {
    const { url } = await start();
    const res = await post(url, JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 7 }] }] }] }), JSON_TYPE);
    expect(res.status).toBe(400);
    const status = (await res.json()) as { message: string; details: { '@type': string; fieldViolations: { field: string }[] }[] };
    expect(status.details[0]!['@type']).toBe('type.googleapis.com/google.rpc.BadRequest');
    expect(status.details[0]!.fieldViolations[0]!.field).toBe('resourceSpans[0].scopeSpans[0].spans[0].name');
  });

  it('enum names instead of integers, text that is not JSON, corrupt gzip', async () => {
    const { url } = await start();
    const enumName = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ kind: 'SPAN_KIND_SERVER' }] }] }] });
    expect((await post(url, enumName, JSON_TYPE)).status).toBe(400);
    expect((await post(url, '{"resourceSpans": [', JSON_TYPE)).status).toBe(400);
    expect((await post(url, Buffer.from('not gzip at all'), { ...PROTO_TYPE, 'content-encoding': 'gzip' })).status).toBe(400);
    expect(collector!.metrics()['hoptrace_collector_requests_refused_total{reason="decode_error"}']).toBe(3);
  });
});

describe('413: over the size limit, before and after decompression', () => {
  it('a declared Content-Length over the limit', async () => {
    const { url } = await start({ receiver: { maxBodyBytes: 1024 } });
    const res = await post(url, Buffer.alloc(4096, 1), PROTO_TYPE);
    expect(res.status).toBe(413);
    expect(readStatus(new Uint8Array(await res.arrayBuffer())).message).toMatch(/larger than 1024 bytes/);
  });

  it('a chunked body that grows over the limit', async () => {
    const { url } = await start({ receiver: { maxBodyBytes: 1024 } });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { ...JSON_TYPE, 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      for (let i = 0; i < 8; i++) req.write(Buffer.alloc(512, 0x20));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('a gzip bomb stops at the limit', async () => {
    const { url } = await start({ receiver: { maxBodyBytes: 64 * 1024 } });
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await post(url, bomb, { ...PROTO_TYPE, 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
  });

  it('the default limit is 64 MiB after decompression', async () => {
    const { url } = await start();
    const justOver = gzipSync(Buffer.alloc(64 * 1024 * 1024 + 1));
    expect((await post(url, justOver, { ...PROTO_TYPE, 'content-encoding': 'gzip' })).status).toBe(413);
  });
});

describe('415, 405, 404', () => {
  it('415 for other media types and content encodings', async () => {
    const { url } = await start();
    expect((await post(url, '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(415);
    const br = await post(url, '{}', { ...JSON_TYPE, 'content-encoding': 'br' });
    expect(br.status).toBe(415);
    expect(((await br.json()) as { message: string }).message).toMatch(/Content-Encoding/);
  });

  it('405 with Allow: POST for other methods on the traces path', async () => {
    const { url } = await start();
    const res = await fetch(url, { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect((await fetch(url, { method: 'PUT', headers: PROTO_TYPE, body: sdkProto })).status).toBe(405);
  });

  it('404 elsewhere', async () => {
    const { url } = await start();
    expect((await post(url.replace('/v1/traces', '/v1/metrics'), sdkProto, PROTO_TYPE)).status).toBe(404);
  });
});

describe('429 and 503 with Retry-After: the sender is asked to come back', () => {
  it('429 when the queue is full; nothing of the refused request is kept', async () => {
    const sink = new SpanSink();
    const { url } = await start({ queue: { maxSpans: 4, retryAfterMs: 3000 }, batch: { timeoutMs: 0 } }, sink);
    sink.hold();
    const first = post(url, sdkJson, JSON_TYPE);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await post(url, sdkJson, JSON_TYPE);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('3');
    expect(((await second.json()) as { message: string }).message).toMatch(/queue is full/);
    sink.release();
    expect((await first).status).toBe(200);
    const m = collector!.metrics();
    expect(m['hoptrace_collector_spans_refused_total{reason="queue_full"}']).toBe(4);
    expect(m['hoptrace_collector_queue_spans']).toBe(0);
  });

  it('429 when request bodies in flight hold the receiver\'s byte budget, which is given back after', async () => {
    const sink = new SpanSink();
    const limit = sdkJson.length + 16;
    const { url } = await start({ receiver: { maxBodyBytes: limit, maxInFlightBytes: limit } }, sink);
    sink.hold();
    const first = post(url, sdkJson, JSON_TYPE);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(collector!.metrics()['hoptrace_collector_receiver_bytes_in_flight']).toBe(sdkJson.length);
    const second = await post(url, sdkJson, JSON_TYPE);
    expect(second.status).toBe(429);
    expect(((await second.json()) as { message: string }).message).toMatch(/request bytes/);
    sink.release();
    expect((await first).status).toBe(200);
    expect(collector!.metrics()['hoptrace_collector_receiver_bytes_in_flight']).toBe(0);
    expect((await post(url, sdkJson, JSON_TYPE)).status).toBe(200);
    expect(collector!.metrics()['hoptrace_collector_requests_refused_total{reason="receiver_busy"}']).toBe(1);
  });

  it('503 when the exporter keeps failing retryably, after counted retries', async () => {
    const sink = new SpanSink();
    sink.failWith = new RetryableError('broker unavailable', { retryAfterMs: 2500 });
    const { url } = await start({ retry: { initialIntervalMs: 5, maxElapsedMs: 100 } }, sink);
    const res = await post(url, sdkProto, PROTO_TYPE);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(readStatus(new Uint8Array(await res.arrayBuffer())).message).toMatch(/broker unavailable/);
    expect(collector!.metrics()['hoptrace_collector_export_retries_total']).toBeGreaterThan(0);
  });

  it('400 when the exporter refuses the data permanently', async () => {
    const sink = new SpanSink();
    sink.failWith = new PermanentError('record too large');
    const { url } = await start({}, sink);
    expect((await post(url, sdkJson, JSON_TYPE)).status).toBe(400);
  });
});

describe('health, readiness and metrics', () => {
  it('serves /health, /ready and Prometheus /metrics', async () => {
    const { url } = await start();
    const base = url.replace('/v1/traces', '');
    await post(url, sdkJson, JSON_TYPE);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('# TYPE hoptrace_collector_spans_received_total counter');
    expect(metrics).toContain('hoptrace_collector_spans_received_total 4');
    expect(metrics).toContain('hoptrace_collector_spans_exported_total 4');
    expect(metrics).toContain('hoptrace_collector_requests_total{code="200"} 1');
    expect(metrics).toContain('hoptrace_collector_queue_spans 0');
  });
});
