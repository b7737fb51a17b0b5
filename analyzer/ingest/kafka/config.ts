/** The analyzer's Kafka ingest: a consumer-group receiver of the collector's `otlp_spans` topic. */
export interface KafkaIngestConfig {
  /** Bootstrap brokers, `host:port`. @default ['127.0.0.1:9092'] */
  readonly brokers: readonly string[];
  /** @default 'otlp_spans' */
  readonly topic: string;
  /** Consumer group; instances with the same group share the topic's partitions. @default 'hoptrace-analyzer' */
  readonly groupId: string;
  /** Value encoding of the records, as the collector's Kafka exporter wrote them. @default 'otlp_proto' */
  readonly encoding: 'otlp_proto' | 'otlp_json';
  /** @default 'hoptrace-analyzer' */
  readonly clientId: string;
  /**
   * Where a group with no committed offset starts: true = the earliest record (nothing produced
   * before the first start is missed, as Jaeger's ingester does). @default true
   */
  readonly fromBeginning: boolean;
  /** Consumer session timeout, in milliseconds: how long a dead instance keeps its partitions. @default 10000 */
  readonly sessionTimeoutMs: number;
  /** Longest pause between two attempts to hand a batch to a refusing analyzer, in milliseconds. @default 2000 */
  readonly maxRetryIntervalMs: number;
}

export const KAFKA_INGEST_DEFAULTS: KafkaIngestConfig = Object.freeze({
  brokers: Object.freeze(['127.0.0.1:9092']),
  topic: 'otlp_spans',
  groupId: 'hoptrace-analyzer',
  encoding: 'otlp_proto',
  clientId: 'hoptrace-analyzer',
  fromBeginning: true,
  sessionTimeoutMs: 10_000,
  maxRetryIntervalMs: 2000,
});
