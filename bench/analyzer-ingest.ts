/**
 * Sustained ingest → reconstruct → store on one core: scripted boots, about 200 in flight at a
 * time with their spans interleaved in 512-span batches, pushed through `Analyzer.ingest` into a
 * SQLite file as fast as it takes them; the clock stops when every flow is complete and stored.
 * Then memory per in-flight flow: flows held in flight (no completion), heap measured after GC.
 * Last, boots beyond the in-flight limit (`benchBeyondCap`): each of its own instance with its
 * external event, flows that never complete by time, twice `maxInFlightFlows` of them, so every
 * new flow past the limit completes the quietest one early, as a cloud sending more flows than
 * the limit within its quiet period would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Span } from '../core/span.js';
import { startAnalyzer } from '../analyzer/index.js';
import type { Analyzer } from '../analyzer/index.js';
import { nthInstanceUuid, scriptBoot, scriptExternalEvent } from '../analyzer/testing/boot.js';
import type { ScriptedFlow } from '../analyzer/testing/boot.js';
import { SpanFactory } from '../analyzer/testing/spans.js';
import { nowMs, yieldToLoop } from './analyzer-stats.js';

export interface IngestResult {
  readonly flows: number;
  readonly spans: number;
  readonly batchSpans: number;
  readonly consumeSpansPerSecond: number;
  readonly endToEndSpansPerSecond: number;
  readonly cpuSecondsPerMillionSpans: number;
  readonly storedSpans: number;
  readonly memoryPerInFlightFlowBytes: number;
  readonly inFlightFlowsMeasured: number;
}

const BATCH = 512;
const WINDOW = 200;

function interleaved(flows: readonly { spans: readonly Span[] }[]): Span[] {
  const out: Span[] = [];
  for (let w = 0; w < flows.length; w += WINDOW) {
    const window = flows.slice(w, w + WINDOW);
    const longest = Math.max(...window.map((f) => f.spans.length));
    for (let i = 0; i < longest; i++) for (const f of window) if (i < f.spans.length) out.push(f.spans[i]!);
  }
  return out;
}

async function memoryPerFlow(flows: number): Promise<number> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const analyzer = await startAnalyzer({ port: 0, quietPeriodMs: 3_600_000, settleMs: 3_600_000, flushIntervalMs: 3_600_000, maxBufferedSpans: 10_000_000 });
  const factory = new SpanFactory(9);
  const scripted = Array.from({ length: flows }, (_, i) => scriptBoot(factory, Date.now() * 1000 + i * 1000));
  const spans = scripted.flatMap((f) => f.spans);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < spans.length; i += BATCH) await analyzer.ingest.consume(spans.slice(i, i + BATCH));
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
  const after = process.memoryUsage().heapUsed;
  if (analyzer.counters().flowsInFlight !== flows) throw new Error('flows completed during the memory measurement');
  await analyzer.shutdown();
  return Math.round((after - before) / flows);
}

export interface BeyondCapResult {
  readonly flows: number;
  readonly maxInFlightFlows: number;
  readonly spans: number;
  /** Flows the limit completed while the spans were taken. */
  readonly completedEarly: number;
  readonly consumeSpansPerSecond: number;
  readonly cpuSecondsPerMillionSpans: number;
}

/** A boot of its own instance, and neutron's external event for that instance (a flow of its own, linked to the boot). */
function bootWithItsEvent(factory: SpanFactory, t0Us: number, n: number): ScriptedFlow[] {
  return [scriptBoot(factory, t0Us, nthInstanceUuid(n)), scriptExternalEvent(factory, t0Us + 300_000, nthInstanceUuid(n))];
}

/** Hands `spans` to the analyzer in batches, letting its timers run between them. */
export async function feed(analyzer: Analyzer, spans: readonly Span[]): Promise<void> {
  for (let i = 0; i < spans.length; i += BATCH) {
    await analyzer.ingest.consume(spans.slice(i, i + BATCH));
    await yieldToLoop();
  }
}

/**
 * Boots of their own instances and their external events into SQLite, with completion by time
 * off: `maxInFlightFlows` of each, so flows past the limit complete the quietest early.
 */
export async function benchBeyondCap(maxInFlightFlows: number): Promise<BeyondCapResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-bench-cap-'));
  try {
    const analyzer = await startAnalyzer({ dbPath: join(dir, 'flows.db'), port: 0, quietPeriodMs: 3_600_000, settleMs: 3_600_000, maxInFlightFlows, maxBufferedSpans: 10_000_000 });
    const factory = new SpanFactory(11);
    const base = Date.now() * 1000;
    const flows = Array.from({ length: maxInFlightFlows }, (_, i) => bootWithItsEvent(factory, base + i * 2_000, i)).flat();
    const spans = interleaved(flows);
    const cpu = process.cpuUsage();
    const start = nowMs();
    await feed(analyzer, spans);
    const consumed = nowMs();
    const used = process.cpuUsage(cpu);
    const completedEarly = analyzer.counters().flowsCompleted;
    await analyzer.shutdown();
    return {
      flows: flows.length,
      maxInFlightFlows,
      spans: spans.length,
      completedEarly,
      consumeSpansPerSecond: Math.round(spans.length / ((consumed - start) / 1000)),
      cpuSecondsPerMillionSpans: Number((((used.user + used.system) / 1e6) * (1e6 / spans.length)).toFixed(2)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchIngest(flowCount: number, memoryFlows: number): Promise<IngestResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-bench-ingest-'));
  try {
    const analyzer = await startAnalyzer({ dbPath: join(dir, 'flows.db'), port: 0 });
    const factory = new SpanFactory(5);
    const base = Date.now() * 1000;
    const flows = Array.from({ length: flowCount }, (_, i) => scriptBoot(factory, base + i * 2_000));
    const spans = interleaved(flows);
    let completed = 0;
    const done = new Promise<void>((resolve) => analyzer.onFlow((_flow, change) => {
      if (change === 'completed' && ++completed === flowCount) resolve();
    }));
    const cpu = process.cpuUsage();
    const start = nowMs();
    await feed(analyzer, spans);
    const consumed = nowMs();
    await done;
    const finished = nowMs();
    const used = process.cpuUsage(cpu);
    const stored = analyzer.counters();
    await analyzer.shutdown();
    return {
      flows: flowCount,
      spans: spans.length,
      batchSpans: BATCH,
      consumeSpansPerSecond: Math.round(spans.length / ((consumed - start) / 1000)),
      endToEndSpansPerSecond: Math.round(spans.length / ((finished - start) / 1000)),
      cpuSecondsPerMillionSpans: Number((((used.user + used.system) / 1e6) * (1e6 / spans.length)).toFixed(2)),
      storedSpans: stored.spansAccepted,
      memoryPerInFlightFlowBytes: await memoryPerFlow(memoryFlows),
      inFlightFlowsMeasured: memoryFlows,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
