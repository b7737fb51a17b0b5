/**
 * `GET /api/flows/{id}` latency with many spans stored, beside a bare indexed SQLite lookup of one
 * request's spans and the in-process `getFlow`. The store is filled with scripted boots (26 spans
 * each) through the store's own batched writer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startAnalyzer } from '../analyzer/index.js';
import { buildFlow } from '../analyzer/reconstruct/build-flow.js';
import { SqliteFlowStore } from '../analyzer/store/sqlite/sqlite-store.js';
import { scriptBoot } from '../analyzer/testing/boot.js';
import { SpanFactory } from '../analyzer/testing/spans.js';
import { nowMs, percentiles } from './analyzer-stats.js';
import type { Percentiles } from './analyzer-stats.js';

export interface QueryResult {
  readonly storedSpans: number;
  readonly storedFlows: number;
  readonly fillSpansPerSecond: number;
  readonly dbBytes: number;
  readonly httpGetFlowMs: Percentiles;
  readonly inProcessGetFlowMs: Percentiles;
  readonly bareSqliteSpansOfRequestMs: Percentiles;
  readonly bareSqliteFlowRowMs: Percentiles;
}

function fill(path: string, targetSpans: number): { ids: string[]; aliases: string[]; spans: number; seconds: number } {
  const store = new SqliteFlowStore(path);
  const factory = new SpanFactory(1);
  const ids: string[] = [];
  const aliases: string[] = [];
  let spans = 0;
  const t0 = Date.now() * 1000 - 3600_000_000;
  const started = nowMs();
  while (spans < targetSpans) {
    const batch = Array.from({ length: 200 }, (_, i) => scriptBoot(factory, t0 + (ids.length + i) * 10_000));
    const flows = batch.map((b) => buildFlow({ id: b.requestId, aliases: b.aliases.values(), spans: b.spans, complete: true, updatedUs: t0, endpoints: {} }).flow);
    store.write({ spans: batch.map((b) => ({ flowId: b.requestId, spans: b.spans })), flows });
    for (const b of batch) {
      ids.push(b.requestId);
      aliases.push(b.aliases.get('neutron')!);
      spans += b.spans.length;
    }
  }
  const seconds = (nowMs() - started) / 1000;
  store.close();
  return { ids, aliases, spans, seconds };
}

export async function benchQuery(targetSpans: number, samples: number): Promise<QueryResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-bench-query-'));
  try {
    const path = join(dir, 'flows.db');
    const filled = fill(path, targetSpans);
    const pick = (i: number): number => (i * 7919) % filled.ids.length;

    const db = new Database(path, { readonly: true });
    const spansOf = db.prepare('SELECT data FROM spans WHERE flow_id = ? ORDER BY start_us');
    const flowRow = db.prepare('SELECT f.data FROM aliases a JOIN flows f ON f.id = a.flow_id WHERE a.alias = ?');
    const bareSpans: number[] = [];
    const bareFlow: number[] = [];
    for (let i = 0; i < samples; i++) {
      let t = nowMs();
      spansOf.all(filled.ids[pick(i)]!);
      bareSpans.push(nowMs() - t);
      t = nowMs();
      JSON.parse((flowRow.get(filled.aliases[pick(i + 1)]!) as { data: string }).data);
      bareFlow.push(nowMs() - t);
    }
    db.close();

    const analyzer = await startAnalyzer({ dbPath: path, port: 0 });
    const http: number[] = [];
    const inProcess: number[] = [];
    for (let i = 0; i < 200; i++) await (await fetch(`${analyzer.url}/api/flows/${filled.aliases[pick(i)]}`)).text();
    for (let i = 0; i < samples; i++) {
      const id = i % 2 === 0 ? filled.ids[pick(i)]! : filled.aliases[pick(i)]!;
      let t = nowMs();
      const response = await fetch(`${analyzer.url}/api/flows/${id}`);
      await response.text();
      http.push(nowMs() - t);
      if (response.status !== 200) throw new Error(`GET /api/flows/${id} answered ${response.status}`);
      t = nowMs();
      analyzer.getFlow(id);
      inProcess.push(nowMs() - t);
    }
    const stats = analyzer.counters();
    await analyzer.shutdown();
    const { statSync } = await import('node:fs');
    return {
      storedSpans: filled.spans,
      storedFlows: filled.ids.length,
      fillSpansPerSecond: Math.round(filled.spans / filled.seconds),
      dbBytes: statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0),
      httpGetFlowMs: percentiles(http),
      inProcessGetFlowMs: percentiles(inProcess),
      bareSqliteSpansOfRequestMs: percentiles(bareSpans),
      bareSqliteFlowRowMs: percentiles(bareFlow),
      ...(stats.query.serverErrors > 0 ? { serverErrors: stats.query.serverErrors } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
