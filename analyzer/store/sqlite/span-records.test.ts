import { describe, expect, it } from 'vitest';
import { StatusCode, SpanKind } from '../../../core/span.js';
import type { Resource, Span } from '../../../core/span.js';
import { captureSdkBody, makeSdkSpans } from '../../../collector/testing/otel.js';
import { decodeProtoRequest } from '../../../collector/otlp/decode-proto.js';
import { DecodedSpan } from '../../../collector/otlp/decoded-span.js';
import { rawSpanOf } from '../../../collector/otlp/raw-spans.js';
import { ProtoWriter } from '../../../collector/otlp/proto-writer.js';
import { flowKeyFrom } from '../../../collector/processor/normalise.js';
import { SpanFactory } from '../../testing/spans.js';
import { decodeSpanRecords, encodeSpanRecords } from './span-records.js';

const nova: Resource = { serviceName: 'nova-api', attributes: { 'host.name': 'ctl-1' } };
const glance: Resource = { serviceName: 'glance', attributes: {} };

function roundTrip(spans: readonly Span[]): Span[] {
  const resources = [nova, glance];
  const body = encodeSpanRecords(new ProtoWriter(64), spans, (r) => resources.indexOf(r));
  const out: Span[] = [];
  decodeSpanRecords(body, (id) => resources[id]!, out);
  return out;
}

describe('span records (the stored body of a flow batch)', () => {
  it('give back every field of the Span model, attribute values of every shape included', () => {
    const factory = new SpanFactory(5);
    const root = factory.span({ service: 'nova-api', kind: SpanKind.SERVER, name: 'POST /servers', startUs: 1_764_000_000_123_456, durationUs: 987_654 });
    const child: Span = {
      ...factory.span({ service: 'glance', kind: SpanKind.CLIENT, name: 'GET /v2/images/{id}', startUs: 1_764_000_000_200_001, durationUs: 3, parent: root, error: true }),
      resource: glance,
      statusMessage: 'image gone',
      flowKey: 'req-00000000-0000-4000-8000-000000000001',
      scopeName: '',
      attributes: { s: 'é ✓ 𝄞', i: -42, big: 2 ** 53 - 1, d: 0.1, inf: Number.POSITIVE_INFINITY, t: true, f: false, n: null, list: ['a', 1, [true]], map: { k: 'v', deep: { x: 1.5 } } },
      events: [{ timeUs: 1_764_000_000_200_002, name: 'vm_state', attributes: { 'openstack.vm_state': 'building' } }],
      links: [{ traceId: root.traceId, spanId: root.spanId, attributes: { 'link.kind': 'follows' } }],
    };
    const spans = [{ ...root, resource: nova, flowKey: 'req-00000000-0000-4000-8000-000000000001', statusCode: StatusCode.OK }, child];
    expect(roundTrip(spans)).toEqual(spans);
    expect(roundTrip([])).toEqual([]);
  });

  it('copy the bytes of a span decoded with its raw bytes, and read back what the decoder read', async () => {
    const body = await captureSdkBody('protobuf', makeSdkSpans({ spans: 6, extraAttributes: 3 }));
    const spans = decodeProtoRequest(body, { keyOf: flowKeyFrom, keepRaw: true });
    expect(rawSpanOf(spans[0]!)).toBeDefined();
    const resources = [spans[0]!.resource];
    const stored = encodeSpanRecords(new ProtoWriter(), spans, () => 0);
    const out: Span[] = [];
    decodeSpanRecords(stored, () => resources[0]!, out);
    expect(out).toEqual(spans);
    expect(out.every((s) => s.flowKey !== '')).toBe(true);
  });

  it('copy the Span message of a lazily decoded span whose attribute map is unbuilt, without building it', async () => {
    const body = await captureSdkBody('protobuf', makeSdkSpans({ spans: 6, extraAttributes: 3 }));
    const spans = decodeProtoRequest(body, { keyOf: flowKeyFrom, lazyAttributes: true });
    const stored = encodeSpanRecords(new ProtoWriter(), spans, () => 0);
    expect(spans.every((s) => DecodedSpan.sourceOf(s) !== undefined)).toBe(true);
    for (const span of spans) {
      const { start, end } = DecodedSpan.sourceOf(span)!;
      expect(stored.includes(body.subarray(start, end))).toBe(true);
    }
    const out: Span[] = [];
    decodeSpanRecords(stored, () => spans[0]!.resource, out);
    expect(out).toEqual(decodeProtoRequest(body, { keyOf: flowKeyFrom }));
  });

  it('refuse a body that is not span records', () => {
    expect(() => decodeSpanRecords(Buffer.from([0x0a, 0x02, 0x08, 0x01]), () => nova, [])).toThrow(/without a span/);
    expect(() => decodeSpanRecords(Buffer.from([0x0a, 0x09, 0x08]), () => nova, [])).toThrow();
  });
});
