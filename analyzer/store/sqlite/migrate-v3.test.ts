import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFlow } from '../../reconstruct/build-flow.js';
import { scriptBoot } from '../../testing/boot.js';
import { SpanFactory } from '../../testing/spans.js';
import { migrateFromV3 } from './migrate-v3.js';
import { downgradeToV3 } from '../../testing/older-schemas.js';
import { SCHEMA, SCHEMA_VERSION } from './schema.js';
import { SqliteFlowStore } from './sqlite-store.js';

describe('SqliteFlowStore opening a version 3 file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-migrate-v3-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const factory = new SpanFactory(31);
  const boots = [scriptBoot(factory, 1_764_000_000_000_000), scriptBoot(factory, 1_764_000_030_000_000)];
  const flows = boots.map((b) => buildFlow({ id: b.requestId, aliases: b.aliases.values(), spans: b.spans, complete: true, updatedUs: 1, endpoints: {} }).flow);

  it('moves its span keys into one row per trace: re-delivered spans stay out, pruned ones come back', () => {
    const path = join(dir, 'v3.db');
    const first = new SqliteFlowStore(path);
    first.write({ spans: boots.map((b) => ({ flowId: b.requestId, spans: b.spans })), flows });
    first.close();
    downgradeToV3(path);

    const store = new SqliteFlowStore(path);
    const total = boots[0]!.spans.length + boots[1]!.spans.length;
    expect(store.stats()).toEqual({ flows: 2, spans: total });
    store.write({ spans: boots.map((b) => ({ flowId: 'redelivered', spans: b.spans })) });
    expect(store.stats().spans).toBe(total);
    expect(store.getSpans('redelivered')).toEqual([]);
    expect(store.prune({ maxSpans: 1 }, 0, 1)).toEqual({ flows: 1, spans: boots[0]!.spans.length });
    store.write({ spans: boots.map((b) => ({ flowId: 'redelivered', spans: b.spans })) });
    expect(store.getSpans('redelivered')).toEqual([...boots[0]!.spans].sort((a, b) => a.startUs - b.startUs));
    expect(store.getSpans(boots[1]!.requestId)).toEqual([...boots[1]!.spans].sort((a, b) => a.startUs - b.startUs));
    store.close();

    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe(String(SCHEMA_VERSION));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('span_keys', 'trace_spans', 'flow_traces')").all()).toEqual([]);
    const traces = new Set(boots.flatMap((b) => b.spans.map((s) => s.traceId)));
    const rows = db.prepare('SELECT trace_id, span_ids FROM traces').raw().all() as [Buffer, Buffer][];
    expect(rows.map(([trace]) => trace.toString('hex')).sort()).toEqual([...traces].sort());
    expect(rows.reduce((n, [, ids]) => n + ids.length / 8, 0)).toBe(total);
    db.close();
  });

  it('reads the keys a page at a time, a trace split across pages included', () => {
    const path = join(dir, 'paged.db');
    const first = new SqliteFlowStore(path);
    first.write({ spans: boots.map((b) => ({ flowId: b.requestId, spans: b.spans })), flows });
    /** Each trace's span ids, sorted (their order in a row is the order they were claimed). */
    const rows = (db: Database.Database): [string, string[]][] =>
      (db.prepare('SELECT trace_id, span_ids FROM traces ORDER BY trace_id').raw().all() as [Buffer, Buffer][])
        .map(([trace, ids]) => [trace.toString('hex'), (ids.toString('hex').match(/.{16}/g) ?? []).sort()]);
    first.close();
    const written = new Database(path, { readonly: true });
    const expected = rows(written);
    written.close();
    downgradeToV3(path);
    const db = new Database(path);
    db.exec(SCHEMA);
    migrateFromV3(db, 3);
    expect(rows(db)).toEqual(expected);
    db.close();
  });
});
