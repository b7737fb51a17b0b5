import { Kafka, logLevel } from 'kafkajs';
import type { EachBatchPayload } from 'kafkajs';
import type { SpanConsumer } from '../../../core/consumer.js';
import { isPermanentError } from '../../../core/errors.js';
import type { Span } from '../../../core/span.js';
import type { KafkaIngestConfig } from './config.js';
import { KAFKA_INGEST_DEFAULTS } from './config.js';
import { decodeRecord } from './decode-record.js';

export interface KafkaIngestStats {
  readonly records: number;
  readonly spans: number;
  /** Records that were not OTLP (skipped past, counted). */
  readonly undecodableRecords: number;
  /** Spans invalid in their record, or refused permanently by the analyzer (skipped past, counted). */
  readonly refusedSpans: number;
  /** Offset commits made (one per consumed batch). */
  readonly commits: number;
  /** Attempts to hand a batch on that the analyzer refused retryably (the batch is retried). */
  readonly retries: number;
  /** Partitions this instance holds now. */
  readonly partitions: number;
}

export interface KafkaIngest {
  /** Resolves once the consumer has joined its group and holds its partitions. */
  readonly joined: Promise<void>;
  stats(): KafkaIngestStats;
  /** Graceful stop: finishes and commits the batch in hand, leaves the group. Safe twice. */
  stop(): Promise<void>;
  /**
   * Simulates a crash (tests): abandons the batch in hand without committing it, then leaves.
   * Records not yet committed are delivered again to whoever takes the partition next.
   */
  kill(): Promise<void>;
}

/**
 * Reads the collector's topic as one member of a consumer group and hands every batch of records
 * to `next` (the analyzer's ingest). Offsets are committed manually, and only after `next`
 * resolved for the whole batch, so a restart redelivers — never loses — what was not yet handed
 * on. A retryable refusal is retried (with backoff) until it succeeds or the ingest stops; a
 * permanent one is counted and skipped past. Within a partition, records reach `next` in order.
 */
export async function startKafkaIngest(options: Partial<KafkaIngestConfig>, next: SpanConsumer): Promise<KafkaIngest> {
  const config = { ...KAFKA_INGEST_DEFAULTS, ...options };
  const kafka = new Kafka({ clientId: config.clientId, brokers: [...config.brokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: config.groupId, sessionTimeout: config.sessionTimeoutMs, heartbeatInterval: Math.floor(config.sessionTimeoutMs / 3) });
  const counts = { records: 0, spans: 0, undecodableRecords: 0, refusedSpans: 0, commits: 0, retries: 0 };
  let assigned = 0;
  let killed = false;
  let stopping: Promise<void> | undefined;

  let onJoined: () => void = () => {};
  const joined = new Promise<void>((resolve) => (onJoined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    assigned = Object.values(event.payload.memberAssignment).reduce((n, partitions) => n + partitions.length, 0);
    onJoined();
  });

  await consumer.connect();
  await consumer.subscribe({ topic: config.topic, fromBeginning: config.fromBeginning });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: (payload) => consumeBatch(payload),
  });

  async function consumeBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const spans: Span[] = [];
    for (const message of batch.messages) {
      counts.records++;
      if (message.value === null) continue;
      try {
        const record = decodeRecord(message.value, message.key, config.encoding);
        counts.refusedSpans += record.rejected;
        for (const span of record.spans) spans.push(span);
      } catch {
        counts.undecodableRecords++;
      }
    }
    if (spans.length > 0) await handOn(spans, () => isRunning() && !isStale() && !killed, heartbeat);
    if (killed || !isRunning() || isStale() || batch.messages.length === 0) return;
    const last = batch.lastOffset();
    resolveOffset(last);
    await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
    counts.commits++;
    counts.spans += spans.length;
  }

  async function handOn(spans: readonly Span[], live: () => boolean, heartbeat: () => Promise<void>): Promise<void> {
    let interval = 50;
    for (;;) {
      try {
        await next.consume(spans);
        return;
      } catch (error) {
        if (isPermanentError(error)) {
          counts.refusedSpans += spans.length;
          return;
        }
        if (!live()) throw error;
        counts.retries++;
        await new Promise((resolve) => setTimeout(resolve, interval));
        interval = Math.min(interval * 2, config.maxRetryIntervalMs);
        await heartbeat();
      }
    }
  }

  return {
    joined,
    stats: () => ({ ...counts, partitions: assigned }),
    stop: () => (stopping ??= consumer.disconnect()),
    kill() {
      killed = true;
      return (stopping ??= consumer.disconnect());
    },
  };
}
