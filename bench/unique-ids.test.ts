import { describe, expect, it } from 'vitest';
import { decodeJsonRequest } from '../collector/otlp/decode-json.js';
import { decodeProtoRequest } from '../collector/otlp/decode-proto.js';
import { Attr } from '../core/attributes.js';
import type { Span } from '../core/span.js';
import { buildPayloads } from './payload.js';
import { IdRewriter } from './unique-ids.js';

const payloads = await buildPayloads({ spansPerRequest: 20, attributesPerSpan: 8, variants: 1 });
const decoders = {
  protobuf: (body: Buffer): Span[] => decodeProtoRequest(body),
  json: (body: Buffer): Span[] => decodeJsonRequest(body.toString('utf8')),
};

describe('IdRewriter', () => {
  for (const encoding of ['protobuf', 'json'] as const) {
    it(`gives every ${encoding} request new trace, span and request ids, consistently within it`, () => {
      const body = payloads[encoding][0]!;
      const rewriter = new IdRewriter(body, payloads.ids[0]!);
      const original = decoders[encoding](body);
      const [a, b] = [rewriter.next(1), rewriter.next(0xfffffffe)].map(decoders[encoding]) as [Span[], Span[]];
      expect(a).toHaveLength(original.length);
      for (const spans of [a, b]) {
        const ids = new Set(spans.map((s) => s.spanId));
        for (const s of spans) if (s.parentSpanId !== '') expect(ids.has(s.parentSpanId)).toBe(true);
        for (const s of spans) for (const link of s.links) expect(spans.some((t) => t.spanId === link.spanId)).toBe(true);
      }
      const all = [original, a, b].flat();
      expect(new Set(all.map((s) => s.spanId)).size).toBe(all.length);
      expect(new Set(all.map((s) => s.traceId)).size).toBe(3 * new Set(original.map((s) => s.traceId)).size);
      const requestIds = (spans: Span[]): Set<unknown> => new Set(spans.map((s) => s.attributes[Attr.requestId]));
      expect([...requestIds(a)].filter((id) => requestIds(original).has(id))).toEqual([]);
      expect(requestIds(a).size).toBe(requestIds(original).size);
      expect(a.map((s) => s.name)).toEqual(original.map((s) => s.name));
    });
  }

  it('refuses ids that do not occur in the body', () => {
    expect(() => new IdRewriter(payloads.protobuf[0]!, { hexIds: ['00112233445566778899aabbccddeeff'], requestIds: [] })).toThrow(/none of the listed ids/);
  });
});
