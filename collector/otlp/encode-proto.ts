import type { Span } from '../../core/span.js';
import { writeAttributes } from './encode-proto-values.js';
import { groupByResource } from './group.js';
import { rawSpanOf } from './raw-spans.js';
import { WireType } from './proto-reader.js';
import { ProtoWriter } from './proto-writer.js';
import { writeSpanMessage } from './encode-proto-span.js';

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
      for (const span of scope.spans) writeSpanMessage(writer, 2, span);
      writer.join();
    }
    writer.join();
  }
  return writer.finish();
}
