/**
 * A write batch for the hand-off to the store's writer thread: one JSON string plus one byte
 * buffer (transferred, not copied). Posting Span objects would structured-clone them: slower, and
 * a span whose fields are prototype getters (collector/otlp/decoded-span.ts) would arrive without
 * them.
 *
 * - A lazily decoded protobuf span whose attribute map was never built travels as its fields but
 *   the map, plus its OTLP Span message copied from the request body into the buffer: no map is
 *   built on this thread. The writer thread rebuilds it as a lazily decoded span over those bytes
 *   (the values its decoder captured for `peekAttribute` included: nothing is decoded twice), and
 *   the store copies the message byte for byte (collector/otlp/raw-spans.ts): the bytes the
 *   sender sent.
 * - Any other span travels as a fixed-order tuple of its fields.
 * A span's resource is an index into the batch's resource list (one object per emitting process,
 * sent once per batch); scope name and flow key travel beside the bytes.
 */
import type { Resource, Span } from '../../../core/span.js';
import type { AttributeValue } from '../../../core/span.js';
import { buildAttributes, protoSpanMessageOf } from '../../../collector/otlp/decode-proto-span.js';
import { DecodedSpan } from '../../../collector/otlp/decoded-span.js';
import type { SpanMessage } from '../../../collector/otlp/decode-proto-span.js';
import { rememberRawSpan } from '../../../collector/otlp/raw-spans.js';
import type { WriteBatch } from '../../store/contracts.js';

type FieldsTuple = [
  traceId: string, spanId: string, parentSpanId: string, name: string, kind: Span['kind'], startUs: number, endUs: number,
  statusCode: Span['statusCode'], statusMessage: string, attributes: Span['attributes'], events: Span['events'], links: Span['links'],
  resource: number, scopeName: string, flowKey: string,
];
/** A span whose attribute map is its OTLP Span message `bytes[start, end)`, with the decoder's known values. */
type BytesTuple = [
  traceId: string, spanId: string, parentSpanId: string, name: string, kind: Span['kind'], startUs: number, endUs: number,
  statusCode: Span['statusCode'], statusMessage: string, known: Readonly<Record<string, AttributeValue>> | null, events: Span['events'], links: Span['links'],
  resource: number, scopeName: string, flowKey: string, start: number, end: number,
];

interface EncodedMeta {
  readonly merges: WriteBatch['merges'];
  readonly resources: readonly Resource[];
  readonly spans: readonly (readonly [flowId: string, spans: readonly (FieldsTuple | BytesTuple)[]])[];
  readonly flows: WriteBatch['flows'];
}

export interface EncodedBatch {
  readonly meta: string;
  /** The Span messages of the spans sent as bytes; empty when none. */
  readonly bytes: Uint8Array;
}

export function encodeBatch(batch: WriteBatch): EncodedBatch {
  const resources: Resource[] = [];
  const indexOf = new Map<Resource, number>();
  const resourceIndex = (resource: Resource): number => {
    let index = indexOf.get(resource);
    if (index === undefined) {
      index = resources.push(resource) - 1;
      indexOf.set(resource, index);
    }
    return index;
  };
  const messages: SpanMessage[] = [];
  let length = 0;
  const spans = (batch.spans ?? []).map(({ flowId, spans }) => [flowId, spans.map((s): FieldsTuple | BytesTuple => {
    const message = protoSpanMessageOf(s);
    if (message === undefined) {
      return [s.traceId, s.spanId, s.parentSpanId, s.name, s.kind, s.startUs, s.endUs, s.statusCode, s.statusMessage, s.attributes, s.events, s.links, resourceIndex(s.resource), s.scopeName, s.flowKey];
    }
    messages.push(message);
    const start = length;
    length += message.end - message.start;
    return [
      s.traceId, s.spanId, s.parentSpanId, s.name, s.kind, s.startUs, s.endUs, s.statusCode, s.statusMessage, message.known ?? null, s.events, s.links,
      resourceIndex(s.resource), s.scopeName, s.flowKey, start, length,
    ];
  })] as const);
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const { data, start, end } of messages) {
    bytes.set(data.subarray(start, end), at);
    at += end - start;
  }
  const meta: EncodedMeta = { merges: batch.merges ?? [], resources, spans, flows: batch.flows ?? [] };
  return { meta: JSON.stringify(meta), bytes };
}

/** The batch `encodeBatch` encoded; spans sent as bytes come back lazily decoded, remembering their bytes. */
export function decodeBatch({ meta, bytes }: EncodedBatch): WriteBatch {
  const encoded = JSON.parse(meta) as EncodedMeta;
  const resourceOf = (index: number): Resource => encoded.resources[index]!;
  return {
    merges: encoded.merges,
    flows: encoded.flows,
    spans: encoded.spans.map(([flowId, tuples]) => ({ flowId, spans: tuples.map((t) => (t.length === 17 ? fromBytes(t as BytesTuple, bytes, resourceOf) : fromFields(t as FieldsTuple, resourceOf))) })),
  };
}

function fromFields(t: FieldsTuple, resourceOf: (index: number) => Resource): Span {
  const [traceId, spanId, parentSpanId, name, kind, startUs, endUs, statusCode, statusMessage, attributes, events, links, resource, scopeName, flowKey] = t;
  return { traceId, spanId, parentSpanId, name, kind, startUs, endUs, statusCode, statusMessage, attributes, events, links, resource: resourceOf(resource), scopeName, flowKey };
}

function fromBytes(t: BytesTuple, bytes: Uint8Array, resourceOf: (index: number) => Resource): Span {
  const [traceId, spanId, parentSpanId, name, kind, startUs, endUs, statusCode, statusMessage, known, events, links, resource, scopeName, flowKey, start, end] = t;
  const span = new DecodedSpan(
    traceId, spanId, parentSpanId, name, kind, startUs, endUs, statusCode, statusMessage, events, links, resourceOf(resource), scopeName, flowKey,
    buildAttributes, bytes, start, end, known ?? undefined,
  );
  // Only the Span message is here: the store copies it; its scope and resource travel as fields.
  rememberRawSpan(span, { body: bytes, span: { start, end }, scope: { start: 0, end: 0 }, resource: { start: 0, end: 0 } });
  return span;
}
