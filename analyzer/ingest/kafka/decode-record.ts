import type { Span } from '../../../core/span.js';
import { decodeJsonBody } from '../../../collector/otlp/decode-json-bytes.js';
import { decodeProtoRequest } from '../../../collector/otlp/decode-proto.js';
import type { FlowKeyOf } from '../../../collector/otlp/flow-key.js';
import { flowKeyFrom, normalise } from '../../../collector/processor/normalise.js';

export interface DecodedRecord {
  readonly spans: Span[];
  /** Spans in the record that failed validation (a foreign producer); counted, never stored. */
  readonly rejected: number;
}

/**
 * One `otlp_spans` record → spans with their flow key. The record key, when present, is the flow
 * key the collector partitioned by; a keyless record (from another producer, e.g. a stock
 * OpenTelemetry Collector) gets each span's own key. Spans are decoded lazily, as the in-process
 * collector hands them over: the analyzer reads the keys their decoder captured, and the store
 * copies a span's protobuf bytes, so no attribute map is built on the way. Throws
 * OtlpDecodeError for bytes that are not an ExportTraceServiceRequest.
 */
export function decodeRecord(value: Buffer, key: Buffer | null, encoding: 'otlp_proto' | 'otlp_json'): DecodedRecord {
  const recordKey = key === null || key.length === 0 ? '' : key.toString('utf8');
  const keyOf: FlowKeyOf = recordKey === '' ? flowKeyFrom : () => recordKey;
  const decoded = encoding === 'otlp_proto' ? decodeProtoRequest(value, { keyOf, lazyAttributes: true }) : decodeJsonBody(value, keyOf, { lazyAttributes: true });
  const { spans, rejected } = normalise(decoded);
  return { spans, rejected };
}
