import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import type { Span, Tracer } from '@opentelemetry/api';
import { hrTimeToMicroseconds, suppressTracing } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { PooledIdGenerator } from '../id-generator.js';
import type { CompactSpan } from './compact-span.js';
import { CompactTracer } from './compact-tracer.js';

const resource = resourceFromAttributes({ 'service.name': 'nova-api' });
const scope = { name: 'hoptrace-instrumentation', version: '0.1.0' };

function tracers(attributeCountLimit = 128): { compact: Tracer; sdk: Tracer; exported: () => { compact: ReadableSpan[]; sdk: ReadableSpan[] } } {
  const compactOut = new InMemorySpanExporter();
  const sdkOut = new InMemorySpanExporter();
  const compact = new CompactTracer({ processor: new SimpleSpanProcessor(compactOut), resource, scope, attributeCountLimit }, new PooledIdGenerator());
  const sdk = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(sdkOut)], spanLimits: { attributeCountLimit } }).getTracer(scope.name, scope.version);
  return { compact, sdk, exported: () => ({ compact: compactOut.getFinishedSpans(), sdk: sdkOut.getFinishedSpans() }) };
}

/** What an OTLP exporter reads of a span, minus ids and times. */
function readable(span: ReadableSpan) {
  return {
    name: span.name,
    kind: span.kind,
    attributes: span.attributes,
    droppedAttributesCount: span.droppedAttributesCount,
    status: span.status,
    events: span.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    links: span.links,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
    ended: span.ended,
    resource: span.resource.attributes,
    scope: span.instrumentationScope,
    parentSpanId: span.parentSpanContext?.spanId,
  };
}

const failure = new TypeError('boom');

function exercise(tracer: Tracer, parent: Span): void {
  const remote = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.SAMPLED, isRemote: true };
  const span = tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', empty: undefined as unknown as string }, links: [{ context: remote }] }, trace.setSpan(ROOT_CONTEXT, parent));
  span.setAttribute('http.response.status_code', 503);
  span.setAttribute('', 'no key');
  span.setAttribute('bad', { nested: true } as unknown as string);
  span.setAttributes({ 'error.type': '503', 'http.route': '/v2.1/servers/{server_id}' });
  span.addEvent('instance.state', { 'openstack.vm_state': 'active' });
  span.recordException(failure);
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'Service Unavailable' });
  span.updateName('GET /v2.1/servers/{server_id}');
  span.end();
  span.setAttribute('after.end', true);
  span.updateName('renamed after end');
}

describe('CompactSpan', () => {
  it('exports what the SDK Span exports for the same calls', () => {
    const { compact, sdk, exported } = tracers();
    const parent = sdk.startSpan('parent');
    exercise(compact, parent);
    exercise(sdk, parent);
    const spans = exported();
    expect(spans.compact).toHaveLength(1);
    expect(readable(spans.compact[0]!)).toEqual(readable(spans.sdk[0]!));
    expect(spans.compact[0]!.spanContext().traceId).toBe(parent.spanContext().traceId);
  });

  it('keeps the first attributeCountLimit keys and counts the rest, as the SDK does', () => {
    const { compact, sdk, exported } = tracers(3);
    for (const tracer of [compact, sdk]) {
      const span = tracer.startSpan('db', { attributes: { a: 1, b: 2 } });
      span.setAttribute('c', 3);
      span.setAttribute('d', 4);
      span.setAttribute('a', 10);
      span.end();
    }
    const spans = exported();
    expect(spans.compact[0]!.attributes).toEqual({ a: 10, b: 2, c: 3 });
    expect(readable(spans.compact[0]!)).toEqual(readable(spans.sdk[0]!));
    expect(spans.compact[0]!.droppedAttributesCount).toBe(1);
  });

  it('has a start, end and duration on the wall clock, end not before start', async () => {
    const { compact, exported } = tracers();
    const before = Date.now() * 1000;
    const span = compact.startSpan('wait');
    await new Promise((resolve) => setTimeout(resolve, 5));
    span.end();
    const [out] = exported().compact;
    const start = hrTimeToMicroseconds(out!.startTime);
    const end = hrTimeToMicroseconds(out!.endTime);
    expect(start).toBeGreaterThanOrEqual(before - 2000);
    expect(end - start).toBeGreaterThanOrEqual(4000);
    expect(hrTimeToMicroseconds(out!.duration)).toBeCloseTo(end - start, -1);
  });

  it('completes a span ended with endLater when it is first read, writes included', () => {
    const { compact, exported } = tracers();
    const span = compact.startSpan('GET', { attributes: { 'url.path': '/v2.1/servers' } }) as CompactSpan;
    let completed = 0;
    span.endLater((s, route: string) => {
      completed += 1;
      s.updateName(`GET ${route}`);
      s.setAttribute('http.route', route);
      s.setStatus({ code: SpanStatusCode.ERROR });
    }, '/v2.1/servers');
    expect(completed).toBe(0);
    const [out] = exported().compact;
    expect(out!.name).toBe('GET /v2.1/servers');
    expect(out!.attributes).toEqual({ 'url.path': '/v2.1/servers', 'http.route': '/v2.1/servers' });
    expect(out!.status.code).toBe(SpanStatusCode.ERROR);
    expect(completed).toBe(1);
    span.setAttribute('late', 1);
    expect(out!.attributes['late']).toBeUndefined();
  });

  it('reports a completion that throws and still exports the span', () => {
    const out = new InMemorySpanExporter();
    const errors: unknown[] = [];
    const tracer = new CompactTracer({ processor: new SimpleSpanProcessor(out), resource, scope, attributeCountLimit: 128, onError: (error) => errors.push(error) }, new PooledIdGenerator());
    const span = tracer.startSpan('GET', { attributes: { kept: true } }) as CompactSpan;
    span.endLater(() => {
      throw new Error('bad capture');
    }, undefined);
    const [exported] = out.getFinishedSpans();
    expect(exported!.attributes).toEqual({ kept: true });
    expect(errors).toEqual([new Error('bad capture')]);
  });

  it('records nothing under an unsampled parent or suppressed tracing, yet keeps the trace id', () => {
    const { compact, exported } = tracers();
    const unsampled = trace.wrapSpanContext({ traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceFlags: TraceFlags.NONE, isRemote: true });
    const child = compact.startSpan('child', {}, trace.setSpan(ROOT_CONTEXT, unsampled));
    const suppressed = compact.startSpan('suppressed', {}, suppressTracing(ROOT_CONTEXT));
    child.end();
    suppressed.end();
    expect(child.isRecording()).toBe(false);
    expect(child.spanContext().traceId).toBe('c'.repeat(32));
    expect(suppressed.isRecording()).toBe(false);
    expect(exported().compact).toHaveLength(0);
  });
});
