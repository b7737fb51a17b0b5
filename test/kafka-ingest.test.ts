/**
 * The Kafka ingest's refusal paths over the real broker (`deploy/kafka.sh start` or
 * HOPTRACE_KAFKA_BROKERS): a retryable refusal is retried until it succeeds, a permanent one is
 * counted and skipped past, a record that is not OTLP is counted and skipped past — and in every
 * case the offset moves on only after the decision, so the group's next member sees the same.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { consumerFrom } from '../core/consumer.js';
import { PermanentError, RetryableError } from '../core/errors.js';
import type { Span } from '../core/span.js';
import { startKafkaIngest } from '../analyzer/ingest/kafka/ingest.js';
import type { KafkaIngest } from '../analyzer/ingest/kafka/ingest.js';
import { startCollector } from '../collector/collector.js';
import type { Collector } from '../collector/collector.js';
import { kafkaBrokers } from '../collector/testing/kafka-broker.js';
import { makeSdkSpans, sendWithSdk } from '../collector/testing/otel.js';

const brokers = await kafkaBrokers(process.env);
const topic = `otlp_spans_ingest_${randomBytes(4).toString('hex')}`;
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
});

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const collector: Collector = await startCollector({ receiver: { port: 0 }, exporters: [{ type: 'kafka', brokers, topic, partitions: 2 }] });
stops.push(() => collector.shutdown());
for (let i = 0; i < 3; i++) {
  const result = await sendWithSdk(`${collector.url}/v1/traces`, 'protobuf', makeSdkSpans({ spans: 4 }));
  if (result.code !== 0) throw new Error(`could not produce the test records: ${String(result.error)}`);
}
const TOTAL = 12;

async function ingest(name: string, next: (spans: readonly Span[]) => Promise<void>, encoding: 'otlp_proto' | 'otlp_json' = 'otlp_proto'): Promise<KafkaIngest> {
  const started = await startKafkaIngest({ brokers, topic, groupId: `${topic}-${name}`, encoding, sessionTimeoutMs: 6000 }, consumerFrom(next));
  stops.push(() => started.stop());
  return started;
}

describe('Kafka ingest refusals over a real broker', () => {
  it('retries a retryable refusal until the analyzer takes the batch', async () => {
    let refusals = 0;
    const got: Span[] = [];
    const consumer = await ingest('retry', async (spans) => {
      if (refusals < 2) {
        refusals++;
        throw new RetryableError('analyzer busy');
      }
      got.push(...spans);
    });
    await until('all spans', () => got.length >= TOTAL);
    expect(consumer.stats().retries).toBeGreaterThanOrEqual(2);
    expect(got).toHaveLength(TOTAL);
  });

  it('counts and skips past a permanent refusal, committing the offset', async () => {
    const consumer = await ingest('permanent', async () => {
      throw new PermanentError('never');
    });
    await until('every span refused', () => consumer.stats().refusedSpans >= TOTAL);
    await until('a commit', () => consumer.stats().commits > 0);
    expect(consumer.stats().refusedSpans).toBe(TOTAL);
  });

  it('counts records that are not OTLP of the configured encoding, and moves on', async () => {
    const got: Span[] = [];
    const consumer = await ingest('undecodable', async (spans) => void got.push(...spans), 'otlp_json');
    await until('every record counted', () => consumer.stats().undecodableRecords >= 3);
    expect(got).toHaveLength(0);
    expect(consumer.stats().records).toBeGreaterThanOrEqual(3);
  });
});
