import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFlow } from '../../reconstruct/build-flow.js';
import { scriptBoot } from '../../testing/boot.js';
import { downgradeToV4 } from '../../testing/older-schemas.js';
import { SpanFactory } from '../../testing/spans.js';
import { SCHEMA_VERSION } from './schema.js';
import { SqliteFlowStore } from './sqlite-store.js';

describe('SqliteFlowStore opening a version 4 file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-migrate-v4-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const factory = new SpanFactory(41);
  const boots = [scriptBoot(factory, 1_764_000_000_000_000), scriptBoot(factory, 1_764_000_030_000_000)];
  const flows = boots.map((b) => buildFlow({ id: b.requestId, aliases: b.aliases.values(), spans: b.spans, complete: true, updatedUs: 1, endpoints: {} }).flow);
  /** The second flow's Jaeger trace id is one of its own, with no span in it (as for a flow continuing another's trace). */
  const ownTrace = 'ab'.repeat(16);
  flows[1] = { ...flows[1]!, traceIds: [ownTrace, ...flows[1]!.traceIds] };

  it('folds its span ids and trace-to-flow rows into one row per trace: every trace resolves as before, writes stay idempotent', () => {
    const path = join(dir, 'v4.db');
    const first = new SqliteFlowStore(path);
    first.write({ spans: boots.map((b) => ({ flowId: b.requestId, spans: b.spans })), flows });
    first.close();
    downgradeToV4(path);
    const v4 = new Database(path);
    v4.exec("INSERT INTO flow_traces VALUES ('not-hex', 'nowhere')");
    v4.close();

    const store = new SqliteFlowStore(path);
    for (const [i, boot] of boots.entries()) expect(store.flowIdOfTrace(boot.spans[0]!.traceId)).toBe(flows[i]!.id);
    expect(store.flowIdOfTrace(ownTrace)).toBe(flows[1]!.id);
    const total = boots[0]!.spans.length + boots[1]!.spans.length;
    store.write({ spans: boots.map((b) => ({ flowId: 'redelivered', spans: b.spans })) });
    expect(store.stats()).toEqual({ flows: 2, spans: total });
    expect(store.getSpans('redelivered')).toEqual([]);
    expect(store.prune({ maxSpans: 1 }, 0, 2)).toEqual({ flows: 2, spans: total });
    expect(store.flowIdOfTrace(ownTrace)).toBeUndefined();
    store.close();

    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe(String(SCHEMA_VERSION));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('trace_spans', 'flow_traces')").all()).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM traces').pluck().get()).toBe(0); // every flow pruned: no trace row left behind
    db.close();
  });
});
