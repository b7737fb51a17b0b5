/**
 * The whole hoptrace pipeline under the collector benchmark's load (OTLP/protobuf from the
 * separate load generator, saturation, same bodies shape): receive → reconstruct → store, five ways.
 * - `embedded`: collector and analyzer in one process, the memory exporter handing batches to the
 *   analyzer's ingest, flows stored in a SQLite file.
 * - `alerting`: the same with alerting attached to the analyzer, as `npm start` runs it (every
 *   flow judged against the invariants, its operation's model and baseline). Full runs only.
 * - `threaded`: the same with the store written from its own thread (analyzer config
 *   `writerThread`): the main thread prepares each write, the writer thread commits it.
 * - `unstored`: the same with a store that discards every write (discarding-store.ts): the bound
 *   that storage, however cheap, leaves the embedded pipeline on this machine.
 * - `kafka`: collector → Kafka exporter → the real broker → the analyzer's Kafka ingest (consumer
 *   group, manual commits) → the same analyzer, in the same process (one core for both).
 * The clock runs from the first request to the moment the analyzer has taken every span (the
 * count stops growing for a second after the load ends), so a backlog counts against the rate.
 * Each scenario also reports the bytes the process wrote per span (WAL frames and checkpoint
 * copies, proc-io.ts) beside the database's size per span: the store's write amplification.
 *
 * Each pipeline runs `--repeat` times (3, or 1 with `--quick`), interleaved; its median run is
 * reported (medianRuns). Run: `npx tsx bench/pipeline.ts [--quick] [--seconds 8] [--repeat 3]
 * [--no-kafka]`; prints JSON.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { consumerFrom } from '../core/consumer.js';
import { startCollector } from '../collector/collector.js';
import type { CollectorConfig } from '../collector/pipeline/config.js';
import { kafkaBrokers } from '../collector/testing/kafka-broker.js';
import { createAlerting } from '../analyzer/alert/index.js';
import { startAnalyzer } from '../analyzer/index.js';
import { startKafkaIngest } from '../analyzer/ingest/kafka/ingest.js';
import { SATURATION_CONNECTIONS } from './loadgen.js';
import type { LoadConfig, LoadResult } from './loadgen.js';
import { DiscardingFlowStore } from './discarding-store.js';
import { buildPayloads, DEFAULT_SHAPE, writeBodyFiles } from './payload.js';
import { writtenBytes } from './proc-io.js';
import { medianRuns } from './median-runs.js';

const run = promisify(execFile);
const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, seconds: { type: 'string' }, repeat: { type: 'string' }, 'no-kafka': { type: 'boolean', default: false } } });
const seconds = Number(values.seconds ?? (values.quick ? 3 : 8));
const repeat = Number(values.repeat ?? (values.quick ? 1 : 3));

interface PipelineScenario {
  readonly pipeline: 'embedded' | 'alerting' | 'threaded' | 'unstored' | 'kafka';
  readonly load: LoadResult;
  /** Spans the analyzer took, over the time from the first request until it had taken them all. */
  readonly endToEndSpansPerS: number;
  readonly analyzerSpans: number;
  readonly drainS: number;
  readonly cpuSecondsPerMillionSpans: number;
  /**
   * Share of the run the main thread's event loop was busy (0-1), from the first request until
   * the analyzer had taken every span (the second waited after that to see the count settle is
   * left out): near 1, that thread is the wall.
   */
  readonly mainThreadBusy: number;
  readonly peakRssMiB: number;
  readonly flowsCompleted: number;
  /**
   * Bytes this process passed to write(2) per span taken, the load generator's left out
   * (proc-io.ts); null where unknown.
   */
  readonly writtenBytesPerSpan: number | null;
  /** Size of the database file (and WAL) after shutdown per span taken; null without one. */
  readonly storedBytesPerSpan: number | null;
}

/** Bytes of a SQLite database with its WAL, if any. */
function fileBytes(path: string): number {
  return [path, `${path}-wal`].filter((p) => existsSync(p)).reduce((sum, p) => sum + statSync(p).size, 0);
}

/** Creates the topic with its partitions and leaders before anyone produces or subscribes. */
async function createTopic(brokers: readonly string[], topic: string): Promise<void> {
  const admin = new Kafka({ clientId: 'hoptrace-bench', brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** One run of `pipeline`; a stored pipeline writes `dbFile`, deleted once measured. */
async function scenario(pipeline: PipelineScenario['pipeline'], files: readonly string[], dbFile: string, brokers: readonly string[]): Promise<PipelineScenario> {
  const dbPath = pipeline === 'unstored' ? undefined : dbFile;
  const analyzer = dbPath === undefined
    ? await startAnalyzer({ port: 0 }, { store: new DiscardingFlowStore() })
    : await startAnalyzer({ dbPath, port: 0, writerThread: pipeline === 'threaded' });
  const alerting = pipeline === 'alerting' ? createAlerting({}, analyzer) : undefined;
  let taken = 0;
  const counted = consumerFrom(async (spans) => {
    await analyzer.ingest.consume(spans);
    taken += spans.length;
  });
  const topic = `otlp_spans_bench_${randomBytes(3).toString('hex')}`;
  if (pipeline === 'kafka') await createTopic(brokers, topic);
  const exporters: NonNullable<CollectorConfig['exporters']> = pipeline !== 'kafka' ? [{ type: 'memory' }] : [{ type: 'kafka', brokers: [...brokers], topic, partitions: 4 }];
  const collector = await startCollector({ receiver: { port: 0 }, exporters, queue: { maxSpans: 200_000 } }, { next: counted });
  const ingest = pipeline === 'kafka' ? await startKafkaIngest({ brokers, topic, groupId: `bench-${topic}` }, counted) : undefined;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const config: LoadConfig = { url: `${collector.url}/v1/traces`, contentType: 'application/x-protobuf', bodyFiles: files, spansPerRequest: DEFAULT_SHAPE.spansPerRequest, connections: SATURATION_CONNECTIONS, durationMs: seconds * 1000, warmupMs: 0, ratePerS: 0 };
  const cpu = process.cpuUsage();
  const written = writtenBytes();
  const loop = performance.eventLoopUtilization();
  const start = performance.now();
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'loadgen.ts'), JSON.stringify(config)], { maxBuffer: 1 << 20 });
  const loadEnd = performance.now();
  let last = -1;
  let stableSince = performance.now();
  let loopAtStable = performance.eventLoopUtilization();
  while (performance.now() - stableSince < 1000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (taken !== last) [last, stableSince, loopAtStable] = [taken, performance.now(), performance.eventLoopUtilization()];
  }
  const end = stableSince;
  const used = process.cpuUsage(cpu);
  const writtenNow = writtenBytes();
  const busy = performance.eventLoopUtilization(loopAtStable, loop).utilization;
  clearInterval(sampler);
  const load = JSON.parse(stdout) as LoadResult;
  await ingest?.stop();
  await collector.shutdown();
  const flowsCompleted = analyzer.counters().flowsCompleted;
  await alerting?.shutdown();
  await analyzer.shutdown();
  const storedBytes = dbPath === undefined ? undefined : fileBytes(dbPath);
  if (dbPath !== undefined) for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  if (taken < load.acceptedSpans) throw new Error(`${pipeline}: the collector acknowledged ${load.acceptedSpans} spans but the analyzer took only ${taken}`);
  const cpuS = (used.user + used.system) / 1e6;
  return {
    pipeline,
    load,
    endToEndSpansPerS: Math.round(taken / ((end - start) / 1000)),
    analyzerSpans: taken,
    drainS: Math.round((end - loadEnd) / 100) / 10,
    cpuSecondsPerMillionSpans: Math.round((cpuS / (taken / 1e6)) * 100) / 100,
    mainThreadBusy: Math.round(busy * 100) / 100,
    peakRssMiB: Math.round(peakRss / 1048576),
    flowsCompleted,
    writtenBytesPerSpan: written === undefined || writtenNow === undefined || load.loadgenWrittenBytes === null ? null : Math.round((writtenNow - written - load.loadgenWrittenBytes) / taken),
    storedBytesPerSpan: storedBytes === undefined ? null : Math.round(storedBytes / taken),
  };
}

const payloads = await buildPayloads(DEFAULT_SHAPE);
const dir = mkdtempSync(join(os.tmpdir(), 'hoptrace-bench-pipeline-'));
try {
  const files = writeBodyFiles(dir, payloads, 'protobuf');
  const brokers = values['no-kafka'] ? [] : await kafkaBrokers(process.env);
  const pipelines: PipelineScenario['pipeline'][] = ['embedded', ...(values.quick ? [] : ['alerting' as const]), 'threaded', 'unstored', ...(values['no-kafka'] ? [] : ['kafka' as const])];
  const scenarios = await medianRuns(pipelines, repeat, (pipeline, round) => scenario(pipeline, files, join(dir, `${pipeline}-${round}.db`), brokers), (run) => run.endToEndSpansPerS);
  process.stdout.write(`${JSON.stringify({ benchmark: 'pipeline', seconds, repeat, payload: { spansPerRequest: payloads.spansPerRequest, attributesPerSpan: payloads.attributesPerSpan, encoding: 'protobuf' }, scenarios }, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
