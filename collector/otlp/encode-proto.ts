import type { Span } from '../../core/span.js';
import { writeAttributes } from './encode-proto-values.js';
import { groupByResource } from './group.js';
import { rawSpanOf } from './raw-spans.js';
import { WireType } from './proto-reader.js';
import { ProtoWriter } from './proto-writer.js';

/**
 * Encodes spans as a protobuf `ExportTraceServiceRequest`, grouped by resource and scope.
 * Inverse of decodeProtoRequest for everything the Span model keeps (times round-trip exactly at
 * microsecond precision; integral numbers are written as int_value, others as double_value).
 * Spans decoded with their raw bytes (raw-spans.ts) are copied byte for byte, with the resource
 * and scope they came with: nothing is lost and nothing re-encoded.
 */
export function encodeProtoRequest(spans: readonly Span[], writer = new ProtoWriter()): Buffer {
  writer.reset();
  for (const group of groupByResource(spans)) {
    const first = rawSpanOf(group.scopes[0]!.spans[0]!);
    writer.tag(1, WireType.LEN);
    writer.fork(2); // a ResourceSpans: one flow of a batch, usually 128 bytes to 16 KiB
    writer.tag(1, WireType.LEN);
    if (first !== undefined) writer.bytesOf(first.body, first.resource.start, first.resource.end);
    else {
      writer.fork();
      writeAttributes(writer, 1, group.resource.attributes);
      writer.join();
    }
    for (const scope of group.scopes) {
      writer.tag(2, WireType.LEN);
      writer.fork(2); // a ScopeSpans, as large
      writer.tag(1, WireType.LEN);
      const raw = rawSpanOf(scope.spans[0]!);
      if (raw !== undefined) writer.bytesOf(raw.body, raw.scope.start, raw.scope.end);
      else {
        writer.fork();
        if (scope.scopeName !== '') {
          writer.tag(1, WireType.LEN);
          writer.string(scope.scopeName);
        }
        writer.join();
      }
      for (const span of scope.spans) {
        const own = rawSpanOf(span);
        if (own === undefined) writeSpan(writer, span);
        else {
          writer.tag(2, WireType.LEN);
          writer.bytesOf(own.body, own.span.start, own.span.end);
        }
      }
      writer.join();
    }
    writer.join();
  }
  return writer.finish();
}

function writeSpan(w: ProtoWriter, span: Span): void {
  w.tag(2, WireType.LEN);
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
  writeAttributes(w, 9, span.attributes);
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
  if (span.statusCode !== 0 || span.statusMessage !== '') {
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
  w.join();
}
