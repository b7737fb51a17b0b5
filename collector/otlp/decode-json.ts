import type { Attributes, Resource, Span, SpanEvent, SpanKind, SpanLink, StatusCode } from '../../core/span.js';
import { OtlpDecodeError } from './decode-error.js';
import { DecodedSpan } from './decoded-span.js';
import type { FlowKeyOf } from './flow-key.js';
import { NO_FLOW_KEY } from './flow-key.js';
import type { JsonObject } from './json-values.js';
import { arrayField, attributesOf, checkAttributes, enumField, idField, isObject, nanosToMicrosField, prefixed, stringField } from './json-values.js';
import { clearRequestIds, newRequestIds } from './request-ids.js';

export interface JsonDecodeOptions {
  /**
   * Spans are DecodedSpans whose attribute map is built from the parsed KeyValue list on first
   * read (checked now all the same); `keyOf` then sees only the request-id attributes.
   */
  readonly lazyAttributes?: boolean;
}

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` into Spans.
 *
 * Contract: as decodeProtoRequest — every span in body order, `flowKey` from `keyOf`, ids lower-cased but
 * not validated. Throws OtlpDecodeError naming the JSON path (`resourceSpans[0].scopeSpans[0].
 * spans[2].kind`) when the text is not JSON or a field has the wrong type.
 */
export function decodeJsonRequest(text: string, keyOf: FlowKeyOf = NO_FLOW_KEY, options: JsonDecodeOptions = {}): Span[] {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new OtlpDecodeError('', `body is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(root)) throw new OtlpDecodeError('', 'body must be a JSON object');
  const spans: Span[] = [];
  const resourceSpans = arrayField(root, 'resourceSpans');
  for (let i = 0; i < resourceSpans.length; i++) {
    try {
      readResourceSpans(resourceSpans[i], spans, keyOf, options.lazyAttributes === true);
    } catch (error) {
      throw prefixed(error, `resourceSpans[${i}]`);
    }
  }
  return spans;
}

function readResourceSpans(rs: unknown, out: Span[], keyOf: FlowKeyOf, lazy: boolean): void {
  if (!isObject(rs)) throw new OtlpDecodeError('', 'must be an object');
  const resource = readResource(rs.resource);
  const scopeSpans = arrayField(rs, 'scopeSpans');
  for (let i = 0; i < scopeSpans.length; i++) {
    const ss = scopeSpans[i];
    try {
      if (!isObject(ss)) throw new OtlpDecodeError('', 'must be an object');
      const scopeName = isObject(ss.scope) ? stringField(ss.scope, 'name') : '';
      const spans = arrayField(ss, 'spans');
      for (let j = 0; j < spans.length; j++) {
        try {
          out.push(readSpan(spans[j], resource, scopeName, keyOf, lazy));
        } catch (error) {
          throw prefixed(error, `spans[${j}]`);
        }
      }
    } catch (error) {
      throw prefixed(error, `scopeSpans[${i}]`);
    }
  }
}

/** A Resource from its parsed JSON (absent or null: unknown_service). */
export function readResource(value: unknown): Resource {
  if (value === undefined || value === null) return { serviceName: 'unknown_service', attributes: {} };
  if (!isObject(value)) throw new OtlpDecodeError('resource', 'must be an object');
  let attributes;
  try {
    attributes = attributesOf(arrayField(value, 'attributes'));
  } catch (error) {
    throw prefixed(error, 'resource.attributes');
  }
  const name = attributes['service.name'];
  return { serviceName: typeof name === 'string' && name !== '' ? name : 'unknown_service', attributes };
}

/** The request ids of the span being read, for lazy spans (decoding is synchronous, so one object serves all). */
const requestIds = newRequestIds();

function readSpan(span: unknown, resource: Resource, scopeName: string, keyOf: FlowKeyOf, lazy: boolean): Span {
  if (!isObject(span)) throw new OtlpDecodeError('', 'must be an object');
  const kind = enumField(span, 'kind');
  const status = span.status;
  let statusCode = 0;
  let statusMessage = '';
  if (status !== undefined && status !== null) {
    if (!isObject(status)) throw new OtlpDecodeError('status', 'must be an object');
    try {
      statusCode = enumField(status, 'code');
      statusMessage = stringField(status, 'message');
    } catch (error) {
      throw prefixed(error, 'status');
    }
  }
  const traceId = idField(span, 'traceId');
  if (lazy) {
    // Fields are read in the same order as below, so a bad body fails on the same field either way.
    clearRequestIds(requestIds);
    const list = arrayField(span, 'attributes');
    try {
      checkAttributes(list, requestIds);
    } catch (error) {
      throw prefixed(error, 'attributes');
    }
    return new DecodedSpan(
      traceId, idField(span, 'spanId'), idField(span, 'parentSpanId'), stringField(span, 'name'), (kind >= 0 && kind <= 5 ? kind : 0) as SpanKind,
      nanosToMicrosField(span, 'startTimeUnixNano'), nanosToMicrosField(span, 'endTimeUnixNano'), (statusCode >= 0 && statusCode <= 2 ? statusCode : 0) as StatusCode,
      statusMessage, listOf(span, 'events', (events) => events.map(readEvent)), listOf(span, 'links', (links) => links.map(readLink)),
      resource, scopeName, keyOf(requestIds, traceId), buildAttributes, list, 0, 0,
    );
  }
  const attributes = listOf(span, 'attributes', attributesOf);
  return {
    traceId,
    spanId: idField(span, 'spanId'),
    parentSpanId: idField(span, 'parentSpanId'),
    name: stringField(span, 'name'),
    kind: (kind >= 0 && kind <= 5 ? kind : 0) as SpanKind,
    startUs: nanosToMicrosField(span, 'startTimeUnixNano'),
    endUs: nanosToMicrosField(span, 'endTimeUnixNano'),
    statusCode: (statusCode >= 0 && statusCode <= 2 ? statusCode : 0) as StatusCode,
    statusMessage,
    attributes,
    events: listOf(span, 'events', (list) => list.map(readEvent)),
    links: listOf(span, 'links', (list) => list.map(readLink)),
    resource,
    scopeName,
    flowKey: keyOf(attributes, traceId),
  };
}

/** A DecodedSpan's attribute map: its KeyValue list, already checked by readSpan. */
function buildAttributes(list: unknown): Attributes {
  return attributesOf(list as readonly unknown[]);
}

function listOf<T>(obj: JsonObject, key: string, read: (list: readonly unknown[]) => T): T {
  const list = arrayField(obj, key);
  try {
    return read(list);
  } catch (error) {
    throw prefixed(error, key);
  }
}

/** The `i`th element of a span's parsed `events`. */
export function readEvent(event: unknown, i: number): SpanEvent {
  try {
    if (!isObject(event)) throw new OtlpDecodeError('', 'must be an object');
    return {
      timeUs: nanosToMicrosField(event, 'timeUnixNano'),
      name: stringField(event, 'name'),
      attributes: listOf(event, 'attributes', attributesOf),
    };
  } catch (error) {
    throw prefixed(error, `[${i}]`);
  }
}

/** The `i`th element of a span's parsed `links`. */
export function readLink(link: unknown, i: number): SpanLink {
  try {
    if (!isObject(link)) throw new OtlpDecodeError('', 'must be an object');
    return {
      traceId: idField(link, 'traceId'),
      spanId: idField(link, 'spanId'),
      attributes: listOf(link, 'attributes', attributesOf),
    };
  } catch (error) {
    throw prefixed(error, `[${i}]`);
  }
}
