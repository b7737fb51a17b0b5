/**
 * Migrates a version 2 database to the current layout on open, inside the caller's transaction:
 * each flow's spans (one JSON `spans` row each in version 2), read in start order, become one
 * `span_batches` row and their keys are claimed in `trace_spans`; flow rows (now listing their
 * aliases, trace ids and services) and service entries are copied into their current tables; the
 * old tables and per-flow indexes are dropped. Alias, trace, instance, operation and resource
 * rows stay. It re-encodes every span (about 15 µs each: some 15 s for a million spans, once).
 */
import type Database from 'better-sqlite3';
import type { Span } from '../../../core/span.js';
import { ProtoWriter } from '../../../collector/otlp/proto-writer.js';
import type { ResourceTable } from './resources.js';
import { SCHEMA } from './schema.js';
import { SpanKeys, spanKeysOf } from './span-keys.js';
import { encodeSpanRecords } from './span-records.js';

/** Spans per migrated row at most (a flow with more becomes several rows). */
const ROW_SPANS = 4096;

/** Rebuilds a version 2 file in the current layout (creating its tables); returns the number of spans moved. */
export function migrateFromV2(db: Database.Database, resources: ResourceTable): number {
  db.exec(`DROP INDEX flows_by_start; DROP INDEX flows_by_end; DROP INDEX flow_services_by_service;
    ALTER TABLE flows RENAME TO flows_v2; ALTER TABLE flow_services RENAME TO flow_services_v2;`);
  db.exec(SCHEMA);
  const list = (select: string): string => `(SELECT coalesce(group_concat(v, char(0)), '') FROM (${select}))`;
  db.exec(`INSERT INTO flows (id, operation, status, start_us, end_us, span_count, services, ids, trace_ids, data)
      SELECT id, operation, status, start_us, end_us, span_count,
        ${list("SELECT value AS v FROM json_each(f.data, '$.graph.nodes')")},
        ${list('SELECT alias AS v FROM aliases WHERE flow_id = f.id')},
        ${list('SELECT trace_id AS v FROM flow_traces WHERE flow_id = f.id')},
        data FROM flows_v2 f ORDER BY start_us;
    INSERT INTO flow_services (service, start_us, flow_id) SELECT service, start_us, flow_id FROM flow_services_v2;
    DROP TABLE flows_v2; DROP TABLE flow_services_v2; DROP INDEX aliases_by_flow; DROP INDEX flow_traces_by_flow;`);
  return migrateSpans(db, resources);
}

function migrateSpans(db: Database.Database, resources: ResourceTable): number {
  const flowIds = db.prepare('SELECT DISTINCT flow_id FROM spans').pluck().all() as string[];
  const rows = db.prepare('SELECT resource_id, data FROM spans WHERE flow_id = ? ORDER BY start_us');
  const keys = new SpanKeys(db);
  const insertBatch = db.prepare('INSERT INTO span_batches (flow_id, span_count, span_keys, data) VALUES (?, ?, ?, ?)');
  const writer = new ProtoWriter();
  const idOf = resources.idOf.bind(resources);
  let moved = 0;
  for (const flowId of flowIds) {
    const all = (rows.all(flowId) as { resource_id: number; data: string }[]).map((row): Span => ({ ...(JSON.parse(row.data) as Omit<Span, 'resource'>), resource: resources.resource(row.resource_id) }));
    for (let at = 0; at < all.length; at += ROW_SPANS) {
      const part = all.slice(at, at + ROW_SPANS);
      const spans = keys.claim(spanKeysOf(part), flowId).map((k) => part[k]!);
      if (spans.length === 0) continue;
      insertBatch.run(flowId, spans.length, spanKeysOf(spans), encodeSpanRecords(writer, spans, idOf));
      moved += spans.length;
    }
  }
  db.exec('DROP TABLE spans');
  return moved;
}
