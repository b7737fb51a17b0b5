/**
 * The query benchmark's store, filled in its own process so the measured server starts clean:
 * scripted boots (26 spans each, 200 flows per transaction) written through the store's own
 * batched writer until `targetSpans` are stored, then a bare indexed SQLite lookup of each
 * sampled flow's spans and of its flow row by request id. Prints one JSON line (FilledStore).
 *
 * Run: `node --import tsx bench/analyzer-query-fill.ts '<FillConfig JSON>'` (analyzer-query.ts does).
 */
import Database from 'better-sqlite3';
import { buildFlow } from '../analyzer/reconstruct/build-flow.js';
import { SqliteFlowStore } from '../analyzer/store/sqlite/sqlite-store.js';
import { scriptBoot } from '../analyzer/testing/boot.js';
import { SpanFactory } from '../analyzer/testing/spans.js';
import { nowMs, percentiles } from './analyzer-stats.js';
import type { Percentiles } from './analyzer-stats.js';

export interface FillConfig {
  readonly path: string;
  readonly targetSpans: number;
  /** Request ids sampled for warming up (not looked up bare). */
  readonly warmup: number;
  /** Request ids sampled for measuring, each also looked up bare. */
  readonly samples: number;
}

export interface FilledStore {
  readonly spans: number;
  readonly flows: number;
  readonly seconds: number;
  /** `warmup + samples` request ids spread over the store: flow ids and neutron aliases alternately. */
  readonly requestIds: readonly string[];
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

/** Sample i reads the spans of flow `flowIds[i]` and the flow row of request id `requestIds[i]`. */
function bareLookups(path: string, flowIds: readonly string[], requestIds: readonly string[]): { spans: number[]; flow: number[] } {
  const db = new Database(path, { readonly: true });
  const spansOf = db.prepare('SELECT data FROM span_batches WHERE flow_id = ? ORDER BY id');
  const flowRow = db.prepare('SELECT data FROM flows WHERE id = coalesce((SELECT flow_id FROM aliases WHERE alias = ?), ?)');
  const spans: number[] = [];
  const flow: number[] = [];
  for (let i = 0; i < requestIds.length; i++) {
    let t = nowMs();
    spansOf.all(flowIds[i]!);
    spans.push(nowMs() - t);
    t = nowMs();
    JSON.parse((flowRow.get(requestIds[i]!, requestIds[i]!) as { data: string }).data);
    flow.push(nowMs() - t);
  }
  db.close();
  return { spans, flow };
}

function main(config: FillConfig): FilledStore {
  const filled = fill(config.path, config.targetSpans);
  const pick = (i: number): number => (i * 7919) % filled.ids.length;
  const flowIds = Array.from({ length: config.warmup + config.samples }, (_, i) => filled.ids[pick(i)]!);
  const requestIds = flowIds.map((id, i) => (i % 2 === 0 ? id : filled.aliases[pick(i)]!));
  const bare = bareLookups(config.path, flowIds.slice(config.warmup), requestIds.slice(config.warmup));
  return {
    spans: filled.spans,
    flows: filled.ids.length,
    seconds: filled.seconds,
    requestIds,
    bareSqliteSpansOfRequestMs: percentiles(bare.spans),
    bareSqliteFlowRowMs: percentiles(bare.flow),
  };
}

process.stdout.write(`${JSON.stringify(main(JSON.parse(process.argv[2]!) as FillConfig))}\n`);
