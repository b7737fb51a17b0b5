/**
 * One span as an OTLP `opentelemetry.proto.trace.v1.Span` message: what the protobuf encoder
 * writes inside a ScopeSpans, and what the analyzer's SQLite store keeps as a span's body. A span
 * decoded with its raw bytes (raw-spans.ts), or lazily decoded from protobuf with its attribute
 * map still unbuilt (protoSpanMessageOf), is copied byte for byte; any other is written field
 * by field (attributes: strings, booleans, safe integers as int_value, other numbers as
 * double_value, arrays, maps, null; a span read from OTLP/JSON with its attributes written as
 * protobuf when it was read has those bytes copied, see writeUnbuiltAttributes). Resource and
 * scope are not in the message.
 */
import type { Span } from '../../core/span.js';
import { writeAttributes } from './encode-proto-values.js';
import { WireType } from './proto-reader.js';
import type { ProtoWriter } from './proto-writer.js';
import { protoSpanMessageOf } from './decode-proto-span.js';
import { rawSpanOf } from './raw-spans.js';
import { writeUnbuiltAttributes } from './decode-json-bytes.js';

/** Writes `span` as a length-delimited Span message in field `field` of the current message. */
export function writeSpanMessage(w: ProtoWriter, field: number, span: Span): void {
  w.tag(field, WireType.LEN);
  const raw = rawSpanOf(span);
  if (raw !== undefined) {
    w.bytesOf(raw.body, raw.span.start, raw.span.end);
    return;
  }
  const message = protoSpanMessageOf(span);
  if (message !== undefined) {
    w.bytesOf(message.data, message.start, message.end);
    return;
  }
  w.fork(2); // a Span: usually 128 bytes to 16 KiB
  w.tag(1, WireType.LEN);
  w.hexBytes(span.traceId);
  w.tag(2, WireType.LEN);
  w.hexBytes(span.spanId);
  if (span.parentSpanId !== '') {
    w.tag(4, WireType.LEN);
    w.hexBytes(span.parentSpanId);
  }
  w.tag(5, WireType.LEN);
  w.string(span.name);
  if (span.kind !== 0) {
    w.tag(6, WireType.VARINT);
    w.uint32(span.kind);
  }
  w.tag(7, WireType.I64);
  w.fixed64MicrosAsNanos(span.startUs);
  w.tag(8, WireType.I64);
  w.fixed64MicrosAsNanos(span.endUs);
  if (!writeUnbuiltAttributes(w, span)) writeAttributes(w, 9, span.attributes);
  for (const event of span.events) {
    w.tag(11, WireType.LEN);
    w.fork();
    w.tag(1, WireType.I64);
    w.fixed64MicrosAsNanos(event.timeUs);
    w.tag(2, WireType.LEN);
    w.string(event.name);
    writeAttributes(w, 3, event.attributes);
    w.join();
  }
  for (const link of span.links) {
    w.tag(13, WireType.LEN);
    w.fork();
    w.tag(1, WireType.LEN);
    w.hexBytes(link.traceId);
    w.tag(2, WireType.LEN);
    w.hexBytes(link.spanId);
    writeAttributes(w, 4, link.attributes);
    w.join();
  }
  writeStatus(w, span);
  w.join();
}

function writeStatus(w: ProtoWriter, span: Span): void {
  if (span.statusCode === 0 && span.statusMessage === '') return;
  w.tag(15, WireType.LEN);
  w.fork();
  if (span.statusMessage !== '') {
    w.tag(2, WireType.LEN);
    w.string(span.statusMessage);
  }
  if (span.statusCode !== 0) {
    w.tag(3, WireType.VARINT);
    w.uint32(span.statusCode);
  }
  w.join();
}
