import type { Attributes, Resource, Span, SpanEvent, SpanKind, SpanLink, StatusCode } from '../../core/span.js';
import { slicesOf } from './buffer-slices.js';
import type { JsonDecodeOptions } from './decode-json.js';
import { decodeJsonRequest, readLink, readResource } from './decode-json.js';
import { parsePart, readEvents, readId, readInteger, readList, readNanosAsMicros, readString } from './decode-json-parts.js';
import { DecodedSpan } from './decoded-span.js';
import type { FlowKeyOf } from './flow-key.js';
import { NO_FLOW_KEY } from './flow-key.js';
import { checkKeyValues, readCompactAttributes, transcodeKeyValues } from './json-scan-attributes.js';
import { JsonScanner, literal, NotHandled, spells } from './json-scanner.js';
import { ProtoWriter } from './proto-writer.js';
import { buildAttributes as protobufAttributesOf } from './decode-proto-span.js';
import { attributesOf, isObject, stringField } from './json-values.js';
import { clearRequestIds, newRequestIds } from './request-ids.js';

/**
 * Decodes an OTLP/JSON body from its bytes. With `lazyAttributes`, the usual OTLP JSON (as the
 * OpenTelemetry SDKs write it) is read straight from the bytes — no `JSON.parse` of the whole
 * body, no string copy of it — into DecodedSpans whose attribute maps are parsed on first read;
 * the small parts (resource, scope, events, links) are parsed on their own. Any body the byte
 * reader does not handle — malformed, unusual in shape, or merely written differently (escaped
 * member names, null fields, resource after spans) — goes to decodeJsonRequest, so the spans,
 * the accepted bodies and every error message are exactly decodeJsonRequest's.
 */
export function decodeJsonBody(body: Buffer, keyOf: FlowKeyOf = NO_FLOW_KEY, options: JsonBodyOptions = {}): Span[] {
  if (options.lazyAttributes === true) {
    const spans = readJsonBytes(body, keyOf, options.protobufAttributes === true);
    if (spans !== undefined) return spans;
  }
  return decodeJsonRequest(body.toString('utf8'), keyOf, options);
}

export interface JsonBodyOptions extends JsonDecodeOptions {
  /**
   * With `lazyAttributes`: write each span's attributes as protobuf KeyValues while checking
   * them (transcodeKeyValues), for pipelines that only write protobuf. Such a span's map is built
   * from those bytes on first read, and writeUnbuiltAttributes copies them.
   */
  readonly protobufAttributes?: boolean;
}

/** One request's attributes as protobuf, shared by its spans (filled once the request is read). */
interface ProtobufAttributes {
  bytes: Buffer;
}

/** Span.attributes, the KeyValue field of an OTLP Span message. */
const SPAN_ATTRIBUTES = 9;
const NO_BYTES = Buffer.alloc(0);

/** Where the request being read writes its spans' attributes as protobuf, if it does (decoding is synchronous). */
let attributeWriter: ProtoWriter | undefined;
let attributeBytes: ProtobufAttributes | undefined;
const sharedAttributeWriter = new ProtoWriter();

const name = literal;
const RESOURCE_SPANS = name('resourceSpans');
const RESOURCE = name('resource');
const SCOPE_SPANS = name('scopeSpans');
const SCOPE = name('scope');
const SPANS = name('spans');
const TRACE_ID = name('traceId');
const SPAN_ID = name('spanId');
const PARENT_SPAN_ID = name('parentSpanId');
const NAME = name('name');
const KIND = name('kind');
const START = name('startTimeUnixNano');
const END = name('endTimeUnixNano');
const ATTRIBUTES = name('attributes');
const EVENTS = name('events');
const LINKS = name('links');
const STATUS = name('status');
const CODE = name('code');
const MESSAGE = name('message');

const NOT_HANDLED = NotHandled.instance;
const NONE: readonly never[] = Object.freeze([]);

/** The spans of the body read from its bytes, or undefined when the byte reader does not handle it. */
export function readJsonBytes(body: Buffer, keyOf: FlowKeyOf, protobufAttributes = false): Span[] | undefined {
  const s = new JsonScanner(body);
  const out: Span[] = [];
  attributeBytes = protobufAttributes ? { bytes: NO_BYTES } : undefined;
  attributeWriter = protobufAttributes ? sharedAttributeWriter : undefined;
  attributeWriter?.reset();
  try {
    let seen = false;
    if (s.openObject()) {
      do {
        const key = s.key();
        if (!spells(s.buf, key, s.keyEnd, RESOURCE_SPANS)) s.skipValue();
        else {
          if (seen || !s.openArray()) throw NOT_HANDLED;
          seen = true;
          do readResourceSpans(s, out, keyOf);
          while (s.next(0x5d));
        }
      } while (s.next(0x7d));
    }
    s.ws();
    if (s.pos !== body.length) throw NOT_HANDLED;
    if (attributeBytes !== undefined) attributeBytes.bytes = sharedAttributeWriter.finish();
    return out;
  } catch {
    // NotHandled, or an OtlpDecodeError from a part parsed on its own: decodeJsonRequest decides.
    return undefined;
  } finally {
    attributeWriter = undefined;
    attributeBytes = undefined;
  }
}

function readResourceSpans(s: JsonScanner, out: Span[], keyOf: FlowKeyOf): void {
  let resource: Resource | undefined;
  let scopes = false;
  if (!s.openObject()) return;
  do {
    const key = s.key();
    if (spells(s.buf, key, s.keyEnd, RESOURCE)) {
      if (resource !== undefined) throw NOT_HANDLED;
      resource = readResource(parsePart(s, 0x7b));
    } else if (spells(s.buf, key, s.keyEnd, SCOPE_SPANS)) {
      if (scopes || !s.openArray()) throw NOT_HANDLED;
      scopes = true;
      resource ??= readResource(undefined);
      do readScopeSpans(s, resource, out, keyOf);
      while (s.next(0x5d));
    } else s.skipValue();
  } while (s.next(0x7d));
}

function readScopeSpans(s: JsonScanner, resource: Resource, out: Span[], keyOf: FlowKeyOf): void {
  let scopeName: string | undefined;
  let spans = false;
  if (!s.openObject()) throw NOT_HANDLED;
  do {
    const key = s.key();
    if (spells(s.buf, key, s.keyEnd, SCOPE)) {
      if (scopeName !== undefined) throw NOT_HANDLED;
      const scope = parsePart(s, 0x7b);
      scopeName = isObject(scope) ? stringField(scope, 'name') : '';
    } else if (spells(s.buf, key, s.keyEnd, SPANS)) {
      if (spans || !s.openArray()) throw NOT_HANDLED;
      spans = true;
      scopeName ??= '';
      do out.push(readSpan(s, resource, scopeName, keyOf));
      while (s.next(0x5d));
    } else s.skipValue();
  } while (s.next(0x7d));
}

/** The request ids of the span being read (decoding is synchronous, so one object serves all). */
const requestIds = newRequestIds();

function readSpan(s: JsonScanner, resource: Resource, scopeName: string, keyOf: FlowKeyOf): Span {
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let spanName = '';
  let kind = 0;
  let startUs = 0;
  let endUs = 0;
  let statusCode = 0;
  let statusMessage = '';
  let events: readonly SpanEvent[] = NONE;
  let links: readonly SpanLink[] = NONE;
  let attributesStart = -1;
  let attributesEnd = -1;
  let protobufStart = -1;
  let protobufEnd = -1;
  let seen = 0;
  clearRequestIds(requestIds);
  if (!s.openObject()) throw NOT_HANDLED;
  do {
    const key = s.key();
    const end = s.keyEnd;
    const field = spanField(s, key, end);
    if ((seen & field) !== 0) throw NOT_HANDLED;
    seen |= field;
    switch (field) {
      case 1:
        if (s.peek() !== 0x5b) throw NOT_HANDLED;
        attributesStart = s.pos;
        protobufStart = attributeWriter?.length ?? -1;
        if (attributeWriter !== undefined && transcodeKeyValues(s, attributeWriter, SPAN_ATTRIBUTES, requestIds)) protobufEnd = attributeWriter.length;
        else {
          s.pos = attributesStart;
          checkKeyValues(s, 0, requestIds);
        }
        attributesEnd = s.pos;
        break;
      case 2:
        traceId = readId(s);
        break;
      case 4:
        spanId = readId(s);
        break;
      case 8:
        parentSpanId = readId(s);
        break;
      case 16:
        spanName = readString(s);
        break;
      case 32:
        kind = readInteger(s);
        break;
      case 64:
        startUs = readNanosAsMicros(s);
        break;
      case 128:
        endUs = readNanosAsMicros(s);
        break;
      case 256:
        events = readEvents(s);
        break;
      case 512:
        links = readList(s, readLink);
        break;
      case 1024:
        if (s.openObject()) {
          do {
            const k = s.key();
            if (spells(s.buf, k, s.keyEnd, CODE)) statusCode = readInteger(s);
            else if (spells(s.buf, k, s.keyEnd, MESSAGE)) statusMessage = readString(s);
            else s.skipValue();
          } while (s.next(0x7d));
        }
        break;
      default:
        s.skipValue();
    }
  } while (s.next(0x7d));
  const protobuf = protobufEnd >= 0;
  return new DecodedSpan(
    traceId, spanId, parentSpanId, spanName, (kind >= 0 && kind <= 5 ? kind : 0) as SpanKind, startUs, endUs,
    (statusCode >= 0 && statusCode <= 2 ? statusCode : 0) as StatusCode, statusMessage, events, links, resource, scopeName,
    keyOf(requestIds, traceId), protobuf ? buildProtobufAttributes : buildAttributes, protobuf ? attributeBytes : s.buf,
    protobuf ? protobufStart : attributesStart, protobuf ? protobufEnd : attributesEnd,
  );
}

/** The Span member named by `[key, end)` as a bit (0: a member this reader skips), told apart by length first. */
function spanField(s: JsonScanner, key: number, end: number): number {
  switch (end - key) {
    case 10:
      return spells(s.buf, key, end, ATTRIBUTES) ? 1 : 0;
    case 7:
      return spells(s.buf, key, end, TRACE_ID) ? 2 : 0;
    case 6:
      return spells(s.buf, key, end, SPAN_ID) ? 4 : spells(s.buf, key, end, EVENTS) ? 256 : spells(s.buf, key, end, STATUS) ? 1024 : 0;
    case 12:
      return spells(s.buf, key, end, PARENT_SPAN_ID) ? 8 : 0;
    case 4:
      return spells(s.buf, key, end, NAME) ? 16 : spells(s.buf, key, end, KIND) ? 32 : 0;
    case 17:
      return spells(s.buf, key, end, START) ? 64 : 0;
    case 15:
      return spells(s.buf, key, end, END) ? 128 : 0;
    case 5:
      return spells(s.buf, key, end, LINKS) ? 512 : 0;
    default:
      return 0;
  }
}

/**
 * Writes the attributes of a span this reader decoded, its map still unbuilt, as the KeyValue
 * fields of a Span message (field 9) to `w`, and returns true: the protobuf bytes written while
 * reading it, or none when it has no attributes. False, with nothing written, for any other span
 * (the caller then writes `span.attributes`).
 */
export function writeUnbuiltAttributes(w: ProtoWriter, span: Span): boolean {
  const source = DecodedSpan.sourceOf(span);
  if (source === undefined) return false;
  if (source.build === buildProtobufAttributes) {
    w.raw((source.data as ProtobufAttributes).bytes, source.start, source.end);
    return true;
  }
  return source.build === buildAttributes && source.start < 0;
}

/** A DecodedSpan's attribute map from the protobuf KeyValues readSpan wrote for it. */
function buildProtobufAttributes(data: unknown, start: number, end: number): Attributes {
  return protobufAttributesOf((data as ProtobufAttributes).bytes, start, end);
}

/** A DecodedSpan's attribute map: its KeyValue array's bytes, already checked by readSpan. */
function buildAttributes(body: unknown, start: number, end: number): Attributes {
  if (start < 0) return attributesOf(NONE);
  const s = new JsonScanner(body as Buffer);
  s.pos = start;
  try {
    const compact = readCompactAttributes(s);
    if (compact !== undefined) return compact;
  } catch {
    // Not compact: parsed below.
  }
  return attributesOf(JSON.parse(slicesOf(body as Buffer).utf8Slice(start, end)) as unknown[]);
}
