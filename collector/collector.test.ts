import { describe, expect, it } from 'vitest';
import { startCollector } from './collector.js';
import { ConfigError } from './pipeline/config-error.js';
import { captureSdkBody, makeSdkSpans } from './testing/otel.js';
import { SpanSink } from './testing/sink.js';

const body = await captureSdkBody('protobuf', makeSdkSpans({ spans: 3 }));
const post = (url: string): Promise<Response> => fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });

describe('startCollector', () => {
  it('refuses an invalid configuration before listening, listing every problem', async () => {
    const error = await startCollector({ receiver: { port: -1 }, batch: { maxSpans: 0 } }, { next: new SpanSink() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(2);
  });

  it('refuses the memory exporter without a consumer to hand spans to', async () => {
    await expect(startCollector({ receiver: { port: 0 } })).rejects.toThrow(/memory exporter needs deps.next/);
  });

  it('shutdown answers the requests in flight (their spans exported first), then stops listening; twice is fine', async () => {
    const sink = new SpanSink();
    const collector = await startCollector({ receiver: { port: 0 } }, { next: sink });
    sink.hold();
    const inFlight = post(collector.url);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopping = collector.shutdown();
    sink.release();
    expect((await inFlight).status).toBe(200);
    await stopping;
    await collector.shutdown();
    expect(sink.spans).toHaveLength(3);
    await expect(post(collector.url)).rejects.toThrow();
  });

  it('counts what it received, accepted and exported', async () => {
    const collector = await startCollector({ receiver: { port: 0 } }, { next: new SpanSink() });
    await post(collector.url);
    const m = collector.metrics();
    expect([m['hoptrace_collector_spans_received_total'], m['hoptrace_collector_spans_accepted_total'], m['hoptrace_collector_spans_exported_total']]).toEqual([3, 3, 3]);
    await collector.shutdown();
  });
});
