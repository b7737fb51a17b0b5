/**
 * Flow ready time under load: 200 boots started within one second, their spans replayed in real
 * time as the shims' batch span processors would deliver them (each span when its 200 ms export
 * tick after its end comes round), into the analyzer with its default completion settings. Ready
 * time = the flow's `completed` event minus the arrival of its last span.
 */
import type { Span } from '../core/span.js';
import { startAnalyzer } from '../analyzer/index.js';
import { scriptBoot } from '../analyzer/testing/boot.js';
import { SpanFactory } from '../analyzer/testing/spans.js';
import { nowMs, percentiles } from './analyzer-stats.js';
import type { Percentiles } from './analyzer-stats.js';

export interface ReadyResult {
  readonly concurrentBoots: number;
  readonly spans: number;
  readonly exportTickMs: number;
  readonly readyAfterLastSpanMs: Percentiles;
  readonly completeFlows: number;
}

const EXPORT_TICK_MS = 200;

export async function benchReady(boots: number): Promise<ReadyResult> {
  const analyzer = await startAnalyzer({ port: 0 });
  const factory = new SpanFactory(3);
  const base = Date.now() * 1000;
  const flows = Array.from({ length: boots }, (_, i) => scriptBoot(factory, base + i * 5_000));
  const arrivals: { atMs: number; span: Span; flow: string }[] = [];
  for (const flow of flows) {
    for (const span of flow.spans) {
      const endMs = (span.endUs - base) / 1000;
      arrivals.push({ atMs: Math.ceil(endMs / EXPORT_TICK_MS) * EXPORT_TICK_MS, span, flow: flow.requestId });
    }
  }
  arrivals.sort((a, b) => a.atMs - b.atMs);
  const lastArrival = new Map<string, number>();
  const ready: number[] = [];
  const done = new Promise<void>((resolve) => analyzer.onFlow((flow, change) => {
    if (change !== 'completed') return;
    ready.push(nowMs() - lastArrival.get(flow.id)!);
    if (ready.length === boots) resolve();
  }));
  const start = nowMs();
  let next = 0;
  while (next < arrivals.length) {
    const elapsed = nowMs() - start;
    const batch: Span[] = [];
    while (next < arrivals.length && arrivals[next]!.atMs <= elapsed) {
      batch.push(arrivals[next]!.span);
      lastArrival.set(arrivals[next]!.flow, nowMs());
      next++;
    }
    if (batch.length > 0) await analyzer.ingest.consume(batch);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await done;
  await analyzer.shutdown();
  return { concurrentBoots: boots, spans: arrivals.length, exportTickMs: EXPORT_TICK_MS, readyAfterLastSpanMs: percentiles(ready), completeFlows: ready.length };
}
