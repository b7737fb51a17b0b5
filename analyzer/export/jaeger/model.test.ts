import { describe, expect, it } from 'vitest';
import { Attr } from '../../../core/attributes.js';
import type { Span } from '../../../core/span.js';
import { buildFlow } from '../../reconstruct/build-flow.js';
import { scriptBoot } from '../../testing/boot.js';
import { SpanFactory, withAttributes, withSpan } from '../../testing/spans.js';
import { toJaegerTrace } from './model.js';
import type { JaegerSpan } from './model.js';
import { jaegerTraceIdText, normalizeTraceId } from './trace-id.js';

const T0 = 1_764_000_000_000_000;
const TRACE_ID = /^(?:[0-9a-f]{16}){1,2}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const TAG_TYPES = ['string', 'bool', 'int64', 'float64', 'binary'];

function traceOf(spans: readonly Span[], id: string) {
  const flow = buildFlow({ id, aliases: [], spans, complete: true, updatedUs: 0, endpoints: {} }).flow;
  return { flow, trace: toJaegerTrace(flow, spans) };
}

function tag(span: JaegerSpan, key: string): unknown {
  return span.tags.find((t) => t.key === key)?.value;
}

describe('toJaegerTrace follows the Jaeger JSON model (tracing.md §5.5)', () => {
  const boot = scriptBoot(new SpanFactory(5), T0);

  it('has the documented keys and types on the trace, every span and every process', () => {
    const { trace } = traceOf(boot.spans, boot.requestId);
    expect(Object.keys(trace).sort()).toEqual(['processes', 'spans', 'traceID', 'warnings']);
    expect(trace.traceID).toMatch(TRACE_ID);
    expect(trace.traceID).toBe(jaegerTraceIdText(boot.spans[0]!.traceId));
    expect(trace.traceID).toHaveLength(16);
    for (const span of trace.spans) {
      expect(Object.keys(span).sort()).toEqual(['duration', 'logs', 'operationName', 'processID', 'references', 'spanID', 'startTime', 'tags', 'traceID', 'warnings']);
      expect(span.spanID).toMatch(HEX16);
      expect(Number.isInteger(span.startTime) && Number.isInteger(span.duration)).toBe(true);
      expect(trace.processes[span.processID]).toBeDefined();
      for (const t of span.tags) expect(TAG_TYPES).toContain(t.type);
      for (const r of span.references) expect(['CHILD_OF', 'FOLLOWS_FROM']).toContain(r.refType);
    }
    expect(Object.values(trace.processes).map((p) => p.serviceName).sort()).toEqual(['glance', 'neutron', 'nova-api', 'nova-compute', 'nova-conductor', 'nova-scheduler', 'placement']);
    expect(trace.processes['p1']!.tags).toEqual([{ key: 'host.name', type: 'string', value: 'nova-api' }]);
  });

  it('maps parents to CHILD_OF, kind to span.kind, times to µs and attributes to typed tags', () => {
    const { trace } = traceOf(boot.spans, boot.requestId);
    const root = trace.spans.find((s) => s.references.length === 0)!;
    expect(root).toMatchObject({ operationName: 'POST /v2.1/servers', startTime: T0, duration: 60_000, warnings: null });
    expect(tag(root, 'span.kind')).toBe('server');
    expect(root.tags).toContainEqual({ key: 'http.response.status_code', type: 'int64', value: 202 });
    expect(root.tags).toContainEqual({ key: Attr.flowId, type: 'string', value: boot.requestId });
    const child = trace.spans.find((s) => s.spanID === boot.spans[1]!.spanId)!;
    expect(child.references).toEqual([{ refType: 'CHILD_OF', traceID: trace.traceID, spanID: root.spanID }]);
    const fanout = trace.spans.find((s) => tag(s, 'openstack.rpc.fanout') === true && tag(s, 'span.kind') === 'producer')!;
    expect(fanout.tags).toContainEqual({ key: 'openstack.rpc.fanout', type: 'bool', value: true });
  });

  it('maps error status, links, events and arrays as the OpenTelemetry translator does', () => {
    const spans = boot.spans.map((s, i) => (i === 3
      ? { ...withAttributes(s, { list: ['a', 1] }), statusCode: 2 as const, statusMessage: 'boom', events: [{ timeUs: s.startUs + 1, name: 'retry', attributes: { n: 1.5 } }], links: [{ traceId: 'f'.repeat(32), spanId: '1'.repeat(16), attributes: {} }] }
      : s));
    const { trace } = traceOf(spans, boot.requestId);
    const span = trace.spans.find((s) => s.spanID === spans[3]!.spanId)!;
    expect(span.tags).toEqual(expect.arrayContaining([
      { key: 'otel.status_code', type: 'string', value: 'ERROR' }, { key: 'error', type: 'bool', value: true },
      { key: 'otel.status_description', type: 'string', value: 'boom' }, { key: 'list', type: 'string', value: '["a",1]' },
    ]));
    expect(span.logs).toEqual([{ timestamp: spans[3]!.startUs + 1, fields: [{ key: 'event', type: 'string', value: 'retry' }, { key: 'n', type: 'float64', value: 1.5 }] }]);
    expect(span.references[1]).toEqual({ refType: 'FOLLOWS_FROM', traceID: 'f'.repeat(32), spanID: '1'.repeat(16) });
  });

  it('shows a flow that came in several traces as one trace, keeping each span’s own trace id as a tag', () => {
    const glance = boot.spans.find((s) => s.resource.serviceName === 'glance')!;
    const spans = boot.spans.map((s) => (s === glance ? withSpan(s, { traceId: 'b'.repeat(32), parentSpanId: '' }) : s));
    const { flow, trace } = traceOf(spans, boot.requestId);
    expect(flow.traceIds).toEqual([boot.spans[0]!.traceId, 'b'.repeat(32)]);
    expect(new Set(trace.spans.map((s) => s.traceID))).toEqual(new Set([trace.traceID]));
    const moved = trace.spans.find((s) => s.spanID === glance.spanId)!;
    expect(tag(moved, Attr.originalTraceId)).toBe('b'.repeat(32));
    expect(moved.references).toEqual([{ refType: 'CHILD_OF', traceID: trace.traceID, spanID: glance.parentSpanId }]);
    expect(moved.warnings).toEqual([`trace context lost; joined to caller ${glance.parentSpanId} by request id`]);
    expect(trace.warnings).toEqual([expect.stringContaining('trace context lost between nova-api and glance')]);
  });

  it('normalises trace ids as Jaeger accepts them', () => {
    expect(normalizeTraceId('ABCDEF')).toBe('abcdef'.padStart(32, '0'));
    expect(normalizeTraceId(Buffer.from('00112233445566778899aabbccddeeff', 'hex').toString('base64'))).toBe('00112233445566778899aabbccddeeff');
    expect(normalizeTraceId('xyz')).toBeUndefined();
    expect(normalizeTraceId('1'.repeat(33))).toBeUndefined();
  });
});
