/**
 * Collector ingest throughput: OTLP/JSON and OTLP/protobuf at 100 spans per request and 20
 * attributes per span, sent by a load generator in a separate process (bench/loadgen.ts, 32
 * keep-alive connections, saturation), into the in-process pipeline (memory exporter → a counting
 * consumer) and into the Kafka pipeline (Kafka exporter → the real broker, acks=all). Beside each,
 * the decode-only ceiling of the same bodies measured in this process in the same run.
 *
 * Run: `npx tsx bench/collector.ts [--quick] [--connections 32] [--seconds 10] [--no-kafka]`; prints
 * JSON. Kafka comes from HOPTRACE_KAFKA_BROKERS or `deploy/kafka.sh start`. In the full run the
 * in-process saturation scenarios run three times each, interleaved, and report their median run
 * (median-runs.ts): they are the denominators of the pipeline and peer goals. The full run adds a
 * fixed-rate scenario (half the saturation rate: latency when the collector is not the
 * bottleneck) and an overload scenario (a slow exporter, four times the connections: the answer
 * mix shows 429s, the peak RSS shows memory staying bounded). Ratios are given per wall-clock
 * second and per CPU-second, the latter being the fair one on a machine shared with other work.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { consumerFrom } from '../core/consumer.js';
import type { Span } from '../core/span.js';
import { isValidSpanId, isValidTraceId } from '../core/span.js';
import { startCollector } from '../collector/collector.js';
import type { CollectorConfig } from '../collector/pipeline/config.js';
import { kafkaBrokers } from '../collector/testing/kafka-broker.js';
import { measureCeilings } from './collector-ceiling.js';
import type { Rate } from './collector-ceiling.js';
import { SATURATION_CONNECTIONS } from './loadgen.js';
import type { LoadConfig, LoadResult } from './loadgen.js';
import { medianRuns } from './median-runs.js';
import { buildPayloads, DEFAULT_SHAPE, writeBodyFiles } from './payload.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(`--${name}`);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const quick = flag('quick');
const seconds = option('seconds', quick ? 4 : 10);
const connections = option('connections', SATURATION_CONNECTIONS);

interface Scenario {
  /** `overload`: the in-process pipeline behind an exporter slower than the offered load. */
  readonly pipeline: 'in-process' | 'kafka' | 'overload';
  /** Requests per second offered; 0 = saturation (as fast as answers come). */
  readonly offeredRequestsPerS: number;
  readonly encoding: 'json' | 'protobuf';
  readonly load: LoadResult;
  readonly collectorCpuS: number;
  readonly cpuSecondsPerMillionSpans: number;
  /**
   * Share of the load the collector's event loop was busy (0-1), warm-up included: near 1 at
   * saturation, where the collector and not the load sets the rate.
   */
  readonly collectorBusy: number;
  readonly peakRssMiB: number;
  readonly ceiling: Rate;
  /** Accepted spans/s over the ceiling's decode-only spans/s, both wall-clock. */
  readonly ratioToCeiling: number;
  /**
   * Accepted spans per collector CPU-second over the ceiling's spans per CPU-second: the same
   * comparison with the machine's other load taken out (a shared 2-core machine is rarely idle).
   */
  readonly cpuRatioToCeiling: number;
  readonly goal: number;
}

async function scenario(pipeline: Scenario['pipeline'], encoding: Scenario['encoding'], files: readonly string[], ceiling: Rate, exporters: NonNullable<CollectorConfig['exporters']>, ratePerS = 0): Promise<Scenario> {
  let consumed = 0;
  let flowsSeen = 0;
  const overloaded = pipeline === 'overload';
  const next = consumerFrom(async (spans) => {
    // Overload: every batch takes 10 ms plus 20 µs per span downstream, and the queue holds
    // 1000 spans against four times the connections' requests in flight: the collector must
    // refuse, not grow.
    if (overloaded) await new Promise((resolve) => setTimeout(resolve, 10 + spans.length / 50));
    flowsSeen += readLikeTheAnalyzer(spans);
    consumed += spans.length;
  });
  const collector = await startCollector({ receiver: { port: 0 }, exporters, queue: { maxSpans: overloaded ? 1000 : 200_000 } }, { next });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const config: LoadConfig = {
    url: `${collector.url}/v1/traces`,
    contentType: encoding === 'json' ? 'application/json' : 'application/x-protobuf',
    bodyFiles: files,
    spansPerRequest: DEFAULT_SHAPE.spansPerRequest,
    connections: overloaded ? connections * 4 : connections,
    durationMs: seconds * 1000,
    warmupMs: 1500,
    ratePerS,
  };
  const cpuBefore = process.cpuUsage();
  const loopBefore = performance.eventLoopUtilization();
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'loadgen.ts'), JSON.stringify(config)], { maxBuffer: 1 << 20 });
  const cpu = process.cpuUsage(cpuBefore);
  const busy = performance.eventLoopUtilization(loopBefore).utilization;
  clearInterval(sampler);
  await collector.shutdown();
  const load = JSON.parse(stdout) as LoadResult;
  // The collector's CPU over the whole run (warm-up included), scaled to the measured window.
  const collectorCpuS = ((cpu.user + cpu.system) / 1e6) * (seconds / (seconds + 1.5));
  if (pipeline !== 'kafka' && consumed < load.acceptedSpans) throw new Error(`acknowledged ${load.acceptedSpans} spans but only ${consumed} reached the consumer`);
  if (pipeline !== 'kafka' && consumed > 0 && flowsSeen === 0) throw new Error('the consumer read no flow keys from the spans it was handed');
  return {
    pipeline,
    offeredRequestsPerS: ratePerS,
    encoding,
    load,
    collectorCpuS: Math.round(collectorCpuS * 100) / 100,
    cpuSecondsPerMillionSpans: load.acceptedSpans === 0 ? 0 : Math.round((collectorCpuS / (load.acceptedSpans / 1e6)) * 100) / 100,
    collectorBusy: Math.round(busy * 100) / 100,
    peakRssMiB: Math.round(peakRss / 1048576),
    ceiling,
    ratioToCeiling: Math.round((load.acceptedSpansPerS / ceiling.spansPerS) * 100) / 100,
    cpuRatioToCeiling: collectorCpuS === 0 ? 0 : Math.round((load.acceptedSpans / collectorCpuS / ceiling.spansPerCpuS) * 100) / 100,
    goal: ratePerS > 0 || pipeline === 'overload' ? 0 : pipeline === 'in-process' ? 0.6 : 0.4,
  };
}

/**
 * What the analyzer's ingest reads of every span it is handed before anything else (analyzer
 * index.ts, reconstruct/pending-flow.ts): the ids (validated), the flow key (to group the batch
 * by flow), the parent id and the times. The in-process scenarios read this much so that they
 * measure a hand-off of usable spans, not span counting; attribute maps are read later, by
 * reconstruction, and are not read here. Returns the number of distinct flows in the batch.
 */
function readLikeTheAnalyzer(spans: readonly Span[]): number {
  const flows = new Map<string, number>();
  for (const span of spans) {
    if (!isValidTraceId(span.traceId) || !isValidSpanId(span.spanId)) throw new Error(`span with invalid ids reached the consumer: ${span.traceId}/${span.spanId}`);
    if (span.endUs < span.startUs || (span.parentSpanId !== '' && span.parentSpanId.length !== 16)) throw new Error('span with invalid times or parent reached the consumer');
    flows.set(span.flowKey, (flows.get(span.flowKey) ?? 0) + 1);
  }
  return flows.size;
}

async function main(): Promise<void> {
  const payloads = await buildPayloads(DEFAULT_SHAPE);
  const dir = mkdtempSync(join(os.tmpdir(), 'hoptrace-bench-'));
  const files = { json: writeBodyFiles(dir, payloads, 'json'), protobuf: writeBodyFiles(dir, payloads, 'protobuf') };
  const ceilings = measureCeilings(payloads.json, payloads.protobuf, payloads.spansPerRequest, quick ? 1500 : 3000);
  const ceilingOf = { json: ceilings.jsonParse, protobuf: ceilings.protobufjsDecode };
  const scenarios: Scenario[] = [];
  // The collector-only rates are the denominators of the peer and pipeline goals: in the full run
  // a median of three runs, as the pipelines are.
  const saturated = await medianRuns(['protobuf', 'json'] as const, quick ? 1 : 3, (encoding) => scenario('in-process', encoding, files[encoding], ceilingOf[encoding], [{ type: 'memory' }]), (s) => s.load.acceptedSpansPerS);
  scenarios.push(...saturated);
  // Latency at half the saturation rate: what a sender sees when the collector is not the bottleneck.
  const halfRate = Math.max(1, Math.round(scenarios[0]!.load.requests / seconds / 2));
  if (!quick) scenarios.push(await scenario('in-process', 'protobuf', files.protobuf, ceilingOf.protobuf, [{ type: 'memory' }], halfRate));
  if (!flag('no-kafka')) {
    const brokers = await kafkaBrokers(process.env);
    const topic = `otlp_spans_bench_${randomBytes(3).toString('hex')}`;
    for (const encoding of ['protobuf', 'json'] as const) {
      scenarios.push(await scenario('kafka', encoding, files[encoding], ceilingOf[encoding], [{ type: 'kafka', brokers, topic, partitions: 4 }]));
    }
  }
  if (!quick) scenarios.push(await scenario('overload', 'protobuf', files.protobuf, ceilingOf.protobuf, [{ type: 'memory' }]));
  rmSync(dir, { recursive: true, force: true });
  const bytesPerSpan = (bodies: readonly Buffer[]): number => Math.round(bodies.reduce((n, b) => n + b.length, 0) / bodies.length / payloads.spansPerRequest);
  const report = {
    benchmark: 'collector',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10) },
    payload: { spansPerRequest: payloads.spansPerRequest, attributesPerSpan: payloads.attributesPerSpan, bytesPerSpan: { json: bytesPerSpan(payloads.json), protobuf: bytesPerSpan(payloads.protobuf) }, connections, seconds },
    ceilings,
    scenarios,
    goalsMet: { wallClock: scenarios.every((s) => s.ratioToCeiling >= s.goal), cpuNormalised: scenarios.every((s) => s.cpuRatioToCeiling >= s.goal) },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

await main();
