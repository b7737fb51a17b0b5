/** Record value encodings, named as the OpenTelemetry Collector's Kafka exporter names them. */
export type KafkaEncoding = 'otlp_proto' | 'otlp_json';

/** The `kafka` exporter: one record per flow key per batch, keyed by the flow key. */
export interface KafkaExporterConfig {
  readonly type: 'kafka';
  /** Bootstrap brokers, `host:port`. @default ['127.0.0.1:9092'] */
  readonly brokers: readonly string[];
  /** @default 'otlp_spans' */
  readonly topic: string;
  /** Value encoding: an OTLP ExportTraceServiceRequest per record. @default 'otlp_proto' */
  readonly encoding: KafkaEncoding;
  /** @default 'hoptrace-collector' */
  readonly clientId: string;
  /**
   * Partitions of the topic when the exporter has to create it (an existing topic is left as
   * it is). Minimum 1. @default 4
   */
  readonly partitions: number;
  /**
   * Largest record value, in bytes; a flow's spans that encode larger are split over several
   * records with the same key. Keep it under the broker's `max.message.bytes` (1 MB by default).
   * @default 900000
   */
  readonly maxRecordBytes: number;
  /** How long one produce request may wait for acknowledgement, in milliseconds. @default 30000 */
  readonly timeoutMs: number;
}

export const KAFKA_DEFAULTS: Omit<KafkaExporterConfig, 'type'> = {
  brokers: ['127.0.0.1:9092'],
  topic: 'otlp_spans',
  encoding: 'otlp_proto',
  clientId: 'hoptrace-collector',
  partitions: 4,
  maxRecordBytes: 900_000,
  timeoutMs: 30_000,
};
