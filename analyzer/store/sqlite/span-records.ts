/**
 * The body of one `span_batches` row: the spans one write stored for one flow, as a protobuf
 * message whose spans are OTLP Span messages, so any protobuf tool reads it with the OTLP protos:
 *
 *   message SpanRecords { repeated SpanRecord record = 1; }
 *   message SpanRecord {
 *     uint32 resource_id = 1;                      // resources.id (stored once per process)
 *     string scope_name = 2;
 *     string flow_key = 3;
 *     opentelemetry.proto.trace.v1.Span span = 4;  // written last
 *   }
 *
 * Read back, spans are the collector's lazily decoded spans (attribute maps built on first
 * read). Everything the Span model holds round-trips, except a string holding a lone UTF-16
 * surrogate (it comes back as U+FFFD, as over OTLP).
 */
import type { Resource, Span } from '../../../core/span.js';
import { readLazySpan } from '../../../collector/otlp/decode-proto-span.js';
import type { FlowKeyOf } from '../../../collector/otlp/flow-key.js';
import { ProtoReader, WireType } from '../../../collector/otlp/proto-reader.js';
import type { ProtoWriter } from '../../../collector/otlp/proto-writer.js';
import { writeSpanMessage } from '../../../collector/otlp/encode-proto-span.js';

/** Encodes `spans` as one SpanRecords message; `resourceId` names each span's resource. */
export function encodeSpanRecords(w: ProtoWriter, spans: readonly Span[], resourceId: (resource: Resource) => number): Buffer {
  w.reset();
  writeSpanRecords(w, spans, resourceId);
  return w.finish();
}

/** Appends `spans` to `w` as SpanRecords fields (one record per span, in order). */
export function writeSpanRecords(w: ProtoWriter, spans: readonly Span[], resourceId: (resource: Resource) => number): void {
  for (const span of spans) {
    w.tag(1, WireType.LEN);
    w.fork(2);
    w.tag(1, WireType.VARINT);
    w.uint32(resourceId(span.resource));
    if (span.scopeName !== '') {
      w.tag(2, WireType.LEN);
      w.string(span.scopeName);
    }
    if (span.flowKey !== '') {
      w.tag(3, WireType.LEN);
      w.string(span.flowKey);
    }
    writeSpanMessage(w, 4, span);
    w.join();
  }
}

/** The records `indexes` (ascending) of a SpanRecords message, as a SpanRecords message of their own. */
export function pickSpanRecords(body: Uint8Array, indexes: readonly number[]): Buffer {
  const r = new ProtoReader(body);
  const parts: Uint8Array[] = [];
  let next = 0;
  for (let record = 0; r.pos < body.length && next < indexes.length; record++) {
    const start = r.pos;
    const tag = r.uint32();
    if (tag >>> 3 !== 1 || (tag & 7) !== WireType.LEN) r.fail('not a SpanRecords message');
    r.pos = r.lengthEnd();
    if (record === indexes[next]) {
      parts.push(body.subarray(start, r.pos));
      next++;
    }
  }
  return Buffer.concat(parts);
}

/** The flow key of the record being read (decoding is synchronous, so one variable serves). */
let recordFlowKey = '';
const storedFlowKey: FlowKeyOf = () => recordFlowKey;

/** Appends the spans of a SpanRecords message to `into`, in stored order. */
export function decodeSpanRecords(body: Uint8Array, resource: (id: number) => Resource, into: Span[]): void {
  const r = new ProtoReader(body);
  while (r.pos < body.length) {
    const tag = r.uint32();
    if (tag >>> 3 !== 1 || (tag & 7) !== WireType.LEN) {
      r.skip(tag & 7);
      continue;
    }
    const end = r.lengthEnd();
    let resourceId = 0;
    let scopeName = '';
    let spanStart = -1;
    let spanEnd = -1;
    recordFlowKey = '';
    while (r.pos < end) {
      const t = r.uint32();
      const field = t >>> 3;
      if (field === 1 && (t & 7) === WireType.VARINT) resourceId = r.uint32();
      else if (field === 2 && (t & 7) === WireType.LEN) scopeName = r.string();
      else if (field === 3 && (t & 7) === WireType.LEN) recordFlowKey = r.string();
      else if (field === 4 && (t & 7) === WireType.LEN) {
        spanEnd = r.lengthEnd();
        spanStart = r.pos;
        r.pos = spanEnd;
      } else r.skip(t & 7);
    }
    r.checkEnd(end);
    if (spanStart < 0) r.fail('span record without a span');
    r.pos = spanStart;
    into.push(readLazySpan(r, spanEnd, resource(resourceId), scopeName, storedFlowKey));
    r.pos = end;
  }
}
