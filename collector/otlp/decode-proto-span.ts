import type { AttributeValue, Attributes, Resource, Span, SpanEvent, SpanKind, SpanLink, StatusCode } from '../../core/span.js';
import { attributesFrom, newAttributeList, readKeyValue } from './decode-proto-attributes.js';
import type { AttributeList } from './decode-proto-attributes.js';
import { checkEvent, scanKeyValue } from './decode-proto-check.js';
import { readEvent, readId, readLink } from './decode-proto-parts.js';
import type { SpanReader } from './decode-proto-forward.js';
import { DecodedSpan } from './decoded-span.js';
import { decodeProtoName } from './key-cache.js';
import type { AttributeSource } from './decoded-span.js';
import type { FlowKeyOf } from './flow-key.js';
import { ProtoReader, WireType } from './proto-reader.js';

/** Reads one Span message `[r.pos, end)` into a plain Span, attribute map included. */
export const readSpan: SpanReader = (r, end, resource, scopeName, keyOf) => readSpanMessage(r, end, resource, scopeName, keyOf, false);

/**
 * Reads one Span message into a DecodedSpan: every field but the attribute map and the events
 * now, those on first read. The attributes and events are checked now (a malformed one fails the
 * request as readSpan would) and only the known keys are decoded (known-attributes.ts: the request ids and the other
 * keys the analyzer reads), for the flow key and DecodedSpan.peekAttribute: `keyOf` sees a map holding just
 * those keys.
 */
export const readLazySpan: SpanReader = (r, end, resource, scopeName, keyOf) => readSpanMessage(r, end, resource, scopeName, keyOf, true);

function readSpanMessage(r: ProtoReader, end: number, resource: Resource, scopeName: string, keyOf: FlowKeyOf, lazy: boolean): Span {
  const start = r.pos;
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let name = '';
  let kind = 0;
  let startUs = 0;
  let endUs = 0;
  let statusCode = 0;
  let statusMessage = '';
  let list: AttributeList | undefined;
  let events: SpanEvent[] | undefined;
  let hasEvents = false;
  let links: SpanLink[] | undefined;
  let known: Record<string, AttributeValue> | undefined;
  if (lazy) known = {};
  else list = newAttributeList();
  while (r.pos < end) {
    const tag = r.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(WireType.LEN, wire, 'span.trace_id');
        traceId = readId(r);
        break;
      case 2:
        r.expect(WireType.LEN, wire, 'span.span_id');
        spanId = readId(r);
        break;
      case 4:
        r.expect(WireType.LEN, wire, 'span.parent_span_id');
        parentSpanId = readId(r);
        break;
      case 5: {
        r.expect(WireType.LEN, wire, 'span.name');
        const nameEnd = r.lengthEnd();
        name = decodeProtoName(r.buf, r.pos, nameEnd);
        r.pos = nameEnd;
        break;
      }
      case 6:
        r.expect(WireType.VARINT, wire, 'span.kind');
        kind = r.uint32();
        break;
      case 7:
        r.expect(WireType.I64, wire, 'span.start_time_unix_nano');
        startUs = r.fixed64NanosToMicros();
        break;
      case 8:
        r.expect(WireType.I64, wire, 'span.end_time_unix_nano');
        endUs = r.fixed64NanosToMicros();
        break;
      case 9:
        r.expect(WireType.LEN, wire, 'span.attributes');
        if (list === undefined) scanKeyValue(r, r.lengthEnd(), known!);
        else readKeyValue(r, r.lengthEnd(), list, 0);
        break;
      case 11:
        r.expect(WireType.LEN, wire, 'span.events');
        if (list === undefined) {
          checkEvent(r, r.lengthEnd());
          hasEvents = true;
        } else (events ??= []).push(readEvent(r, r.lengthEnd()));
        break;
      case 13:
        r.expect(WireType.LEN, wire, 'span.links');
        (links ??= []).push(readLink(r, r.lengthEnd()));
        break;
      case 15: {
        r.expect(WireType.LEN, wire, 'span.status');
        const statusEnd = r.lengthEnd();
        while (r.pos < statusEnd) {
          const t = r.uint32();
          if (t >>> 3 === 2 && (t & 7) === WireType.LEN) statusMessage = r.string();
          else if (t >>> 3 === 3 && (t & 7) === WireType.VARINT) statusCode = r.uint32();
          else r.skip(t & 7);
        }
        r.checkEnd(statusEnd);
        break;
      }
      default:
        r.skip(wire);
    }
  }
  r.checkEnd(end);
  const spanKind = (kind <= 5 ? kind : 0) as SpanKind;
  const status = (statusCode <= 2 ? statusCode : 0) as StatusCode;
  if (list === undefined) {
    const flowKey = keyOf(known!, traceId);
    return new DecodedSpan(traceId, spanId, parentSpanId, name, spanKind, startUs, endUs, status, statusMessage, hasEvents ? buildEvents : NONE, links ?? NONE, resource, scopeName, flowKey, buildAttributes, r.buf, start, end, known);
  }
  const attributes = attributesFrom(list);
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind: spanKind,
    startUs,
    endUs,
    statusCode: status,
    statusMessage,
    attributes,
    events: events ?? NONE,
    links: links ?? NONE,
    resource,
    scopeName,
    flowKey: keyOf(attributes, traceId),
  };
}

/** A DecodedSpan's attribute map: the Span message `[start, end)` of `body`, its KeyValues already checked by readLazySpan. */
export function buildAttributes(body: unknown, start: number, end: number): Attributes {
  const r = new ProtoReader(body as Uint8Array, start);
  const list = newAttributeList();
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 9 && (tag & 7) === WireType.LEN) readKeyValue(r, r.lengthEnd(), list, 0);
    else r.skip(tag & 7);
  }
  return attributesFrom(list);
}

/** A DecodedSpan's events: the Span message `[start, end)` of `body`, its events already checked by readLazySpan. */
export function buildEvents(body: unknown, start: number, end: number): readonly SpanEvent[] {
  const r = new ProtoReader(body as Uint8Array, start);
  const events: SpanEvent[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 11 && (tag & 7) === WireType.LEN) events.push(readEvent(r, r.lengthEnd()));
    else r.skip(tag & 7);
  }
  return events;
}

/** The OTLP Span message `data[start, end)` a lazily decoded protobuf span came from, with the known values its decoder read. */
export interface SpanMessage extends AttributeSource {
  readonly data: Uint8Array;
}

/**
 * The Span message `span` was lazily decoded from, while its attribute map is unbuilt (so nothing
 * can have been read from a copy that differs): copying it is the span, losslessly. Undefined for
 * any other span (eagerly decoded, from JSON, built, or a changed copy).
 */
export function protoSpanMessageOf(span: Span): SpanMessage | undefined {
  const source = DecodedSpan.sourceOf(span);
  return source !== undefined && source.build === buildAttributes && source.data instanceof Uint8Array ? (source as SpanMessage) : undefined;
}

const NONE: readonly never[] = Object.freeze([]);
