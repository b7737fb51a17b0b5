import { Kafka, logLevel } from 'kafkajs';
import type { Producer } from 'kafkajs';
import { PermanentError, RetryableError } from '../../../core/errors.js';
import type { Span } from '../../../core/span.js';
import { ProtoWriter } from '../../otlp/proto-writer.js';
import type { Exporter } from '../exporter.js';
import type { KafkaExporterConfig } from './config.js';
import { flowKeyPartitioner } from './partitioner.js';
import { flowRecords } from './records.js';

/**
 * Produces batches to Kafka with kafkajs: acks=-1 (all in-sync replicas), the idempotent
 * producer (one request in flight per broker, so retries neither duplicate nor reorder), the
 * Java-compatible murmur2 partitioner on the flow key (partitioner.ts: kafkajs's default, without
 * its per-record Long arithmetic). One send per batch. consume() resolves after the broker acked.
 */
export class KafkaExporter implements Exporter {
  readonly #config: KafkaExporterConfig;
  readonly #kafka: Kafka;
  readonly #producer: Producer;
  readonly #writer = new ProtoWriter(1 << 20);
  #connected = false;
  /** false from a failed produce until the next one succeeds: `/ready` reports broker outages. */
  #healthy = true;
  #stopped: Promise<void> | undefined;

  constructor(config: KafkaExporterConfig) {
    this.#config = config;
    // kafkajs retries briefly on its own (bounded, so that a waiting sender gets its answer);
    // longer outages are the retry stage's business, then the sender's (503 + Retry-After).
    this.#kafka = new Kafka({
      clientId: config.clientId,
      brokers: [...config.brokers],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      requestTimeout: config.timeoutMs,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2000 },
    });
    this.#producer = this.#kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true, createPartitioner: flowKeyPartitioner });
  }

  async start(): Promise<void> {
    await this.#ensureTopic();
    await this.#producer.connect();
    this.#connected = true;
  }

  async #ensureTopic(): Promise<void> {
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      const topics = await admin.listTopics();
      if (!topics.includes(this.#config.topic)) {
        await admin.createTopics({ topics: [{ topic: this.#config.topic, numPartitions: this.#config.partitions }], waitForLeaders: true });
      }
    } finally {
      await admin.disconnect();
    }
  }

  ready(): boolean {
    return this.#connected && this.#healthy && this.#stopped === undefined;
  }

  async consume(spans: readonly Span[]): Promise<void> {
    if (!this.#connected) throw new RetryableError('kafka exporter is not connected');
    const messages = flowRecords(spans, this.#config.encoding, this.#config.maxRecordBytes, this.#writer);
    try {
      await this.#producer.send({ topic: this.#config.topic, acks: -1, timeout: this.#config.timeoutMs, messages });
      this.#healthy = true;
    } catch (error) {
      const classified = classify(error);
      if (!(classified instanceof PermanentError)) this.#healthy = false;
      throw classified;
    }
  }

  shutdown(): Promise<void> {
    this.#stopped ??= this.#connected ? this.#producer.disconnect() : Promise.resolve();
    return this.#stopped;
  }
}

/** Record-too-large and invalid-record errors never succeed on retry; everything else may. */
function classify(error: unknown): Error {
  const type = (error as { type?: string }).type;
  const message = `kafka produce failed: ${error instanceof Error ? error.message : String(error)}`;
  if (type === 'MESSAGE_TOO_LARGE' || type === 'INVALID_RECORD' || type === 'CORRUPT_MESSAGE') return new PermanentError(message, { cause: error });
  return new RetryableError(message, { cause: error, retryAfterMs: 1000 });
}
