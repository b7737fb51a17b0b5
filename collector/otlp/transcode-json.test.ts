import { describe, expect, it } from 'vitest';
import { Attr } from '../../core/attributes.js';
import type { Span } from '../../core/span.js';
import { flowKeyFrom, normalise } from '../processor/normalise.js';
import type { Normalised } from '../processor/normalise.js';
import { captureSdkBody, makeSdkSpans } from '../testing/otel.js';
import { OtlpDecodeError } from './decode-error.js';
import { decodeJsonRequest } from './decode-json.js';
import { decodeProtoRequest } from './decode-proto.js';
import { encodeProtoRequest } from './encode-proto.js';
import { rawSpanOf } from './raw-spans.js';
import { transcodeJsonRequest } from './transcode-json.js';

const sdkBody = (await captureSdkBody('json', [
  ...makeSdkSpans({ spans: 10, extraAttributes: 14 }),
  ...makeSdkSpans({ spans: 4, serviceName: 'nova-compute' }),
  ...makeSdkSpans({ spans: 3, requestId: 'req-00000000-0000-4000-8000-000000000001' }),
])).toString('utf8');
const smallBody = (await captureSdkBody('json', makeSdkSpans({ spans: 4, extraAttributes: 2 }))).toString('utf8');

type Outcome = { error: OtlpDecodeError } | { result: Normalised; proto: Buffer };

/** What the collector does today: decode to Spans, validate, encode the valid ones. */
function viaSpans(text: string): Outcome {
  try {
    const result = normalise(decodeJsonRequest(text, flowKeyFrom));
    return { result, proto: encodeProtoRequest(result.spans) };
  } catch (error) {
    if (error instanceof OtlpDecodeError) return { error };
    throw error;
  }
}

function viaTranscoder(text: string): Outcome {
  try {
    const result = normalise(transcodeJsonRequest(text, flowKeyFrom));
    return { result, proto: encodeProtoRequest(result.spans) };
  } catch (error) {
    if (error instanceof OtlpDecodeError) return { error };
    throw error;
  }
}

const summary = (spans: readonly Span[]): string[] => spans.map((s) => `${s.traceId}/${s.spanId}/${s.parentSpanId} ${s.kind} ${s.startUs}-${s.endUs} ${s.flowKey}`);

/** Same error, or same rejections, same accepted spans and protobuf that decodes to the same spans. */
function expectSameOutcome(text: string, expected = viaSpans(text)): void {
  const actual = viaTranscoder(text);
  if ('error' in expected) {
    expect(actual).toEqual(expected);
    expect('error' in actual && actual.error.message).toBe(expected.error.message);
    return;
  }
  if ('error' in actual) throw new Error(`transcoder refused what the decoder accepts: ${actual.error.message}\n${text}`);
  expect(actual.result.rejected).toBe(expected.result.rejected);
  expect(actual.result.reasons).toEqual(expected.result.reasons);
  expect(summary(actual.result.spans)).toEqual(summary(expected.result.spans));
  expect(decodeProtoRequest(actual.proto, { keyOf: flowKeyFrom })).toEqual(decodeProtoRequest(expected.proto, { keyOf: flowKeyFrom }));
}

describe('transcodeJsonRequest', () => {
  it('writes the bytes encodeProtoRequest writes for the spans decodeJsonRequest builds (OTel SDK body)', () => {
    const expected = viaSpans(sdkBody);
    const actual = viaTranscoder(sdkBody);
    if ('error' in expected || 'error' in actual) throw new Error('the SDK body must decode');
    expect(actual.result.spans).toHaveLength(17);
    expect(summary(actual.result.spans)).toEqual(summary(expected.result.spans));
    expect(actual.proto.equals(expected.proto)).toBe(true);
    expect(actual.result.spans.every((s) => rawSpanOf(s) !== undefined)).toBe(true);
  });

  it('keeps only what the pipeline reads: ids, kind, times, request ids and the flow key', () => {
    const [span] = transcodeJsonRequest(sdkBody, flowKeyFrom);
    expect(span!.name).toBe('');
    expect(Object.keys(span!.attributes)).toEqual([Attr.requestId]);
    expect(span!.flowKey).toBe(span!.attributes[Attr.requestId]);
    expect(span!.resource.serviceName).toBe('nova-api');
    expect(span!.scopeName).toBe('hoptrace.test');
  });

  it('rejects and counts the same invalid spans, and writes no bytes for them', () => {
    const spans = [
      { traceId: '0'.repeat(32), spanId: '1'.repeat(16), startTimeUnixNano: '1000000' },
      { traceId: '1'.repeat(32), spanId: '12', startTimeUnixNano: '1000000' },
      { traceId: '1'.repeat(32), spanId: '2'.repeat(16), parentSpanId: 'xyz', startTimeUnixNano: '1000000' },
      { traceId: '1'.repeat(32), spanId: '3'.repeat(16), startTimeUnixNano: '0' },
      { traceId: '1'.repeat(32), spanId: '4'.repeat(16), startTimeUnixNano: '5000000', endTimeUnixNano: '4000000' },
      { traceId: '0'.repeat(32), spanId: '5'.repeat(16), startTimeUnixNano: '1000000', links: [{ traceId: 'zz', spanId: '' }] },
      { traceId: 'AB'.repeat(16), spanId: 'CD'.repeat(8), startTimeUnixNano: '5000000', endTimeUnixNano: '6000000', links: [{ traceId: '', spanId: 'EF'.repeat(8) }] },
    ];
    const text = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
    expectSameOutcome(text);
    const transcoded = transcodeJsonRequest(text, flowKeyFrom);
    expect(transcoded.map((s) => rawSpanOf(s) !== undefined)).toEqual([false, false, false, true, true, false, true]);
    expect(normalise(transcoded).rejected).toBe(6);
  });

  it('throws the OtlpDecodeError decodeJsonRequest throws, naming the same field', () => {
    const span = { traceId: '1'.repeat(32), spanId: '2'.repeat(16), startTimeUnixNano: '1000' };
    const bodies = [
      'not json',
      '[]',
      JSON.stringify({ resourceSpans: {} }),
      JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 1 }] } }] }),
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ scope: { name: 7 } }] }] }),
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...span, kind: 'SPAN_KIND_SERVER' }] }] }] }),
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...span, endTimeUnixNano: '-5' }] }] }] }),
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...span, events: [{ attributes: [{ key: 'k', value: { intValue: 'x' } }] }] }] }] }] }),
      // Two faults in one span: the full decoder reads attributes before the span id.
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...span, spanId: 5, attributes: [{ key: 'k', value: { boolValue: 'yes' } }] }] }] }] }),
    ];
    for (const text of bodies) {
      const outcome = viaTranscoder(text);
      expect('error' in outcome, text).toBe(true);
      expectSameOutcome(text);
    }
  });

  it('refuses a non-hex link id on a span it exports, naming the field (protobuf ids are bytes)', () => {
    const span = { traceId: '1'.repeat(32), spanId: '2'.repeat(16), startTimeUnixNano: '1000', endTimeUnixNano: '2000', links: [{ traceId: 'not-hex', spanId: '3'.repeat(16) }] };
    const text = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
    expect(() => transcodeJsonRequest(text)).toThrow(new OtlpDecodeError('resourceSpans[0].scopeSpans[0].spans[0].links[0].traceId', 'must be a hex id'));
  });

  it('agrees with decodeJsonRequest + encodeProtoRequest on 3000 mutated SDK bodies', () => {
    const random = mulberry32(7);
    const base = JSON.parse(smallBody) as unknown;
    let refused = 0;
    for (let n = 0; n < 3000; n++) {
      const tree = structuredClone(base);
      for (let m = 1 + Math.floor(random() * 3); m > 0; m--) mutate(tree, random);
      const text = JSON.stringify(tree);
      const expected = viaSpansOrLinkIdFault(text);
      if (expected === undefined) continue;
      expectSameOutcome(text, expected);
      if ('error' in expected) refused++;
    }
    // The mutations reach both outcomes often: neither side is vacuous.
    expect(refused).toBeGreaterThan(300);
    expect(refused).toBeLessThan(2700);
  });
});

/**
 * viaSpans, or undefined when today's path fails at encoding (a non-hex link id): the one
 * documented difference, where the transcoder must refuse the body naming the link id.
 */
function viaSpansOrLinkIdFault(text: string): Outcome | undefined {
  try {
    return viaSpans(text);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    expect(() => transcodeJsonRequest(text, flowKeyFrom)).toThrow(/links\[\d+\]\.(traceId|spanId): must be a hex id/);
    return undefined;
  }
}

const REPLACEMENTS: readonly unknown[] = [
  null, 0, -1, 1.5, 1e30, '', 'abc', '0000', 'NaN', '-12', '123456789012345678901234', true, {}, [],
  'ABCDEF0123456789ABCDEF0123456789', 'abcdef0123456789', '1700000000123456789',
  { stringValue: 5 }, { intValue: '9007199254740993' }, { intValue: -7 }, { doubleValue: 'Infinity' },
  { arrayValue: { values: [{ intValue: '1' }, null] } }, { kvlistValue: { values: [{ key: 'a', value: { boolValue: true } }] } },
  { bytesValue: 'AAEC' }, [{ key: Attr.requestId, value: { stringValue: 'req-x' } }], [{ key: '__proto__', value: { stringValue: 'p' } }],
];

/** Replaces, deletes or duplicates one node of the tree. */
function mutate(tree: unknown, random: () => number): void {
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    for (const [k, v] of Object.entries(value)) {
      nodes.push(Array.isArray(value) ? { parent: value, key: Number(k) } : { parent: value as Record<string, unknown>, key: k });
      walk(v);
    }
  };
  walk(tree);
  if (nodes.length === 0) return;
  const { parent, key } = nodes[Math.floor(random() * nodes.length)]!;
  const choice = random();
  if (choice < 0.1 && !Array.isArray(parent)) delete parent[key as string];
  else if (choice < 0.2 && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
  else (parent as Record<string | number, unknown>)[key] = structuredClone(REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)]);
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
