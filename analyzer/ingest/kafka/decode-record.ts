import type { Span } from '../../../core/span.js';
import { decodeJsonRequest } from '../../../collector/otlp/decode-json.js';
import { decodeProtoRequest } from '../../../collector/otlp/decode-proto.js';
import { normalise } from '../../../collector/processor/normalise.js';

export interface DecodedRecord {
  readonly spans: Span[];
  /** Spans in the record that failed validation (a foreign producer); counted, never stored. */
  readonly rejected: number;
}

/**
 * One `otlp_spans` record → spans with their flow key. The record key, when present, is the flow
 * key the collector partitioned by; a keyless record (from another producer, e.g. a stock
 * OpenTelemetry Collector) gets each span's own key. Throws OtlpDecodeError for bytes that are
 * not an ExportTraceServiceRequest.
 */
export function decodeRecord(value: Buffer, key: Buffer | null, encoding: 'otlp_proto' | 'otlp_json'): DecodedRecord {
  const decoded = encoding === 'otlp_proto' ? decodeProtoRequest(value) : decodeJsonRequest(value.toString('utf8'));
  const { spans, rejected } = normalise(decoded);
  const flowKey = key === null || key.length === 0 ? undefined : key.toString('utf8');
  if (flowKey === undefined) return { spans, rejected };
  return { spans: spans.map((s) => (s.flowKey === flowKey ? s : { ...s, flowKey })), rejected };
}
