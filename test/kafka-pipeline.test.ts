/**
 * collector → real Kafka → analyzer ingest, end to end, on the broker `deploy/kafka.sh start`
 * runs (or HOPTRACE_KAFKA_BROKERS). Spans come from a simulated boot traced by the real OTel SDK
 * and from a stream of OTel-SDK-made flows; the consumer is killed mid-stream (its batch in hand
 * uncommitted) and restarted as two instances sharing the partitions. What the analyzer stores
 * must be every acknowledged span, exactly once, and each flow's spans must reach it in order.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Attr } from '../core/attributes.js';
import { consumerFrom } from '../core/consumer.js';
import type { Span } from '../core/span.js';
import { startAnalyzer } from '../analyzer/index.js';
import type { Analyzer } from '../analyzer/index.js';
import { startKafkaIngest } from '../analyzer/ingest/kafka/ingest.js';
import type { KafkaIngest } from '../analyzer/ingest/kafka/ingest.js';
import { SqliteFlowStore } from '../analyzer/store/sqlite/sqlite-store.js';
import { startCollector } from '../collector/collector.js';
import type { Collector } from '../collector/collector.js';
import { kafkaBrokers } from '../collector/testing/kafka-broker.js';
import { makeSdkSpans, sendWithSdk } from '../collector/testing/otel.js';
import { createTracing } from '../instrumentation/index.js';
import { CIRROS_IMAGE, NETWORKS } from '../sim/kit/devstack.js';
import { novaClient } from '../sim/nova/testing/client.js';
import { startTestCloud } from '../sim/nova/testing/cloud.js';

const brokers = await kafkaBrokers(process.env);
const suffix = randomBytes(4).toString('hex');
const topic = `otlp_spans_test_${suffix}`;
const groupId = `hoptrace-test-${suffix}`;
const dir = mkdtempSync(join(tmpdir(), 'hoptrace-kafka-'));
const dbPath = join(dir, 'flows.db');

const idOf = (s: Span): string => `${s.traceId}/${s.spanId}`;

/** Span ids per flow key, in first-seen order; later repeats (redeliveries) ignored. */
function orderByFlow(spans: readonly Span[]): Map<string, string[]> {
  const seen = new Set<string>();
  const byFlow = new Map<string, string[]>();
  for (const span of spans) {
    const id = idOf(span);
    if (seen.has(id)) continue;
    seen.add(id);
    const list = byFlow.get(span.flowKey) ?? [];
    list.push(id);
    byFlow.set(span.flowKey, list);
  }
  return byFlow;
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('collector → Kafka → analyzer over a real broker', () => {
  it('stores every acknowledged span exactly once, in order per flow, across a consumer crash and restart', async () => {
    const analyzer: Analyzer = await startAnalyzer({ port: 0, dbPath, flushIntervalMs: 100, quietPeriodMs: 500, settleMs: 50, tickMs: 10 });
    cleanups.push(() => analyzer.shutdown());
    const delivered: Span[] = [];
    // While `gate` is set, the next batch waits in the consumer's hands: the crash comes mid-batch.
    let gate: { promise: Promise<void>; release: () => void; held: boolean } | undefined;
    const intoAnalyzer = consumerFrom(async (spans) => {
      if (gate !== undefined) {
        gate.held = true;
        await gate.promise;
      }
      await analyzer.ingest.consume(spans);
      for (const s of spans) delivered.push(s);
    });
    const acked: Span[] = [];
    const collector: Collector = await startCollector(
      { receiver: { port: 0 }, exporters: [{ type: 'kafka', brokers, topic, partitions: 4 }, { type: 'memory' }] },
      { next: consumerFrom((spans) => void acked.push(...spans)) },
    );
    cleanups.push(() => collector.shutdown());
    const url = `${collector.url}/v1/traces`;
    const ingestOptions = { brokers, topic, groupId, sessionTimeoutMs: 6000 };
    const first: KafkaIngest = await startKafkaIngest(ingestOptions, intoAnalyzer);
    cleanups.push(() => first.stop());
    await first.joined;

    // 1. A simulated boot, traced by the instrumentation's real SDK set-up.
    const tracing = createTracing({ endpoint: url, batch: { scheduledDelayMillis: 10 } });
    cleanups.push(() => tracing.shutdown());
    const cloud = await startTestCloud({ hooksFor: tracing.hooksFor });
    cleanups.push(() => cloud.shutdown());
    const nova = await novaClient(cloud.nova, cloud.env.endpoints.keystone);
    const privateNet = NETWORKS.find((n) => n.name === 'private')!.id;
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'kafka-vm', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: privateNet }] } } });
    expect(created.status).toBe(202);
    const serverId = (created.body as { server: { id: string } }).server.id;
    await nova.waitFor(serverId, (s) => s?.['status'] === 'ACTIVE');
    await tracing.forceFlush();
    const bootRequestId = created.headers.get('x-openstack-request-id')!;
    expect(acked.some((s) => s.flowKey === bootRequestId)).toBe(true);

    // 2. A stream of 240 requests over 24 flows; the consumer crashes a third of the way in.
    const flows = Array.from({ length: 24 }, (_, i) => `req-${suffix}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
    let second: KafkaIngest | undefined;
    let third: KafkaIngest | undefined;
    for (let i = 0; i < 240; i++) {
      const result = await sendWithSdk(url, i % 2 === 0 ? 'protobuf' : 'json', makeSdkSpans({ spans: 4, requestId: flows[i % flows.length]! }));
      expect(result.code).toBe(0);
      if (i === 60) {
        await until('the first consumer to commit a batch', () => first.stats().commits > 0, 30_000);
        let release = (): void => {};
        const promise = new Promise<void>((resolve) => (release = resolve));
        gate = { promise, release, held: false };
      }
      if (i === 80) {
        await until('a batch in the first consumer\'s hands', () => gate!.held, 30_000);
        const crashed = first.kill();
        const held = gate!;
        gate = undefined;
        held.release();
        await crashed;
      }
      if (i === 120) {
        second = await startKafkaIngest(ingestOptions, intoAnalyzer);
        third = await startKafkaIngest(ingestOptions, intoAnalyzer);
        cleanups.push(() => second!.stop(), () => third!.stop());
      }
    }
    const ackedIds = new Set(acked.map(idOf));
    expect(ackedIds.size).toBe(acked.length);
    expect(ackedIds.size).toBe(collector.metrics()['hoptrace_collector_spans_accepted_total']);
    await until('every acknowledged span to reach the analyzer', () => new Set(delivered.map(idOf)).size >= ackedIds.size, 90_000);

    // Two instances of one group share the partitions.
    await Promise.all([second!.joined, third!.joined]);
    expect(second!.stats().partitions + third!.stats().partitions).toBe(4);
    expect(second!.stats().partitions).toBeGreaterThan(0);
    expect(third!.stats().partitions).toBeGreaterThan(0);

    // Nothing lost, nothing foreign; each flow in the order the collector acknowledged it.
    expect(new Set(delivered.map(idOf))).toEqual(ackedIds);
    expect(delivered.length, 'the uncommitted batch was delivered again').toBeGreaterThan(ackedIds.size);
    expect(orderByFlow(delivered)).toEqual(orderByFlow(acked));
    expect(delivered.find((s) => s.attributes[Attr.requestId] === flows[0])?.flowKey).toBe(flows[0]);

    // What is stored: every acknowledged span exactly once, whatever was delivered twice.
    await Promise.all([second!.stop(), third!.stop()]);
    await collector.shutdown();
    await analyzer.shutdown();
    const store = new SqliteFlowStore(dbPath);
    try {
      expect(store.stats().spans).toBe(ackedIds.size);
      for (const key of [bootRequestId, ...flows]) {
        const flowId = store.flowIdOf(key);
        expect(flowId, `flow ${key} stored`).toBeDefined();
      }
    } finally {
      store.close();
    }
  }, 240_000);
});
