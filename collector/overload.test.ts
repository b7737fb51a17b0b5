import { describe, expect, it } from 'vitest';
import { consumerFrom } from '../core/consumer.js';
import type { Span } from '../core/span.js';
import { startCollector } from './collector.js';
import { captureSdkBody, makeSdkSpans } from './testing/otel.js';

const body = await captureSdkBody('protobuf', makeSdkSpans({ spans: 100 }));

describe('sustained overload', () => {
  it('refuses with 429 + Retry-After instead of queueing without bound, and loses nothing it acknowledged', async () => {
    const stored: Span[] = [];
    const slow = consumerFrom(async (spans) => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      stored.push(...spans);
    });
    const collector = await startCollector({ receiver: { port: 0 }, queue: { maxSpans: 500, retryAfterMs: 2000 } }, { next: slow });
    let deepest = 0;
    const sampler = setInterval(() => (deepest = Math.max(deepest, collector.metrics()['hoptrace_collector_queue_spans']!)), 2);
    const statuses: number[] = [];
    const send = async (): Promise<void> => {
      const res = await fetch(`${collector.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
      await res.arrayBuffer();
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('2');
    };
    for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: 30 }, send));
    clearInterval(sampler);
    await collector.shutdown();
    const ok = statuses.filter((s) => s === 200).length;
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(ok + statuses.filter((s) => s === 429).length).toBe(150);
    expect(deepest).toBeLessThanOrEqual(500);
    expect(stored).toHaveLength(ok * 100);
    expect(collector.metrics()['hoptrace_collector_spans_refused_total{reason="queue_full"}']).toBe((150 - ok) * 100);
  });
});
