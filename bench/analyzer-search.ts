/**
 * Flow search with many flows in flight: `GET /api/flows?limit=20` (newest first, what the web
 * view's list and `hoptrace flows` ask) and `GET /api/traces?service=nova-api&limit=20` (Jaeger's
 * search), with `flows` boots stored and as many again in flight (completion by time off). Asked
 * one at a time by a fetch client in the analyzer's process, after a warm-up.
 * Then the same flow search right after a burst: one more span for every in-flight flow, taken as
 * fast as the analyzer takes them (as from a Kafka backlog), so most flows are still to be rebuilt
 * when the search comes; beside its latency, the longest the event loop was held meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SpanKind } from '../core/span.js';
import { startAnalyzer } from '../analyzer/index.js';
import type { Analyzer } from '../analyzer/index.js';
import { nthInstanceUuid, scriptBoot } from '../analyzer/testing/boot.js';
import type { ScriptedFlow } from '../analyzer/testing/boot.js';
import { SpanFactory } from '../analyzer/testing/spans.js';
import { feed } from './analyzer-ingest.js';
import { nowMs, percentiles } from './analyzer-stats.js';
import type { Percentiles } from './analyzer-stats.js';

export interface SearchResult {
  readonly storedFlows: number;
  readonly inFlightFlows: number;
  readonly flowsMs: Percentiles;
  readonly tracesMs: Percentiles;
  readonly afterBurst: BurstResult;
}

export interface BurstResult {
  readonly bursts: number;
  /** `GET /api/flows?limit=20` asked as soon as a burst was taken. */
  readonly flowsMs: Percentiles;
  /** The longest the event loop was held while that search was answered (1 ms resolution). */
  readonly loopHeldMs: Percentiles;
}

const WARMUP = 5;
const BURSTS = 5;

/** `count` boots from the `from`-th, each of its own instance. */
function boots(factory: SpanFactory, baseUs: number, from: number, count: number): ScriptedFlow[] {
  return Array.from({ length: count }, (_, i) => scriptBoot(factory, baseUs + (from + i) * 2_000, nthInstanceUuid(from + i)));
}

/** One more span for each flow, under its root, `n` ms after it began. */
function lateSpans(factory: SpanFactory, flows: readonly ScriptedFlow[], n: number) {
  return flows.map((flow) => factory.span({
    service: 'nova-api', kind: SpanKind.INTERNAL, name: `late ${n}`, startUs: flow.spans[0]!.startUs + n * 1_000, durationUs: 10,
    requestId: flow.requestId, parent: flow.spans[0],
  }));
}

/** `BURSTS` times: a late span for every flow, taken as fast as the analyzer takes them, then one flow search at once. */
async function afterBursts(analyzer: Analyzer, factory: SpanFactory, flows: readonly ScriptedFlow[]): Promise<BurstResult> {
  const searchMs: number[] = [];
  const loopHeldMs: number[] = [];
  for (let n = 1; n <= BURSTS; n++) {
    const spans = lateSpans(factory, flows, n);
    for (let i = 0; i < spans.length; i += 512) await analyzer.ingest.consume(spans.slice(i, i + 512));
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const started = nowMs();
    const res = await fetch(`${analyzer.url}/api/flows?limit=20`);
    if (!res.ok) throw new Error(`search after a burst: ${res.status}`);
    await res.arrayBuffer();
    searchMs.push(nowMs() - started);
    delay.disable();
    loopHeldMs.push(delay.max / 1e6);
  }
  return { bursts: BURSTS, flowsMs: percentiles(searchMs), loopHeldMs: percentiles(loopHeldMs) };
}

/** Times `asks` requests of `url`, one at a time, after a warm-up. */
async function timed(url: string, asks: number): Promise<Percentiles> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + asks; i++) {
    const started = nowMs();
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    await res.arrayBuffer();
    if (i >= WARMUP) samples.push(nowMs() - started);
  }
  return percentiles(samples);
}

export async function benchSearch(flows: number, asks: number): Promise<SearchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-bench-search-'));
  const dbPath = join(dir, 'flows.db');
  const factory = new SpanFactory(13);
  const base = Date.now() * 1000 - 3_600_000_000;
  try {
    const filling = await startAnalyzer({ dbPath, port: 0, settleMs: 0, quietPeriodMs: 1, maxInFlightFlows: 2 * flows });
    await feed(filling, boots(factory, base, 0, flows).flatMap((f) => f.spans));
    await filling.shutdown();
    const analyzer = await startAnalyzer({ dbPath, port: 0, settleMs: 3_600_000, quietPeriodMs: 3_600_000, maxInFlightFlows: 2 * flows });
    try {
      const inFlight = boots(factory, base, flows, flows);
      await feed(analyzer, inFlight.flatMap((f) => f.spans));
      const inFlightFlows = analyzer.counters().flowsInFlight;
      return {
        storedFlows: flows,
        inFlightFlows,
        flowsMs: await timed(`${analyzer.url}/api/flows?limit=20`, asks),
        tracesMs: await timed(`${analyzer.url}/api/traces?service=nova-api&limit=20`, asks),
        afterBurst: await afterBursts(analyzer, factory, inFlight),
      };
    } finally {
      await analyzer.shutdown();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
