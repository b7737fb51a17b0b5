import { Attr } from '../../core/attributes.js';
import type { AttributeValue, Resource, Span, SpanKind } from '../../core/span.js';
import type { FlowKeyOf } from './flow-key.js';
import { bytesToHex } from './hex.js';
import { decodeUtf8, WireType } from './proto-reader.js';
import type { ProtoReader } from './proto-reader.js';

/** Reads one Span message `[r.pos, end)` into a Span. */
export type SpanReader = (r: ProtoReader, end: number, resource: Resource, scopeName: string, keyOf: FlowKeyOf) => Span;

const NONE: readonly never[] = Object.freeze([]);
const FLOW_KEYS: ReadonlySet<string> = new Set([Attr.globalRequestId, Attr.requestId]);
const FLOW_KEY_LENGTHS: ReadonlySet<number> = new Set([...FLOW_KEYS].map((k) => Buffer.byteLength(k)));

/**
 * The forward-only span reader: ids, kind, times and the two request-id attributes (all that
 * validation and the flow key need); name, other attributes, events, links and status are
 * skipped over without being decoded. The exporters send the span's raw bytes, so nothing is lost.
 */
export const readForwardSpan: SpanReader = (r, end, resource, scopeName, keyOf) => {
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let kind = 0;
  let startUs = 0;
  let endUs = 0;
  const attributes: Record<string, AttributeValue> = {};
  while (r.pos < end) {
    const tag = r.uint32();
    const wire = tag & 7;
    const field = tag >>> 3;
    if (field === 1 && wire === WireType.LEN) traceId = readHex(r);
    else if (field === 2 && wire === WireType.LEN) spanId = readHex(r);
    else if (field === 4 && wire === WireType.LEN) parentSpanId = readHex(r);
    else if (field === 6 && wire === WireType.VARINT) kind = r.uint32();
    else if (field === 7 && wire === WireType.I64) startUs = r.fixed64NanosToMicros();
    else if (field === 8 && wire === WireType.I64) endUs = r.fixed64NanosToMicros();
    else if (field === 9 && wire === WireType.LEN) readFlowKeyAttribute(r, r.lengthEnd(), attributes);
    else r.skip(wire);
  }
  r.checkEnd(end);
  return {
    traceId,
    spanId,
    parentSpanId,
    name: '',
    kind: (kind <= 5 ? kind : 0) as SpanKind,
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
};

function readHex(r: ProtoReader): string {
  const end = r.lengthEnd();
  const hex = bytesToHex(r.buf, r.pos, end);
  r.pos = end;
  return hex;
}

/** A KeyValue: kept only when its key is a request id and its value a string; otherwise skipped. */
function readFlowKeyAttribute(r: ProtoReader, end: number, into: Record<string, AttributeValue>): void {
  let key = '';
  let valueStart = -1;
  let valueEnd = -1;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === WireType.LEN) {
      // Only keys as long as a request-id key are decoded at all.
      const keyEnd = r.lengthEnd();
      if (FLOW_KEY_LENGTHS.has(keyEnd - r.pos)) key = decodeUtf8(r.buf, r.pos, keyEnd);
      r.pos = keyEnd;
    } else if (tag >>> 3 === 2 && (tag & 7) === WireType.LEN) {
      valueEnd = r.lengthEnd();
      valueStart = r.pos;
      r.pos = valueEnd;
    } else r.skip(tag & 7);
  }
  r.checkEnd(end);
  if (valueStart < 0 || !FLOW_KEYS.has(key)) return;
  r.pos = valueStart;
  while (r.pos < valueEnd) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === WireType.LEN) into[key] = r.string();
    else r.skip(tag & 7);
  }
  r.pos = end;
}
