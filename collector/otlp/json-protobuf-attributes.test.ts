import { describe, expect, it } from 'vitest';
import type { Span } from '../../core/span.js';
import { flowKeyFrom } from '../processor/normalise.js';
import { mutateBytes, prng } from '../testing/mutate.js';
import { captureSdkBody, makeSdkSpans } from '../testing/otel.js';
import { decodeJsonRequest } from './decode-json.js';
import { decodeJsonBody } from './decode-json-bytes.js';
import { decodeProtoRequest } from './decode-proto.js';
import { DecodedSpan } from './decoded-span.js';
import { encodeProtoRequest } from './encode-proto.js';
import { ProtoWriter } from './proto-writer.js';

/**
 * OTLP/JSON read for a pipeline that only writes protobuf: each span's attributes are written as
 * protobuf KeyValues while they are checked, and copied from there when the span is encoded.
 */
const sdkJson = (await captureSdkBody('json', makeSdkSpans({ spans: 8, extraAttributes: 6 }))).toString('utf8');

const eager = (text: string): Span[] => decodeJsonRequest(text, flowKeyFrom);
const transcoded = (text: string | Buffer): Span[] => decodeJsonBody(Buffer.isBuffer(text) ? text : Buffer.from(text), flowKeyFrom, { lazyAttributes: true, protobufAttributes: true });
const protobuf = (spans: readonly Span[]): Buffer => encodeProtoRequest(spans, new ProtoWriter());
/** Whether the span's attributes are still the bytes written while decoding it. */
const unbuilt = (span: Span): boolean => DecodedSpan.sourceOf(span) !== undefined;

/** The SDK body with the first span's attributes replaced by `attributes` (JSON text of a KeyValue array). */
function withAttributes(attributes: string): string {
  const at = sdkJson.indexOf('"attributes":[', sdkJson.indexOf('"spans":['));
  const end = sdkJson.indexOf('],"droppedAttributesCount"', at);
  return `${sdkJson.slice(0, at)}"attributes":${attributes}${sdkJson.slice(end + 1)}`;
}

const kv = (key: string, value: string): string => `{"key":${JSON.stringify(key)},"value":${value}}`;

describe('OTLP/JSON attributes written as protobuf while checked', () => {
  it('encode the SDK body byte for byte as the eager decoder\'s spans do, without building a map', () => {
    const spans = transcoded(sdkJson);
    expect(spans.every(unbuilt)).toBe(true);
    expect(protobuf(spans).equals(protobuf(eager(sdkJson)))).toBe(true);
    expect(spans.every(unbuilt)).toBe(true);
    // Read, the maps are the eager decoder's, flow keys included.
    expect(transcoded(sdkJson)).toEqual(eager(sdkJson));
  });

  it('keep every kind of value exactly, compact or not', () => {
    const values = [
      kv('s', '{"stringValue":"café ☕ 日本"}'),
      kv('escaped', '{"stringValue":"a\\"b\\u0041\\n"}'),
      kv('k\u00e9y', '{"intValue":7}'),
      kv('negative', '{"intValue":-42}'),
      kv('big', '{"intValue":12345678901234567890}'),
      kv('max', '{"intValue":9007199254740991}'),
      kv('as string', '{"intValue":"123"}'),
      kv('double', '{"doubleValue":0.1}'),
      kv('whole double', '{"doubleValue":1000}'),
      kv('exponent', '{"doubleValue":1e300}'),
      kv('yes', '{"boolValue":true}'),
      kv('no', '{"boolValue":false}'),
      kv('list', '{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":2}]}}'),
      kv('map', '{"kvlistValue":{"values":[{"key":"x","value":{"boolValue":true}}]}}'),
      kv('bytes', '{"bytesValue":"AAEC"}'),
      kv('empty', '{}'),
      kv('spaced', ' { "stringValue" : "v" } '),
    ];
    const text = withAttributes(`[${values.join(',')}]`);
    const spans = transcoded(text);
    expect(unbuilt(spans[0]!)).toBe(true);
    expect(protobuf(spans).equals(protobuf(eager(text)))).toBe(true);
    expect(transcoded(text)).toEqual(eager(text));
  });

  it('write an intValue of -0 as 0, as the eager decoder\'s map is written', () => {
    const text = withAttributes(`[${kv('zero', '{"intValue":-0}')}]`);
    expect(protobuf(transcoded(text)).equals(protobuf(eager(text)))).toBe(true);
    expect(transcoded(text)[0]!.attributes['zero']).toBe(0);
  });

  it('write repeated and integer-like keys as they come, so a map read back is the eager one', () => {
    for (const attributes of [`[${kv('a', '{"intValue":1}')},${kv('b', '{"intValue":2}')},${kv('a', '{"stringValue":"last"}')}]`, `[${kv('x', '{"intValue":1}')},${kv('2', '{"intValue":2}')},${kv('10', '{"stringValue":"ten"}')}]`]) {
      const text = withAttributes(attributes);
      expect(transcoded(text)[0]!.attributes).toEqual(eager(text)[0]!.attributes);
      const readBack = (spans: Span[]): unknown => decodeProtoRequest(protobuf(spans))[0]!.attributes;
      expect(readBack(transcoded(text))).toEqual(readBack(eager(text)));
    }
  });

  it('leave attributes with bytes that are not UTF-8 to the map, as the eager decoder reads them', () => {
    const text = withAttributes(`[${kv('ok', '{"stringValue":"fine"}')},${kv('bad', '{"stringValue":"XX"}')}]`);
    const body = Buffer.from(text);
    const at = body.indexOf('"XX"') + 1;
    body[at] = 0xff;
    body[at + 1] = 0xfe;
    const spans = transcoded(body);
    expect(spans[0]!.attributes).toEqual(eager(body.toString('utf8'))[0]!.attributes);
    expect(spans[0]!.attributes['bad']).toBe('\ufffd\ufffd');
    expect(protobuf(transcoded(body)).equals(protobuf(eager(body.toString('utf8'))))).toBe(true);
  });

  it('refuse and accept exactly what decodeJsonRequest does, with the same error and the same spans read back, over 3000 byte mutations', () => {
    const rand = prng(17);
    const base = Buffer.from(sdkJson);
    const readBack = (decode: () => Span[]): { bytes: string } | { error: string } => {
      try {
        return { bytes: protobuf(decode()).toString('hex') };
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    const spansOf = (outcome: { bytes: string } | { error: string }): unknown => ('bytes' in outcome ? decodeProtoRequest(Buffer.from(outcome.bytes, 'hex')).map((span) => ({ ...span })) : outcome);
    let refused = 0;
    let identical = 0;
    for (let i = 0; i < 3000; i++) {
      const body = mutateBytes(base, rand);
      const expected = readBack(() => eager(body.toString('utf8')));
      const actual = readBack(() => transcoded(body));
      expect(spansOf(actual)).toEqual(spansOf(expected));
      if ('error' in expected) refused++;
      else if ('bytes' in actual && actual.bytes === expected.bytes) identical++;
    }
    expect(refused).toBeGreaterThan(300);
    expect(refused).toBeLessThan(2950);
    // Bytes differ only where a mutation repeated a key (written twice here, once from the map).
    expect(identical).toBeGreaterThan(0.95 * (3000 - refused));
  });
});
