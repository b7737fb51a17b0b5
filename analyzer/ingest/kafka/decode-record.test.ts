import { describe, expect, it } from 'vitest';
import { encodeJsonRequest } from '../../../collector/otlp/encode-json.js';
import { encodeProtoRequest } from '../../../collector/otlp/encode-proto.js';
import { DecodedSpan } from '../../../collector/otlp/decoded-span.js';
import { OtlpDecodeError } from '../../../collector/otlp/decode-error.js';
import { makeSpans } from '../../../collector/testing/spans.js';
import { decodeRecord } from './decode-record.js';

describe('decodeRecord', () => {
  const spans = makeSpans(4, 2);

  it('reads otlp_proto and otlp_json records back to the exported spans', () => {
    expect(decodeRecord(encodeProtoRequest(spans), null, 'otlp_proto').spans).toEqual(spans);
    expect(decodeRecord(Buffer.from(encodeJsonRequest(spans)), null, 'otlp_json').spans).toEqual(spans);
  });

  it('decodes lazily: attribute maps are built only when read', () => {
    for (const [value, encoding] of [[encodeProtoRequest(spans), 'otlp_proto'], [Buffer.from(encodeJsonRequest(spans)), 'otlp_json']] as const) {
      const decoded = decodeRecord(value, null, encoding).spans;
      expect(decoded.every((s) => DecodedSpan.sourceOf(s) !== undefined)).toBe(true);
      expect(decoded[0]!.attributes).toEqual(spans[0]!.attributes);
      expect(DecodedSpan.sourceOf(decoded[0]!)).toBeUndefined();
    }
  });

  it('gives every span the record key as its flow key', () => {
    const { spans: keyed } = decodeRecord(encodeProtoRequest(spans), Buffer.from('req-flow'), 'otlp_proto');
    expect(new Set(keyed.map((s) => s.flowKey))).toEqual(new Set(['req-flow']));
  });

  it('counts invalid spans from a foreign producer instead of passing them on', () => {
    const bad = { ...spans[0]!, spanId: '0000000000000000' };
    expect(decodeRecord(Buffer.from(encodeJsonRequest([bad, spans[1]!])), null, 'otlp_json')).toMatchObject({ rejected: 1, spans: [spans[1]] });
  });

  it('throws OtlpDecodeError for a record that is not OTLP', () => {
    expect(() => decodeRecord(Buffer.from('hello'), null, 'otlp_json')).toThrow(OtlpDecodeError);
  });
});
