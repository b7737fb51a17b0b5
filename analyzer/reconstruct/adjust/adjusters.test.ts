import { describe, expect, it } from 'vitest';
import { Attr } from '../../../core/attributes.js';
import type { Span } from '../../../core/span.js';
import { scriptBoot } from '../../testing/boot.js';
import { SpanFactory, withAttributes, withSpan } from '../../testing/spans.js';
import { attachOrphans } from './orphans.js';
import { correctClockSkew } from './clock-skew.js';
import { dedupeSpans } from './dedupe.js';
import { orderSpans } from './order.js';
import { rejoinLostContext } from './rejoin.js';

const T0 = 1_764_000_000_000_000;

function boot(): readonly Span[] {
  return scriptBoot(new SpanFactory(), T0).spans;
}

function byName(spans: readonly Span[], service: string, name: string): Span {
  const span = spans.find((s) => s.resource.serviceName === service && s.name === name);
  if (span === undefined) throw new Error(`no ${service} span ${name}`);
  return span;
}

describe('dedupeSpans', () => {
  it('drops re-delivered copies, keeps the richer copy and says how many', () => {
    const spans = boot();
    const richer = withAttributes(spans[3]!, { extra: 1 });
    const result = dedupeSpans([...spans, spans[1]!, richer]);
    expect(result.spans).toHaveLength(spans.length);
    expect(result.spans.find((s) => s.spanId === spans[3]!.spanId)).toBe(richer);
    expect(result.warnings).toEqual(['2 duplicate span(s) ignored (same trace id and span id)']);
  });

  it('returns the input untouched when there is nothing to drop', () => {
    const spans = boot();
    expect(dedupeSpans(spans)).toEqual({ spans, warnings: [] });
  });
});

describe('orderSpans', () => {
  it('orders spans that arrived out of order by start time, parents first on ties', () => {
    const spans = boot();
    const child = withSpan(spans[1]!, { startUs: spans[0]!.startUs });
    const shuffled = [...spans.slice(2)].reverse().concat([child, spans[0]!]);
    const ordered = orderSpans(shuffled).spans;
    expect(ordered[0]).toBe(spans[0]);
    expect(ordered[1]).toBe(child);
    expect(ordered.every((s, i) => i === 0 || s.startUs >= ordered[i - 1]!.startUs)).toBe(true);
  });
});

describe('rejoinLostContext', () => {
  it('joins a REST callee that started a new trace to its caller by the callee request id', () => {
    const spans = boot();
    const glance = byName(spans, 'glance', 'GET /v2/images/{image_id}');
    const lost = withSpan(glance, { traceId: 'f'.repeat(32), parentSpanId: '' });
    const result = rejoinLostContext(spans.map((s) => (s === glance ? lost : s)));
    const rejoined = result.spans.find((s) => s.spanId === glance.spanId)!;
    expect(rejoined.parentSpanId).toBe(glance.parentSpanId);
    expect(rejoined.attributes[Attr.rejoinedTo]).toBe(glance.parentSpanId);
    expect(result.warnings).toEqual([expect.stringMatching(/^trace context lost between nova-api and glance: .* by request id req-/)]);
  });

  it('joins an RPC consumer that lost its parent to the waiting producer of the same method', () => {
    const spans = boot();
    const consumer = byName(spans, 'nova-compute', 'process compute.cmp-01');
    const result = rejoinLostContext(spans.map((s) => (s === consumer ? withSpan(s, { parentSpanId: '' }) : s)));
    expect(result.spans.find((s) => s.spanId === consumer.spanId)!.parentSpanId).toBe(consumer.parentSpanId);
    expect(result.warnings[0]).toContain('by RPC method build_and_run_instance');
  });

  it('prefers an OpenTelemetry link to the producer', () => {
    const spans = boot();
    const consumer = byName(spans, 'nova-conductor', 'process conductor');
    const linked = withSpan(consumer, { parentSpanId: '', links: [{ traceId: consumer.traceId, spanId: consumer.parentSpanId, attributes: {} }] });
    const result = rejoinLostContext(spans.map((s) => (s === consumer ? linked : s)));
    expect(result.spans.find((s) => s.spanId === consumer.spanId)!.parentSpanId).toBe(consumer.parentSpanId);
    expect(result.warnings[0]).toContain(`by link to ${consumer.parentSpanId}`);
  });
});

describe('attachOrphans', () => {
  it('attaches a span whose parent never arrived to the root with a warning naming the parent', () => {
    const spans = boot();
    const glanceClient = spans[1]!;
    const withoutParent = spans.filter((s) => s !== glanceClient);
    const result = attachOrphans(withoutParent);
    const orphan = result.spans.find((s) => s.parentSpanId === spans[0]!.spanId && s.attributes[Attr.orphanOf] === glanceClient.spanId);
    expect(orphan?.resource.serviceName).toBe('glance');
    expect(result.warnings).toEqual([expect.stringContaining(`names parent ${glanceClient.spanId}, which is not in the flow; attached to the root`)]);
    expect(result.spans).toHaveLength(withoutParent.length);
  });

  it('attaches an extra root to the flow root', () => {
    const spans = boot();
    const stray = withSpan(spans[2]!, { parentSpanId: '', traceId: 'e'.repeat(32) });
    const result = attachOrphans([...spans.slice(0, 2), stray, ...spans.slice(3)]);
    expect(result.spans[2]!.parentSpanId).toBe(spans[0]!.spanId);
    expect(result.warnings[0]).toContain(`starts another trace (${'e'.repeat(32)})`);
  });
});

describe('correctClockSkew', () => {
  it('moves a child on a skewed host inside its parent, with its same-host subtree', () => {
    const spans = boot();
    const conductor = byName(spans, 'nova-conductor', 'process conductor');
    const skew = -5_000_000;
    const skewed = spans.map((s) => (s.resource.serviceName === 'nova-scheduler' ? withSpan(s, { startUs: s.startUs + skew, endUs: s.endUs + skew }) : s));
    const result = correctClockSkew(skewed);
    const server = byName(result.spans, 'nova-scheduler', 'select_destinations');
    const client = result.spans.find((s) => s.spanId === server.parentSpanId)!;
    expect(server.startUs).toBeGreaterThanOrEqual(client.startUs);
    expect(server.endUs).toBeLessThanOrEqual(client.endUs);
    expect(server.attributes[Attr.clockSkewUs]).toBe(5_000_000);
    const placementCall = result.spans.find((s) => s.resource.serviceName === 'nova-scheduler' && s.name === 'GET')!;
    expect(placementCall.startUs).toBeGreaterThanOrEqual(server.startUs);
    expect(placementCall.attributes[Attr.clockSkewUs]).toBe(5_000_000);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(/^clock skew: nova-scheduler span .* \(select_destinations\) on nova-scheduler shifted by 5000000µs/);
    expect(result.spans.find((s) => s.spanId === conductor.spanId)).toBe(conductor);
  });

  it('lets a consumer run after its producer ended but not start before it', () => {
    const spans = boot();
    expect(correctClockSkew(spans).warnings).toEqual([]);
    const consumer = byName(spans, 'nova-compute', 'process compute.cmp-01');
    const early = withSpan(consumer, { startUs: consumer.startUs - 1_000_000, endUs: consumer.endUs - 1_000_000 });
    const result = correctClockSkew(spans.map((s) => (s === consumer ? early : s)));
    const producer = spans.find((s) => s.spanId === consumer.parentSpanId)!;
    expect(result.spans.find((s) => s.spanId === consumer.spanId)!.startUs).toBe(producer.startUs);
  });
});
