/**
 * The SQLite layout. Spans are rows keyed by (trace_id, span_id) — the idempotency key — with an
 * index on flow_id, so one flow's spans are one index range. Flows are stored whole as JSON next
 * to the columns searches filter on; aliases and trace ids map to flows through their own tables,
 * so `GET /api/flows/{any id}` is two primary-key lookups. A span's JSON leaves out its resource
 * (stored once in `resources`).
 */
export const SCHEMA_VERSION = 2;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS resources (id INTEGER PRIMARY KEY, data TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS spans (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  flow_id TEXT NOT NULL,
  start_us INTEGER NOT NULL,
  resource_id INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX IF NOT EXISTS spans_by_flow ON spans (flow_id, start_us);
CREATE TABLE IF NOT EXISTS flows (
  id TEXT PRIMARY KEY,
  operation TEXT NOT NULL,
  status TEXT NOT NULL,
  start_us INTEGER NOT NULL,
  end_us INTEGER NOT NULL,
  span_count INTEGER NOT NULL,
  data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS flows_by_start ON flows (start_us);
CREATE INDEX IF NOT EXISTS flows_by_end ON flows (end_us);
CREATE TABLE IF NOT EXISTS aliases (alias TEXT PRIMARY KEY, flow_id TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS aliases_by_flow ON aliases (flow_id);
CREATE TABLE IF NOT EXISTS flow_traces (trace_id TEXT PRIMARY KEY, flow_id TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS flow_traces_by_flow ON flow_traces (flow_id);
CREATE TABLE IF NOT EXISTS flow_services (flow_id TEXT NOT NULL, service TEXT NOT NULL, start_us INTEGER NOT NULL, PRIMARY KEY (flow_id, service)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS flow_services_by_service ON flow_services (service, start_us);
CREATE TABLE IF NOT EXISTS flow_instances (instance_uuid TEXT NOT NULL, flow_id TEXT NOT NULL, PRIMARY KEY (instance_uuid, flow_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS flow_instances_by_flow ON flow_instances (flow_id);
CREATE TABLE IF NOT EXISTS operations (service TEXT NOT NULL, name TEXT NOT NULL, span_kind TEXT NOT NULL, PRIMARY KEY (service, name, span_kind)) WITHOUT ROWID;
`;

/** Tables whose rows belong to one flow, with the column naming it. */
export const FLOW_TABLES: readonly (readonly [string, string])[] = [
  ['spans', 'flow_id'],
  ['aliases', 'flow_id'],
  ['flow_traces', 'flow_id'],
  ['flow_services', 'flow_id'],
  ['flow_instances', 'flow_id'],
  ['flows', 'id'],
];
