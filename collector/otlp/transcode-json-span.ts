import { Attr } from '../../core/attributes.js';
import type { AttributeValue, Resource, Span, SpanKind } from '../../core/span.js';
import { isValidSpanId, isValidTraceId } from '../../core/span.js';
import { OtlpDecodeError } from './decode-error.js';
import { writeAnyValue } from './encode-proto-values.js';
import type { FlowKeyOf } from './flow-key.js';
import type { JsonObject } from './json-values.js';
import { anyValue, arrayField, enumField, idField, isObject, nanosToMicrosField, prefixed, stringField } from './json-values.js';
import { WireType } from './proto-reader.js';
import type { ProtoWriter } from './proto-writer.js';

const NONE: readonly never[] = Object.freeze([]);

/** A span read from OTLP/JSON, and whether its protobuf bytes were written (its ids are valid). */
export interface TranscodedSpan {
  readonly span: Span;
  readonly written: boolean;
}

/**
 * Writes one OTLP/JSON span as the body of a protobuf `Span` message — the very bytes
 * encodeProtoRequest writes for the span decodeJsonRequest builds from it — and returns the
 * forward-only Span (ids, kind, times, the request-id attributes, flow key; as readForwardSpan).
 *
 * Validates exactly what decodeJsonRequest validates (a wrong type throws OtlpDecodeError naming
 * the field), plus one rule the protobuf bytes need: a link id of a span with valid ids must be
 * hex. A span whose ids the normaliser will reject is read and checked but its bytes are not
 * usable (`written: false`).
 */
export function transcodeSpan(w: ProtoWriter, json: unknown, resource: Resource, scopeName: string, keyOf: FlowKeyOf): TranscodedSpan {
  if (!isObject(json)) throw new OtlpDecodeError('', 'must be an object');
  const rawKind = enumField(json, 'kind');
  const kind = (rawKind >= 0 && rawKind <= 5 ? rawKind : 0) as SpanKind;
  let statusCode = 0;
  let statusMessage = '';
  const status = json.status;
  if (status !== undefined && status !== null) {
    if (!isObject(status)) throw new OtlpDecodeError('status', 'must be an object');
    try {
      statusCode = enumField(status, 'code');
      statusMessage = stringField(status, 'message');
    } catch (error) {
      throw prefixed(error, 'status');
    }
    if (statusCode < 0 || statusCode > 2) statusCode = 0;
  }
  const traceId = idField(json, 'traceId');
  const spanId = idField(json, 'spanId');
  const parentSpanId = idField(json, 'parentSpanId');
  const name = stringField(json, 'name');
  const startUs = nanosToMicrosField(json, 'startTimeUnixNano');
  const endUs = nanosToMicrosField(json, 'endTimeUnixNano');
  const written = isValidTraceId(traceId) && isValidSpanId(spanId) && (parentSpanId === '' || isValidSpanId(parentSpanId));
  if (written) {
    w.tag(1, WireType.LEN);
    w.hexBytes(traceId);
    w.tag(2, WireType.LEN);
    w.hexBytes(spanId);
    if (parentSpanId !== '') {
      w.tag(4, WireType.LEN);
      w.hexBytes(parentSpanId);
    }
  }
  w.tag(5, WireType.LEN);
  w.string(name);
  if (kind !== 0) {
    w.tag(6, WireType.VARINT);
    w.uint32(kind);
  }
  w.tag(7, WireType.I64);
  w.fixed64MicrosAsNanos(startUs);
  w.tag(8, WireType.I64);
  w.fixed64MicrosAsNanos(endUs);
  const attributes: Record<string, AttributeValue> = {};
  listOf(json, 'attributes', (list) => writeKeyValues(w, 9, list, attributes));
  listOf(json, 'events', (list) => list.forEach((event, i) => writeEvent(w, event, i)));
  listOf(json, 'links', (list) => list.forEach((link, i) => writeLink(w, link, i, written)));
  if (statusCode !== 0 || statusMessage !== '') {
    w.tag(15, WireType.LEN);
    w.fork();
    if (statusMessage !== '') {
      w.tag(2, WireType.LEN);
      w.string(statusMessage);
    }
    if (statusCode !== 0) {
      w.tag(3, WireType.VARINT);
      w.uint32(statusCode);
    }
    w.join();
  }
  const span: Span = {
    traceId,
    spanId,
    parentSpanId,
    name: '',
    kind,
    startUs,
    endUs,
    statusCode: 0,
    statusMessage: '',
    attributes,
    events: NONE,
    links: NONE,
    resource,
    scopeName,
    flowKey: keyOf(attributes, traceId),
  };
  return { span, written };
}

function listOf(obj: JsonObject, key: string, write: (list: readonly unknown[]) => void): void {
  const list = arrayField(obj, key);
  try {
    write(list);
  } catch (error) {
    throw prefixed(error, key);
  }
}

/**
 * A KeyValue list as repeated `field` entries, in list order (a later duplicate key is written
 * too; decoders keep the last one, as decodeJsonRequest does). The request-id attributes are
 * also kept in `flowKeys`, with the value decodeJsonRequest would give them.
 */
function writeKeyValues(w: ProtoWriter, field: number, list: readonly unknown[], flowKeys?: Record<string, AttributeValue>): void {
  for (let i = 0; i < list.length; i++) {
    const kv = list[i];
    if (!isObject(kv)) throw new OtlpDecodeError(`[${i}]`, 'KeyValue must be an object');
    const key = kv.key;
    if (typeof key !== 'string') throw new OtlpDecodeError(`[${i}].key`, 'must be a string');
    w.tag(field, WireType.LEN);
    w.fork();
    w.tag(1, WireType.LEN);
    w.string(key);
    w.tag(2, WireType.LEN);
    let value: AttributeValue;
    try {
      value = anyValue(kv.value);
    } catch (error) {
      throw prefixed(error, `[${i}].value`);
    }
    writeAnyValue(w, value);
    w.join();
    if (flowKeys !== undefined && (key === Attr.requestId || key === Attr.globalRequestId)) flowKeys[key] = value;
  }
}

function writeEvent(w: ProtoWriter, event: unknown, i: number): void {
  try {
    if (!isObject(event)) throw new OtlpDecodeError('', 'must be an object');
    const timeUs = nanosToMicrosField(event, 'timeUnixNano');
    const name = stringField(event, 'name');
    w.tag(11, WireType.LEN);
    w.fork();
    w.tag(1, WireType.I64);
    w.fixed64MicrosAsNanos(timeUs);
    w.tag(2, WireType.LEN);
    w.string(name);
    listOf(event, 'attributes', (list) => writeKeyValues(w, 3, list));
    w.join();
  } catch (error) {
    throw prefixed(error, `[${i}]`);
  }
}

function writeLink(w: ProtoWriter, link: unknown, i: number, idsChecked: boolean): void {
  try {
    if (!isObject(link)) throw new OtlpDecodeError('', 'must be an object');
    const traceId = idField(link, 'traceId');
    const spanId = idField(link, 'spanId');
    w.tag(13, WireType.LEN);
    w.fork();
    w.tag(1, WireType.LEN);
    writeLinkId(w, traceId, 'traceId', idsChecked);
    w.tag(2, WireType.LEN);
    writeLinkId(w, spanId, 'spanId', idsChecked);
    listOf(link, 'attributes', (list) => writeKeyValues(w, 4, list));
    w.join();
  } catch (error) {
    throw prefixed(error, `[${i}]`);
  }
}

/** Lower-case hex of whole bytes ('' included): what a link id must be to be written as bytes. */
const HEX = /^(?:[0-9a-f]{2})*$/;

/** A link id as bytes; not hex is refused (protobuf ids are bytes) when the span will be exported. */
function writeLinkId(w: ProtoWriter, hex: string, field: string, check: boolean): void {
  if (HEX.test(hex)) w.hexBytes(hex);
  else if (check) throw new OtlpDecodeError(field, 'must be a hex id');
  else w.hexBytes('');
}
