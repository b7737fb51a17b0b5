/**
 * `GET /api/flows/{id}` latency with many spans stored. The headline row is a user's view: the
 * requests come from another process (analyzer-query-client.ts: one keep-alive connection,
 * sequential requests, warm-up excluded), in blocks alternating with the same client asking a
 * bare node:http server in a third process that answers one flow's body with no lookup (the
 * floor: what any HTTP answer of that size costs on this machine at this moment). Beside them,
 * in the same run and on the same ids: the old measurement with fetch in the server's own
 * process (its work and GC pause the server's loop), the in-process `getFlow`, and a bare indexed
 * SQLite lookup of one request's spans and of its flow row. While the other process asks, the server's event-loop lateness, GC pauses and
 * CPU per request are recorded. The store is filled, and looked up bare, in a process of its own
 * (analyzer-query-fill.ts), so the measured server holds nothing but the analyzer.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startAnalyzer } from '../analyzer/index.js';
import type { Analyzer } from '../analyzer/index.js';
import type { FillConfig, FilledStore } from './analyzer-query-fill.js';
import type { QueryClientConfig, QueryClientResult } from './analyzer-query-client.js';
import { watchServerLoop } from './analyzer-query-loop.js';
import type { ServerLoopStats } from './analyzer-query-loop.js';
import { nowMs, percentiles } from './analyzer-stats.js';
import type { Percentiles } from './analyzer-stats.js';

const run = promisify(execFile);
const CLIENT_WARMUP = 500;

export interface QueryResult {
  readonly storedSpans: number;
  readonly storedFlows: number;
  readonly fillSpansPerSecond: number;
  readonly dbBytes: number;
  readonly responseBytesMean: number;
  /** Over HTTP from a separate client process (the goal's measure). */
  readonly httpGetFlowMs: Percentiles;
  /**
   * The same client asking a bare node:http server (its own process) that answers one flow's
   * body with no lookup, in blocks alternating with httpGetFlowMs: this machine's floor now.
   */
  readonly httpFloorMs: Percentiles;
  /** Over HTTP with fetch running in the server's own process (how this was measured before). */
  readonly httpSameProcessFetchMs: Percentiles;
  readonly inProcessGetFlowMs: Percentiles;
  readonly bareSqliteSpansOfRequestMs: Percentiles;
  readonly bareSqliteFlowRowMs: Percentiles;
  /** The server while the separate client asked. */
  readonly server: ServerLoopStats;
}

function inProcess(analyzer: Analyzer, ids: readonly string[]): number[] {
  const times: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const t = nowMs();
    if (analyzer.getFlow(ids[i]!) === undefined) throw new Error(`getFlow(${ids[i]}) found nothing`);
    times.push(nowMs() - t);
  }
  return times;
}

async function sameProcessFetch(analyzer: Analyzer, warmup: readonly string[], ids: readonly string[]): Promise<number[]> {
  for (const id of warmup) await (await fetch(`${analyzer.url}/api/flows/${id}`)).text();
  const times: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const t = nowMs();
    const response = await fetch(`${analyzer.url}/api/flows/${ids[i]!}`);
    await response.text();
    times.push(nowMs() - t);
    if (response.status !== 200) throw new Error(`GET /api/flows/${ids[i]} answered ${response.status}`);
  }
  return times;
}

/** Starts the floor server (analyzer-query-floor.ts) serving `bodyFile`; returns its URL and a stop function. */
export async function startFloor(bodyFile: string): Promise<{ url: string; stop(): Promise<void> }> {
  const floor = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'analyzer-query-floor.ts'), bodyFile], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(floor, 'exit');
  let out = '';
  for await (const chunk of floor.stdout) {
    out += String(chunk);
    if (out.includes('\n')) break;
  }
  if (!out.startsWith('http://')) throw new Error(`the floor server did not start: ${out}`);
  return {
    url: out.trim(),
    async stop() {
      floor.stdin.end();
      await exited;
    },
  };
}

/** Runs a bench script in its own process; returns the JSON line it prints. */
export async function child<R>(script: string, config: object): Promise<R> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), JSON.stringify(config)], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as R;
}

export async function benchQuery(targetSpans: number, samples: number): Promise<QueryResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-bench-query-'));
  try {
    const path = join(dir, 'flows.db');
    const filled = await child<FilledStore>('analyzer-query-fill.ts', { path, targetSpans, warmup: CLIENT_WARMUP, samples } satisfies FillConfig);
    const ids = filled.requestIds;
    const [warmup, measured] = [ids.slice(0, CLIENT_WARMUP), ids.slice(CLIENT_WARMUP)];
    const idsFile = join(dir, 'ids.json');
    writeFileSync(idsFile, JSON.stringify(ids));

    const analyzer = await startAnalyzer({ dbPath: path, port: 0 });
    let client: QueryClientResult;
    let server: ServerLoopStats;
    let local: number[];
    let fetched: number[];
    try {
      const bodyFile = join(dir, 'body.json');
      writeFileSync(bodyFile, JSON.stringify(analyzer.getFlow(measured[0]!)));
      const floor = await startFloor(bodyFile);
      try {
        const watch = watchServerLoop();
        client = await child<QueryClientResult>('analyzer-query-client.ts', { url: analyzer.url, floorUrl: floor.url, idsFile, warmup: CLIENT_WARMUP, samples } satisfies QueryClientConfig);
        server = watch.stop(CLIENT_WARMUP + samples);
      } finally {
        await floor.stop();
      }
      fetched = await sameProcessFetch(analyzer, warmup, measured);
      local = inProcess(analyzer, measured);
      const errors = analyzer.counters().query;
      if (errors.serverErrors + errors.clientErrors > 0) throw new Error(`query API answered ${errors.clientErrors} 4xx and ${errors.serverErrors} 5xx`);
    } finally {
      await analyzer.shutdown();
    }
    return {
      storedSpans: filled.spans,
      storedFlows: filled.flows,
      fillSpansPerSecond: Math.round(filled.spans / filled.seconds),
      dbBytes: statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0),
      responseBytesMean: client.bodyBytesMean,
      httpGetFlowMs: client.latencyMs,
      httpFloorMs: client.floorLatencyMs!,
      httpSameProcessFetchMs: percentiles(fetched),
      inProcessGetFlowMs: percentiles(local),
      bareSqliteSpansOfRequestMs: filled.bareSqliteSpansOfRequestMs,
      bareSqliteFlowRowMs: filled.bareSqliteFlowRowMs,
      server,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
