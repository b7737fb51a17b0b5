import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../../core/flow.js';
import type { Span } from '../../../core/span.js';
import { buildFlow } from '../../reconstruct/build-flow.js';
import { scriptBoot } from '../../testing/boot.js';
import { SpanFactory } from '../../testing/spans.js';
import { SCHEMA_VERSION } from './schema.js';
import { SqliteFlowStore } from './sqlite-store.js';

/** The version 2 layout, as the analyzer of the second stop created it. */
const V2_SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE resources (id INTEGER PRIMARY KEY, data TEXT NOT NULL UNIQUE);
CREATE TABLE spans (trace_id TEXT NOT NULL, span_id TEXT NOT NULL, flow_id TEXT NOT NULL, start_us INTEGER NOT NULL, resource_id INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (trace_id, span_id));
CREATE INDEX spans_by_flow ON spans (flow_id, start_us);
CREATE TABLE flows (id TEXT PRIMARY KEY, operation TEXT NOT NULL, status TEXT NOT NULL, start_us INTEGER NOT NULL, end_us INTEGER NOT NULL, span_count INTEGER NOT NULL, data TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX flows_by_start ON flows (start_us);
CREATE INDEX flows_by_end ON flows (end_us);
CREATE TABLE aliases (alias TEXT PRIMARY KEY, flow_id TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX aliases_by_flow ON aliases (flow_id);
CREATE TABLE flow_traces (trace_id TEXT PRIMARY KEY, flow_id TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX flow_traces_by_flow ON flow_traces (flow_id);
CREATE TABLE flow_services (flow_id TEXT NOT NULL, service TEXT NOT NULL, start_us INTEGER NOT NULL, PRIMARY KEY (flow_id, service)) WITHOUT ROWID;
CREATE INDEX flow_services_by_service ON flow_services (service, start_us);
CREATE TABLE flow_instances (instance_uuid TEXT NOT NULL, flow_id TEXT NOT NULL, PRIMARY KEY (instance_uuid, flow_id)) WITHOUT ROWID;
CREATE INDEX flow_instances_by_flow ON flow_instances (flow_id);
CREATE TABLE operations (service TEXT NOT NULL, name TEXT NOT NULL, span_kind TEXT NOT NULL, PRIMARY KEY (service, name, span_kind)) WITHOUT ROWID;
INSERT INTO meta VALUES ('schema_version', '2');
`;

/** Writes flows and their spans as the version 2 backend did (span JSON without the resource). */
function writeV2(path: string, flows: readonly { flow: Flow; spans: readonly Span[] }[]): void {
  const db = new Database(path);
  db.exec(V2_SCHEMA);
  const resource = db.prepare('INSERT OR IGNORE INTO resources (data) VALUES (?) RETURNING id').pluck();
  const resourceId = db.prepare('SELECT id FROM resources WHERE data = ?').pluck();
  for (const { flow, spans } of flows) {
    for (const { resource: r, ...rest } of spans) {
      const json = JSON.stringify(r);
      const id = (resource.get(json) ?? resourceId.get(json)) as number;
      db.prepare('INSERT INTO spans VALUES (?, ?, ?, ?, ?, ?)').run(rest.traceId, rest.spanId, flow.id, rest.startUs, id, JSON.stringify(rest));
    }
    db.prepare('INSERT INTO flows VALUES (?, ?, ?, ?, ?, ?, ?)').run(flow.id, flow.operation, flow.status, flow.startUs, flow.endUs, flow.spanCount, JSON.stringify(flow));
    for (const alias of [flow.id, ...flow.aliases]) db.prepare('INSERT OR REPLACE INTO aliases VALUES (?, ?)').run(alias, flow.id);
    for (const traceId of flow.traceIds) db.prepare('INSERT OR IGNORE INTO flow_traces VALUES (?, ?)').run(traceId, flow.id);
    for (const service of flow.graph.nodes) db.prepare('INSERT INTO flow_services VALUES (?, ?, ?)').run(flow.id, service, flow.startUs);
  }
  db.close();
}

describe('SqliteFlowStore opening a version 2 file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const factory = new SpanFactory(21);
  const boots = [scriptBoot(factory, 1_764_000_000_000_000), scriptBoot(factory, 1_764_000_030_000_000)];
  const flows = boots.map((b) => ({ flow: buildFlow({ id: b.requestId, aliases: b.aliases.values(), spans: b.spans, complete: true, updatedUs: 1, endpoints: {} }).flow, spans: b.spans }));

  it('migrates it: every flow, span, alias, trace and service is served as before, and writes go on', () => {
    const path = join(dir, 'v2.db');
    writeV2(path, flows);
    const store = new SqliteFlowStore(path);
    const total = boots[0]!.spans.length + boots[1]!.spans.length;
    expect(store.stats()).toEqual({ flows: 2, spans: total });
    for (const [i, boot] of boots.entries()) {
      expect(store.getSpans(boot.requestId)).toEqual([...boot.spans].sort((a, b) => a.startUs - b.startUs));
      expect(store.getFlow(boot.aliases.get('neutron')!)).toEqual(flows[i]!.flow);
      expect(store.flowIdOfTrace(boot.spans[0]!.traceId)).toBe(boot.requestId);
    }
    expect(store.searchFlows({ service: 'placement', limit: 10 }).map((f) => f.id)).toEqual([boots[1]!.requestId, boots[0]!.requestId]);
    store.write({ spans: [{ flowId: boots[0]!.requestId, spans: boots[0]!.spans }] });
    expect(store.stats().spans).toBe(total);
    expect(store.prune({ maxSpans: 1 }, 0, 1)).toEqual({ flows: 1, spans: boots[0]!.spans.length });
    expect(store.searchFlows({ service: 'placement', limit: 10 }).map((f) => f.id)).toEqual([boots[1]!.requestId]);
    store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe(String(SCHEMA_VERSION));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('spans', 'flows_v2', 'flow_services_v2', 'span_keys', 'trace_spans', 'flow_traces')").all()).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM traces').pluck().get()).toBe(new Set(boots[1]!.spans.map((s) => s.traceId)).size);
    db.close();
  });

  it('refuses a file of another version with a message saying what to do, and leaves it untouched', () => {
    const path = join(dir, 'v9.db');
    const db = new Database(path);
    db.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID; INSERT INTO meta VALUES ('schema_version', '9')");
    db.close();
    expect(() => new SqliteFlowStore(path)).toThrow(`flow database ${path} has schema version 9, this analyzer reads version 5 (and migrates versions 2, 3, 4); move the file away or point dbPath elsewhere`);
    const after = new Database(path, { readonly: true });
    expect(after.prepare('SELECT name FROM sqlite_master').pluck().all()).toEqual(['meta']);
    after.close();
  });
});
