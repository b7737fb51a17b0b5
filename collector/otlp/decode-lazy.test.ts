import { describe, expect, it } from 'vitest';
import { Attr, ANALYZER_KEYS } from '../../core/attributes.js';
import { attributeOf } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import { flowKeyFrom } from '../processor/normalise.js';
import { mutateBytes, prng } from '../testing/mutate.js';
import { captureSdkBody, makeSdkSpans } from '../testing/otel.js';
import { decodeJsonRequest } from './decode-json.js';
import { decodeJsonBody, readJsonBytes } from './decode-json-bytes.js';
import { decodeProtoRequest } from './decode-proto.js';
import { DecodedSpan } from './decoded-span.js';
import { WireType } from './proto-reader.js';
import { ProtoWriter } from './proto-writer.js';

const sdkSpans = makeSdkSpans({ spans: 8, extraAttributes: 6 });
const protoBody = await captureSdkBody('protobuf', sdkSpans);
const jsonText = (await captureSdkBody('json', sdkSpans)).toString('utf8');

const eager = (body: Uint8Array): Span[] => decodeProtoRequest(body, { keyOf: flowKeyFrom });
const lazy = (body: Uint8Array): Span[] => decodeProtoRequest(body, { keyOf: flowKeyFrom, lazyAttributes: true });
const eagerJson = (text: string): Span[] => decodeJsonRequest(text, flowKeyFrom);
const lazyJson = (text: string): Span[] => decodeJsonRequest(text, flowKeyFrom, { lazyAttributes: true });
const fromBytes = (text: string): Span[] => decodeJsonBody(Buffer.from(text), flowKeyFrom, { lazyAttributes: true });

/** The decode's outcome as data: the spans as plain objects, or the error message. */
function outcome(decode: () => readonly Span[]): unknown {
  try {
    return { spans: decode().map((s) => ({ ...s })) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** A Span message with the given KeyValues (key, string value or undefined for no value), in order. */
function spanWithAttributes(attributes: readonly (readonly [key: Uint8Array | string, value: string | number | undefined])[]): Buffer {
  const w = new ProtoWriter(1024);
  w.tag(1, WireType.LEN);
  w.fork(); // ResourceSpans
  w.tag(2, WireType.LEN);
  w.fork(); // ScopeSpans
  w.tag(2, WireType.LEN);
  w.fork(); // Span
  w.tag(1, WireType.LEN);
  w.hexBytes('0af7651916cd43dd8448eb211c80319c');
  w.tag(2, WireType.LEN);
  w.hexBytes('b7ad6b7169203331');
  for (const [key, value] of attributes) {
    w.tag(9, WireType.LEN);
    w.fork();
    w.tag(1, WireType.LEN);
    if (typeof key === 'string') w.string(key);
    else w.bytes(key);
    if (value !== undefined) {
      w.tag(2, WireType.LEN);
      w.fork();
      if (typeof value === 'string') {
        w.tag(1, WireType.LEN);
        w.string(value);
      } else {
        w.tag(3, WireType.VARINT);
        w.int64(value);
      }
      w.join();
    }
    w.join();
  }
  w.join();
  w.join();
  w.join();
  return Buffer.from(w.finish());
}

describe('protobuf spans with attributes built on first read', () => {
  it('decode to exactly the spans the eager decoder builds, flow keys included', () => {
    const spans = lazy(protoBody);
    expect(spans.every((s) => s instanceof DecodedSpan)).toBe(true);
    expect(spans).toEqual(eager(protoBody));
    expect(spans.map((s) => s.flowKey)).toEqual(sdkSpans.map((s) => s.attributes[Attr.requestId]));
  });

  it('behave as plain spans under spread, Object.keys, JSON and structuredClone', () => {
    const [span] = lazy(protoBody) as [Span];
    const [plain] = eager(protoBody) as [Span];
    expect(Object.keys(span)).toEqual(Object.keys(plain));
    expect({ ...span, flowKey: '' }).toEqual({ ...plain, flowKey: '' });
    expect(JSON.parse(JSON.stringify(span))).toEqual(JSON.parse(JSON.stringify(plain)));
    expect(structuredClone(span)).toEqual(plain);
  });

  it('build each map once and hand out the same object after', () => {
    const [span] = lazy(protoBody) as [Span];
    expect(span.attributes).toBe(span.attributes);
    expect(span.attributes[Attr.requestId]).toBe(span.flowKey);
  });

  it('take the last of duplicate request ids, as the map does, and only string ones', () => {
    const global = 'req-11111111-2222-4333-8444-555555555555';
    const local = 'req-66666666-7777-4888-9999-aaaaaaaaaaaa';
    const cases: [Parameters<typeof spanWithAttributes>[0], string][] = [
      [[[Attr.requestId, local], [Attr.globalRequestId, global]], global],
      [[[Attr.globalRequestId, global], [Attr.globalRequestId, 7], [Attr.requestId, local]], local],
      [[[Attr.requestId, 'x'], [Attr.requestId, local]], local],
      [[[Attr.requestId, local], [Attr.requestId, undefined]], '0af7651916cd43dd8448eb211c80319c'],
      [[[Attr.globalRequestId, ''], ['openstack.request_ie', local]], '0af7651916cd43dd8448eb211c80319c'],
      // A leading byte-order mark is dropped by the UTF-8 decoder, so the key is still the request id.
      [[[Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from(Attr.requestId)]), local]], local],
    ];
    for (const [attributes, flowKey] of cases) {
      const body = spanWithAttributes(attributes);
      const [span] = lazy(body) as [Span];
      expect(span.flowKey).toBe(flowKey);
      expect(span).toEqual(eager(body)[0]);
    }
  });

  it('answer the analyzer keys from what the decoder read, without building the map, exactly as the map would', () => {
    const uuid = 'c0ffee00-0000-4000-8000-000000000001';
    const body = spanWithAttributes([[Attr.requestId, 'req-a'], [Attr.instanceUuid, 7], ['other', 'x'], [Attr.instanceUuid, uuid], [Attr.calleeRequestId, undefined]]);
    const [span] = lazy(body) as [DecodedSpan];
    const [plain] = eager(body) as [Span];
    for (const key of [...ANALYZER_KEYS]) expect(attributeOf(span, key)).toEqual(plain.attributes[key]);
    expect(attributeOf(span, Attr.instanceUuid)).toBe(uuid);
    expect(DecodedSpan.sourceOf(span)).toBeDefined();
    expect(attributeOf(span, 'other')).toBe('x');
    expect(DecodedSpan.sourceOf(span)).toBeUndefined();
    for (const key of [...ANALYZER_KEYS, 'other']) expect(attributeOf(span, key)).toEqual(plain.attributes[key]);
  });

  it('build events on first read, once, whichever of events and attributes is read first', () => {
    const plain = eager(protoBody);
    const withEvents = plain.findIndex((s) => s.events.length > 0);
    expect(withEvents).toBeGreaterThanOrEqual(0);
    const attributesFirst = lazy(protoBody)[withEvents]!;
    expect(attributesFirst.attributes).toEqual(plain[withEvents]!.attributes);
    expect(attributesFirst.events).toEqual(plain[withEvents]!.events);
    expect(attributesFirst.events).toBe(attributesFirst.events);
    const eventsFirst = lazy(protoBody)[withEvents]! as DecodedSpan;
    expect(eventsFirst.events).toEqual(plain[withEvents]!.events);
    // Reading the events leaves the attribute map unbuilt: the span's bytes can still be copied whole.
    expect(DecodedSpan.sourceOf(eventsFirst)).toBeDefined();
    expect(eventsFirst.attributes).toEqual(plain[withEvents]!.attributes);
  });

  it('hand out the bytes their map would be built from until it is built', () => {
    const [span] = lazy(protoBody) as [DecodedSpan];
    const source = DecodedSpan.sourceOf(span)!;
    expect(source.build(source.data, source.start, source.end)).toEqual(eager(protoBody)[0]!.attributes);
    expect(DecodedSpan.sourceOf(eager(protoBody)[0]!)).toBeUndefined();
  });

  it('refuse and accept exactly the bodies the eager decoder does, with the same error, over 4000 mutations', () => {
    const rand = prng(20261126);
    let refused = 0;
    for (let i = 0; i < 4000; i++) {
      const body = mutateBytes(Buffer.from(protoBody), rand);
      const expected = outcome(() => eager(body));
      expect(outcome(() => lazy(body))).toEqual(expected);
      if ('error' in (expected as object)) refused++;
    }
    // The mutations reach both outcomes often enough for the comparison to mean something.
    expect(refused).toBeGreaterThan(400);
    expect(refused).toBeLessThan(3900);
  });
});

/** Replaces one randomly chosen node of a JSON tree with a random value of another shape. */
function mutateJson(node: unknown, rand: () => number): unknown {
  const replacements: unknown[] = ['x', 'Infinity', '12', 7, 1.5, -1, true, null, {}, [], { stringValue: 3 }, [{ key: 1 }], { intValue: 'z' }, { arrayValue: { values: [{}] } }];
  const pick = (): unknown => replacements[Math.floor(rand() * replacements.length)];
  if (rand() < 0.15 || node === null || typeof node !== 'object') return pick();
  const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
  if (entries.length === 0) return pick();
  const [key, child] = entries[Math.floor(rand() * entries.length)]!;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(node) ? [...(node as unknown[])] : { ...(node as Record<string, unknown>) };
  (copy as Record<string, unknown>)[key] = mutateJson(child, rand);
  return copy;
}

describe('JSON spans with attributes built on first read', () => {
  it('decode to exactly the spans the eager decoder builds, flow keys included', () => {
    const spans = lazyJson(jsonText);
    expect(spans.every((s) => s instanceof DecodedSpan)).toBe(true);
    expect(spans).toEqual(eagerJson(jsonText));
    expect(spans).toEqual(lazy(protoBody));
    expect(spans.map((s) => s.flowKey)).toEqual(sdkSpans.map((s) => s.attributes[Attr.requestId]));
  });

  it('refuse and accept exactly the bodies the eager decoder does, with the same error, over 3000 mutations', () => {
    const rand = prng(7);
    const tree = JSON.parse(jsonText) as unknown;
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const text = JSON.stringify(mutateJson(tree, rand));
      const expected = outcome(() => eagerJson(text));
      expect(outcome(() => lazyJson(text))).toEqual(expected);
      if ('error' in (expected as object)) refused++;
    }
    expect(refused).toBeGreaterThan(300);
    expect(refused).toBeLessThan(2900);
  });
});

describe('JSON bodies read from their bytes', () => {
  it('read the SDK body without JSON.parse into exactly the spans decodeJsonRequest builds', () => {
    const spans = readJsonBytes(Buffer.from(jsonText), flowKeyFrom);
    expect(spans).toBeDefined();
    expect(spans).toEqual(eagerJson(jsonText));
    // Pretty-printed JSON is read from the bytes too, to the same spans.
    const pretty = JSON.stringify(JSON.parse(jsonText), null, 2);
    expect(readJsonBytes(Buffer.from(pretty), flowKeyFrom)).toEqual(eagerJson(jsonText));
  });

  it('read timestamps past 2^53 microseconds exactly as decodeJsonRequest does', () => {
    for (const nanos of ['18446744073709551615', '9007199254740993123', '9007199254740991999', '999', '0', '1795667029048245781']) {
      const text = jsonText.replace(/"startTimeUnixNano":"[0-9]+"/, `"startTimeUnixNano":"${nanos}"`);
      const spans = readJsonBytes(Buffer.from(text), flowKeyFrom);
      expect(spans).toBeDefined();
      expect(spans![0]!.startUs).toBe(eagerJson(text)[0]!.startUs);
    }
  });

  it('leave to decodeJsonRequest what they do not handle, with its result', () => {
    const escaped = jsonText.replace('"traceId"', '"trace\\u0049d"');
    expect(readJsonBytes(Buffer.from(escaped), flowKeyFrom)).toBeUndefined();
    expect(fromBytes(escaped)).toEqual(eagerJson(escaped));
  });

  it('refuse and accept exactly what decodeJsonRequest does, with the same error, over 3000 byte mutations', () => {
    const rand = prng(99);
    const base = Buffer.from(jsonText);
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      let body = Buffer.from(base);
      for (let e = 0; e < 1 + Math.floor(rand() * 2); e++) {
        const at = Math.floor(rand() * body.length);
        const op = Math.floor(rand() * 3);
        const byte = '{}[]",:\\ 0123456789eE.-+tfnulx\u0001'.charCodeAt(Math.floor(rand() * 36));
        if (op === 0) body[at] = byte;
        else if (op === 1) body = Buffer.concat([body.subarray(0, at), Buffer.of(byte), body.subarray(at)]);
        else body = Buffer.concat([body.subarray(0, at), body.subarray(at + 1)]);
      }
      const text = body.toString('utf8');
      const expected = outcome(() => eagerJson(text));
      expect(outcome(() => fromBytes(text))).toEqual(expected);
      if ('error' in (expected as object)) refused++;
    }
    expect(refused).toBeGreaterThan(300);
    expect(refused).toBeLessThan(2950);
  });

  it('refuse and accept exactly what decodeJsonRequest does over 3000 mutations of the tree', () => {
    const rand = prng(5);
    const tree = JSON.parse(jsonText) as unknown;
    let read = 0;
    for (let i = 0; i < 3000; i++) {
      const text = JSON.stringify(mutateJson(tree, rand));
      expect(outcome(() => fromBytes(text))).toEqual(outcome(() => eagerJson(text)));
      if (readJsonBytes(Buffer.from(text), flowKeyFrom) !== undefined) read++;
    }
    // Most mutated trees are still read from the bytes, so the comparison covers that reader.
    expect(read).toBeGreaterThan(1000);
  });
});
