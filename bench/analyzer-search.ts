/**
 * Flow search with many flows in flight: `GET /api/flows?limit=20` (newest first, what the web
 * view's list and `hoptrace flows` ask) and `GET /api/traces?service=nova-api&limit=20` (Jaeger's
 * search), with `flows` boots stored and as many again in flight (completion by time off). Asked
 * one at a time by a fetch client in the analyzer's process, after a warm-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAnalyzer } from '../analyzer/index.js';
import { nthInstanceUuid, scriptBoot } from '../analyzer/testing/boot.js';
import { SpanFactory } from '../analyzer/testing/spans.js';
import { feed } from './analyzer-ingest.js';
import { nowMs, percentiles } from './analyzer-stats.js';
import type { Percentiles } from './analyzer-stats.js';

export interface SearchResult {
  readonly storedFlows: number;
  readonly inFlightFlows: number;
  readonly flowsMs: Percentiles;
  readonly tracesMs: Percentiles;
}

const WARMUP = 5;

/** Spans of `count` boots from the `from`-th, each of its own instance. */
function boots(factory: SpanFactory, baseUs: number, from: number, count: number) {
  return Array.from({ length: count }, (_, i) => scriptBoot(factory, baseUs + (from + i) * 2_000, nthInstanceUuid(from + i)).spans).flat();
}

/** Times `asks` requests of `path`, one at a time, after a warm-up. */
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
    await feed(filling, boots(factory, base, 0, flows));
    await filling.shutdown();
    const analyzer = await startAnalyzer({ dbPath, port: 0, settleMs: 3_600_000, quietPeriodMs: 3_600_000, maxInFlightFlows: 2 * flows });
    try {
      await feed(analyzer, boots(factory, base, flows, flows));
      const inFlightFlows = analyzer.counters().flowsInFlight;
      return {
        storedFlows: flows,
        inFlightFlows,
        flowsMs: await timed(`${analyzer.url}/api/flows?limit=20`, asks),
        tracesMs: await timed(`${analyzer.url}/api/traces?service=nova-api&limit=20`, asks),
      };
    } finally {
      await analyzer.shutdown();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
