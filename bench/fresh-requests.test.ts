import { describe, expect, it } from 'vitest';
import { decodeJsonRequest } from '../collector/otlp/decode-json.js';
import { decodeProtoRequest } from '../collector/otlp/decode-proto.js';
import { Attr } from '../core/attributes.js';
import type { Span } from '../core/span.js';
import { buildPayloads } from './payload.js';
import { RequestRewriter, TIME_STEP_NS } from './fresh-requests.js';

const payloads = await buildPayloads({ spansPerRequest: 20, attributesPerSpan: 8, variants: 1 });
const decoders = {
  protobuf: (body: Buffer): Span[] => decodeProtoRequest(body),
  json: (body: Buffer): Span[] => decodeJsonRequest(body.toString('utf8')),
};
const STEP_US = Number(TIME_STEP_NS / 1000n);

describe('RequestRewriter', () => {
  for (const encoding of ['protobuf', 'json'] as const) {
    const body = payloads[encoding][0]!;
    const original = decoders[encoding](body);

    it(`gives every ${encoding} request new trace, span and request ids, consistently within it`, () => {
      const rewriter = new RequestRewriter(body, payloads.fields[0]!);
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

    it(`spreads consecutive ${encoding} requests' ids over the key space, as random ids are`, () => {
      const rewriter = new RequestRewriter(body, payloads.fields[0]!);
      const leads = [1, 2, 3].map((request) => decoders[encoding](rewriter.next(request))[0]!.traceId.slice(0, 8));
      expect(new Set([original[0]!.traceId.slice(0, 8), ...leads]).size).toBe(4);
      const requestId = decoders[encoding](rewriter.next(2))[0]!.attributes[Attr.requestId];
      expect(requestId).toMatch(/^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it(`moves every span and event time of a later ${encoding} request later by its order`, () => {
      const rewriter = new RequestRewriter(body, payloads.fields[0]!);
      // The least order whose shift carries the largest low half of a time into its high half
      // (fixed64 is written as two 32-bit halves). The shift's own high half stays 0, as the
      // body's times spread over more than one step.
      const lows = payloads.fields[0]!.timesNs.map((ns) => Number(BigInt(ns) % 2n ** 32n));
      const order = Math.ceil((2 ** 32 - Math.max(...lows)) / Number(TIME_STEP_NS));
      expect(order * Number(TIME_STEP_NS)).toBeLessThan(2 ** 32);
      const moved = decoders[encoding](rewriter.next(9, order));
      expect(original.some((s) => s.events.length > 0)).toBe(true);
      moved.forEach((span, i) => {
        const was = original[i]!;
        expect(span.startUs - was.startUs).toBe(order * STEP_US);
        expect(span.endUs - span.startUs).toBe(was.endUs - was.startUs);
        expect(span.events.map((e) => e.timeUs - order * STEP_US)).toEqual(was.events.map((e) => e.timeUs));
      });
      expect(decoders[encoding](rewriter.next(9)).map((s) => s.startUs)).toEqual(original.map((s) => s.startUs));
    });
  }

  it('refuses ids that do not occur in the body', () => {
    expect(() => new RequestRewriter(payloads.protobuf[0]!, { hexIds: ['00112233445566778899aabbccddeeff'], requestIds: [], timesNs: [] })).toThrow(/none of the listed ids/);
  });
});
