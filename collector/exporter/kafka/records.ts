import type { Span } from '../../../core/span.js';
import { encodeJsonRequest } from '../../otlp/encode-json.js';
import { encodeProtoRequest } from '../../otlp/encode-proto.js';
import { ProtoWriter } from '../../otlp/proto-writer.js';
import type { KafkaEncoding } from './config.js';

export interface FlowRecord {
  readonly key: string;
  readonly value: Buffer;
}

/**
 * One Kafka record per flow key, keyed by it, holding that flow's spans of the batch as one
 * OTLP ExportTraceServiceRequest — so every span of a request lands on one partition, in order,
 * and a stock OpenTelemetry Collector or Jaeger ingester can read the topic. A flow too large for
 * one record becomes several consecutive records with the same key (order is kept).
 */
export function flowRecords(spans: readonly Span[], encoding: KafkaEncoding, maxRecordBytes: number, writer = new ProtoWriter()): FlowRecord[] {
  const byFlow = new Map<string, Span[]>();
  for (const span of spans) {
    const list = byFlow.get(span.flowKey);
    if (list === undefined) byFlow.set(span.flowKey, [span]);
    else list.push(span);
  }
  const records: FlowRecord[] = [];
  for (const [key, flowSpans] of byFlow) pushRecords(records, key, flowSpans, encoding, maxRecordBytes, writer);
  return records;
}

/** Splits a flow's spans in halves until each record fits under maxRecordBytes (the broker's limit). */
function pushRecords(out: FlowRecord[], key: string, spans: readonly Span[], encoding: KafkaEncoding, maxRecordBytes: number, writer: ProtoWriter): void {
  const value = encoding === 'otlp_proto' ? encodeProtoRequest(spans, writer) : Buffer.from(encodeJsonRequest(spans));
  if (value.length <= maxRecordBytes || spans.length === 1) {
    out.push({ key, value });
    return;
  }
  const half = spans.length >>> 1;
  pushRecords(out, key, spans.slice(0, half), encoding, maxRecordBytes, writer);
  pushRecords(out, key, spans.slice(half), encoding, maxRecordBytes, writer);
}
