import { describe, expect, it } from 'vitest';
import { Attr } from '../../core/attributes.js';
import type { Span } from '../../core/span.js';
import { captureSdkBody, makeSdkSpans } from '../testing/otel.js';
import { decodeJsonRequest } from './decode-json.js';
import { decodeProtoRequest } from './decode-proto.js';
import { encodeJsonRequest } from './encode-json.js';
import { encodeProtoRequest } from './encode-proto.js';
import { OtlpDecodeError } from './decode-error.js';
import { ProtoReader } from './proto-reader.js';
import { rawSpanOf } from './raw-spans.js';

const sdkSpans = makeSdkSpans({ spans: 6, extraAttributes: 4 });
const jsonBody = await captureSdkBody('json', sdkSpans);
const protoBody = await captureSdkBody('protobuf', sdkSpans);

function hrToMicros([s, ns]: [number, number]): number {
  return s * 1_000_000 + Math.floor(ns / 1000);
}

const SPAN_FLAGS_FIELD = 16;

/** The field numbers of each Span message in an OTLP/protobuf body, found where the decoder located it. */
function spanFieldNumbers(body: Uint8Array): Set<number>[] {
  return decodeProtoRequest(body, { keepRaw: true }).map((span) => {
    const { body: bytes, span: range } = rawSpanOf(span)!;
    const r = new ProtoReader(bytes.subarray(range.start, range.end));
    const fields = new Set<number>();
    while (r.pos < range.end - range.start) {
      const tag = r.uint32();
      fields.add(tag >>> 3);
      r.skip(tag & 7);
    }
    return fields;
  });
}

describe('OTLP codec on the OpenTelemetry JS exporter bytes', () => {
  it('decodes the SDK protobuf body to the spans the SDK made', () => {
    const spans = decodeProtoRequest(protoBody);
    expect(spans).toHaveLength(6);
    for (const sdk of sdkSpans) {
      const span = spans.find((s) => s.spanId === sdk.spanContext().spanId)!;
      expect(span.traceId).toBe(sdk.spanContext().traceId);
      expect(span.parentSpanId).toBe(sdk.parentSpanContext?.spanId ?? '');
      expect(span.name).toBe(sdk.name);
      expect(span.kind).toBe(sdk.kind + 1);
      expect(span.startUs).toBe(hrToMicros(sdk.startTime));
      expect(span.endUs).toBe(hrToMicros(sdk.endTime));
      expect(span.attributes[Attr.requestId]).toBe(sdk.attributes[Attr.requestId]);
      expect(span.resource.serviceName).toBe('nova-api');
      expect(span.scopeName).toBe('hoptrace.test');
      expect(span.flowKey).toBe('');
    }
    const errored = spans.find((s) => s.statusCode === 2)!;
    expect(errored.statusMessage).toBe('No valid host was found');
    const child = spans.find((s) => s.attributes['test.index'] === 3)!;
    expect(child.attributes['test.ratio']).toBe(1);
    expect(child.attributes['test.flag']).toBe(true);
    expect(child.attributes['test.list']).toEqual(['a', 'b']);
    expect(child.links).toHaveLength(1);
    expect(child.events[0]!.attributes[Attr.vmState]).toBe('building');
  });

  it('decodes the SDK JSON body to exactly what the protobuf body decodes to', () => {
    expect(decodeJsonRequest(jsonBody.toString('utf8'))).toEqual(decodeProtoRequest(protoBody));
  });

  it('round-trips through its own protobuf and JSON encoders', () => {
    const spans = decodeProtoRequest(protoBody);
    expect(decodeProtoRequest(encodeProtoRequest(spans))).toEqual(spans);
    expect(decodeJsonRequest(encodeJsonRequest(spans))).toEqual(spans);
  });

  it('keeps microseconds exact for timestamps far beyond 2^53 nanoseconds', () => {
    const [span] = decodeProtoRequest(protoBody) as [Span];
    const late: Span = { ...span, startUs: 4_102_444_800_123_456, endUs: 4_102_444_800_999_999 };
    const [back] = decodeProtoRequest(encodeProtoRequest([late]));
    expect([back!.startUs, back!.endUs]).toEqual([late.startUs, late.endUs]);
  });

  it('writes negative and large integers as int64 and reads them back', () => {
    const [span] = decodeProtoRequest(protoBody) as [Span];
    const odd: Span = {
      ...span,
      name: 'ünïcödé ✓',
      attributes: { neg: -5, big: 2 ** 52, min: Number.MIN_SAFE_INTEGER, nested: { a: [1, 'x', { b: false }] }, long: 'x'.repeat(300), tail: `${'a'.repeat(100)}é`, '🔑': '' },
    };
    expect(decodeProtoRequest(encodeProtoRequest([odd]))[0]!.attributes).toEqual(odd.attributes);
    expect(decodeProtoRequest(encodeProtoRequest([odd]))[0]!.name).toBe(odd.name);
    expect(decodeJsonRequest(encodeJsonRequest([odd]))[0]!.attributes).toEqual(odd.attributes);
  });

  it('accepts upper-case hex ids and numeric int64 fields in JSON', () => {
    const text = JSON.stringify({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '5B8EFFF798038103D269B633813FC60C', spanId: 'EEE19B7EC3C1B174', name: 'x', kind: 2, startTimeUnixNano: 1544712660000000000, endTimeUnixNano: '1544712661000000000', unknownField: { ignored: true } }] }] }],
    });
    const [span] = decodeJsonRequest(text);
    expect(span!.traceId).toBe('5b8efff798038103d269b633813fc60c');
    expect(span!.startUs).toBe(1544712660000000);
    expect(span!.endUs).toBe(1544712661000000);
    expect(span!.resource.serviceName).toBe('unknown_service');
  });

  it('names the JSON path of a field with the wrong type', () => {
    const text = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'ok' }, { name: 'bad', kind: 'SPAN_KIND_SERVER' }] }] }] });
    expect(() => decodeJsonRequest(text)).toThrow(OtlpDecodeError);
    try {
      decodeJsonRequest(text);
    } catch (error) {
      expect((error as OtlpDecodeError).field).toBe('resourceSpans[0].scopeSpans[0].spans[1].kind');
    }
  });

  it('refuses truncated protobuf at every cut point', () => {
    let refused = 0;
    for (let cut = 1; cut < protoBody.length; cut++) {
      try {
        decodeProtoRequest(protoBody.subarray(0, cut));
      } catch (error) {
        expect(error).toBeInstanceOf(OtlpDecodeError);
        refused++;
      }
    }
    expect(refused).toBe(protoBody.length - 1);
  });
});

describe('attribute maps', () => {
  it('keep a __proto__ key as an own property and the last of duplicate keys, in both decoders', () => {
    const [span] = decodeProtoRequest(protoBody) as [Span];
    const odd: Span = { ...span, attributes: JSON.parse('{"__proto__": "own", "a": 1}') as Span['attributes'] };
    for (const back of [decodeProtoRequest(encodeProtoRequest([odd]))[0]!, decodeJsonRequest(encodeJsonRequest([odd]))[0]!]) {
      expect(Object.hasOwn(back.attributes, '__proto__')).toBe(true);
      expect(back.attributes['__proto__']).toBe('own');
      expect(Object.getPrototypeOf(back.attributes)).toBe(Object.prototype);
    }
    const text = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ attributes: [{ key: 'k', value: { intValue: '1' } }, { key: 'k', value: { intValue: '2' } }] }] }] }] });
    expect(decodeJsonRequest(text)[0]!.attributes).toEqual({ k: 2 });
  });

  it('build the same maps whatever the key order, for thousands of distinct key sets', () => {
    for (let i = 0; i < 3000; i++) {
      const attributes = { [`k${i}`]: i, shared: 'x', [`z${i % 7}`]: true };
      const text = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ attributes: Object.entries(attributes).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: v } : typeof v === 'string' ? { stringValue: v } : { boolValue: v } })) }] }] }] });
      expect(decodeJsonRequest(text)[0]!.attributes).toEqual(attributes);
    }
  });
});

describe('raw span bytes', () => {
  it('a span decoded with keepRaw is re-encoded byte for byte, keeping what the Span model drops', () => {
    const spans = decodeProtoRequest(protoBody, { keepRaw: true });
    const again = encodeProtoRequest(spans);
    expect(decodeProtoRequest(again)).toEqual(decodeProtoRequest(protoBody));
    // The SDK sets flags (Span field 16) on every span; the Span model has no field for them, the raw copy keeps them.
    expect(spanFieldNumbers(again)).toHaveLength(6);
    expect(spanFieldNumbers(again).every((fields) => fields.has(SPAN_FLAGS_FIELD))).toBe(true);
    expect(spanFieldNumbers(encodeProtoRequest(decodeProtoRequest(protoBody))).some((fields) => fields.has(SPAN_FLAGS_FIELD))).toBe(false);
  });

  it('a changed copy of a span is encoded from its fields, not from stale bytes', () => {
    const [span] = decodeProtoRequest(protoBody, { keepRaw: true }) as [Span];
    const renamed = { ...span, name: 'renamed' };
    expect(decodeProtoRequest(encodeProtoRequest([renamed]))[0]!.name).toBe('renamed');
  });

  it('one flow of a multi-flow body is cut out whole', () => {
    const spans = decodeProtoRequest(protoBody, { keepRaw: true });
    const some = spans.filter((_, i) => i % 2 === 0);
    expect(decodeProtoRequest(encodeProtoRequest(some))).toEqual(decodeProtoRequest(protoBody).filter((_, i) => i % 2 === 0));
  });
});

describe('forward-only decoding', () => {
  it('reads ids, times and the flow key like the full decoder, and re-encodes to the same bytes', () => {
    const keyOf = (attributes: Span['attributes'], traceId: string): string => String(attributes[Attr.requestId] ?? traceId);
    const full = decodeProtoRequest(protoBody, { keyOf });
    const thin = decodeProtoRequest(protoBody, { keyOf, forwardOnly: true });
    expect(thin.map((s) => [s.traceId, s.spanId, s.parentSpanId, s.kind, s.startUs, s.endUs, s.flowKey])).toEqual(
      full.map((s) => [s.traceId, s.spanId, s.parentSpanId, s.kind, s.startUs, s.endUs, s.flowKey]),
    );
    expect(thin[0]!.attributes).toEqual({ [Attr.requestId]: full[0]!.attributes[Attr.requestId] });
    expect(decodeProtoRequest(encodeProtoRequest(thin))).toEqual(decodeProtoRequest(protoBody));
  });
});
