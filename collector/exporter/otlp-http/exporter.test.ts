import { afterEach, describe, expect, it } from 'vitest';
import { Attr } from '../../../core/attributes.js';
import { RetryableError } from '../../../core/errors.js';
import type { Collector } from '../../collector.js';
import { startCollector } from '../../collector.js';
import { decodeProtoRequest } from '../../otlp/decode-proto.js';
import { captureSdkBody, makeSdkSpans } from '../../testing/otel.js';
import { SpanSink } from '../../testing/sink.js';
import { retryAfterMs } from './exporter.js';

const running: Collector[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.shutdown();
});

async function chain(encoding: 'protobuf' | 'json'): Promise<{ front: Collector; sink: SpanSink }> {
  const sink = new SpanSink();
  const back = await startCollector({ receiver: { port: 0 } }, { next: sink });
  const front = await startCollector({ receiver: { port: 0 }, retry: { maxElapsedMs: 0 }, exporters: [{ type: 'otlp-http', endpoint: `${back.url}/v1/traces`, encoding }] });
  running.push(front, back);
  return { front, sink };
}

const body = await captureSdkBody('protobuf', makeSdkSpans({ spans: 5, extraAttributes: 3 }));
const expected = decodeProtoRequest(body);

describe('otlp-http exporter: one collector forwarding to another', () => {
  for (const encoding of ['protobuf', 'json'] as const) {
    it(`forwards every span intact (${encoding}), the front collector decoding only what it needs`, async () => {
      const { front, sink } = await chain(encoding);
      const res = await fetch(`${front.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
      expect(res.status).toBe(200);
      expect(sink.spans.map((s) => ({ ...s, flowKey: '' }))).toEqual(expected);
      expect(sink.spans[0]!.flowKey).toBe(expected[0]!.attributes[Attr.requestId]);
    });
  }

  it('passes a downstream 503 back as 503 with Retry-After', async () => {
    const { front, sink } = await chain('protobuf');
    sink.failWith = new RetryableError('full', { retryAfterMs: 4000 });
    const res = await fetch(`${front.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('4');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    expect(retryAfterMs(inAMinute)).toBeGreaterThan(50_000);
  });
});
