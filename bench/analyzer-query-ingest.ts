/**
 * `GET /api/flows/{id}` while the analyzer ingests. The store is filled in its own process
 * (analyzer-query-fill.ts), then one analyzer serves it and the separate client process
 * (analyzer-query-client.ts, alternating with the bare node:http floor) asks twice on different
 * ids: first idle, then while scripted boots go through the analyzer's normal ingest at a fixed
 * offered rate (analyzer-ingest-pacer.ts). Beside each: the server's event-loop lateness and GC;
 * under ingest also the rate achieved, how long each ingest call took to commit, how long each
 * store write (one transaction) held the thread, and the WAL file's largest size.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAnalyzer } from '../analyzer/index.js';
import type { FlowStore } from '../analyzer/store/contracts.js';
import { SqliteFlowStore } from '../analyzer/store/sqlite/sqlite-store.js';
import type { CheckpointStats } from '../analyzer/store/sqlite/checkpointer.js';
import { child, startFloor } from './analyzer-query.js';
import type { FillConfig, FilledStore } from './analyzer-query-fill.js';
import type { QueryClientConfig, QueryClientResult } from './analyzer-query-client.js';
import { paceIngest } from './analyzer-ingest-pacer.js';
import type { PacerResult } from './analyzer-ingest-pacer.js';
import { watchServerLoop } from './analyzer-query-loop.js';
import type { ServerLoopStats } from './analyzer-query-loop.js';
import { nowMs, percentiles } from './analyzer-stats.js';
import type { Percentiles } from './analyzer-stats.js';

const CLIENT_WARMUP = 500;
/** Ingest runs this long before the client starts, so flows complete and writes reach their steady state. */
const INGEST_LEAD_MS = 2000;

export interface QueryPhase {
  readonly httpGetFlowMs: Percentiles;
  readonly httpFloorMs: Percentiles;
  readonly server: ServerLoopStats;
}

export interface QueryUnderIngestResult {
  readonly storedSpansBefore: number;
  readonly idle: QueryPhase;
  readonly underIngest: QueryPhase & {
    readonly ingest: PacerResult;
    /** CPU of the analyzer process per ingested span, queries included (they are a small share). */
    readonly serverCpuSecondsPerMillionSpans: number;
    /** Each `store.write` call: one transaction, the thread held for its whole length. */
    readonly storeWriteMs: Percentiles;
    readonly walBytesMax: number;
    /** The store's checkpoint worker over the whole run (undefined: SQLite checkpointed inside commits). */
    readonly checkpoints: CheckpointStats | undefined;
    readonly storedSpansAfter: number;
  };
}

/** The store with every write timed. */
function timedWrites(store: FlowStore, times: number[]): FlowStore {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'write') {
        return (batch: Parameters<FlowStore['write']>[0]) => {
          const t = nowMs();
          try {
            target.write(batch);
          } finally {
            times.push(nowMs() - t);
          }
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Samples the WAL file's size every 50 ms; `stop()` returns the largest seen. */
function watchWal(path: string): { stop(): number } {
  let max = 0;
  const sample = (): void => {
    max = Math.max(max, statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  };
  const timer = setInterval(sample, 50);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return max;
    },
  };
}

export async function benchQueryUnderIngest(targetSpans: number, samples: number, spansPerSecond: number): Promise<QueryUnderIngestResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-bench-query-ingest-'));
  try {
    const path = join(dir, 'flows.db');
    const filled = await child<FilledStore>('analyzer-query-fill.ts', { path, targetSpans, warmup: CLIENT_WARMUP, samples: 2 * samples } satisfies FillConfig);
    const ids = filled.requestIds;
    const warmup = ids.slice(0, CLIENT_WARMUP);
    const idsFiles = [ids.slice(CLIENT_WARMUP, CLIENT_WARMUP + samples), ids.slice(CLIENT_WARMUP + samples)].map((measured, i) => {
      const file = join(dir, `ids-${i}.json`);
      writeFileSync(file, JSON.stringify([...warmup, ...measured]));
      return file;
    });
    const writes: number[] = [];
    const sqlite = new SqliteFlowStore(path);
    const store = timedWrites(sqlite, writes);
    const analyzer = await startAnalyzer({ dbPath: path, port: 0 }, { store });
    const bodyFile = join(dir, 'body.json');
    writeFileSync(bodyFile, JSON.stringify(analyzer.getFlow(ids[CLIENT_WARMUP]!)));
    const floor = await startFloor(bodyFile);
    const ask = async (idsFile: string): Promise<QueryPhase> => {
      const watch = watchServerLoop();
      const client = await child<QueryClientResult>('analyzer-query-client.ts', { url: analyzer.url, floorUrl: floor.url, idsFile, warmup: CLIENT_WARMUP, samples } satisfies QueryClientConfig);
      return { httpGetFlowMs: client.latencyMs, httpFloorMs: client.floorLatencyMs!, server: watch.stop(CLIENT_WARMUP + samples) };
    };
    try {
      const idle = await ask(idsFiles[0]!);
      const pacer = paceIngest(analyzer.ingest, { spansPerSecond });
      await new Promise((resolve) => setTimeout(resolve, INGEST_LEAD_MS));
      writes.length = 0;
      const wal = watchWal(path);
      const cpu = process.cpuUsage();
      const accepted = analyzer.counters().spansAccepted;
      const busy = await ask(idsFiles[1]!);
      const used = process.cpuUsage(cpu);
      const ingestedWhileAsked = analyzer.counters().spansAccepted - accepted;
      const walBytesMax = wal.stop();
      const ingest = await pacer.stop();
      const errors = analyzer.counters().query;
      if (errors.serverErrors + errors.clientErrors > 0) throw new Error(`query API answered ${errors.clientErrors} 4xx and ${errors.serverErrors} 5xx`);
      return {
        storedSpansBefore: filled.spans,
        idle,
        underIngest: {
          ...busy,
          ingest,
          serverCpuSecondsPerMillionSpans: Number((((used.user + used.system) / 1e6) * (1e6 / Math.max(1, ingestedWhileAsked))).toFixed(2)),
          storeWriteMs: percentiles(writes),
          walBytesMax,
          checkpoints: sqlite.checkpointStats(),
          storedSpansAfter: store.stats().spans,
        },
      };
    } finally {
      await floor.stop();
      await analyzer.shutdown();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
