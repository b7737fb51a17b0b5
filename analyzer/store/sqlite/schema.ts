/**
 * The SQLite layout, version 5. A write stores each flow's new spans as one `span_batches` row
 * (an append: its body is a SpanRecords message of OTLP Span messages, span-records.ts), so a
 * span costs a share of one row and one index entry instead of a row and two index entries of
 * its own. `traces` has one row per trace (WITHOUT ROWID, keyed by the trace id's 16 bytes): the
 * span ids stored for it, which make writes idempotent (span-keys.ts; a new trace's spans are
 * claimed with one insert), and the flow its id resolves to (set by the first flow that stores
 * spans of it, and by the flow whose Jaeger trace it is), so a flow's trace costs one random
 * index entry, not two. A batch row's `span_keys` column holds the keys (trace id and span id)
 * it added, so deleting the row releases them. `counters.spans` is the number of stored spans,
 * kept by every write, so any connection reads it without counting.
 *
 * Flows are stored whole as JSON next to the columns searches filter on, appended (flow rows
 * are rowid rows; flow-records.ts); aliases map to flows through their own table, so
 * `GET /api/flows/{any id}` is two key lookups. A flow's row lists its aliases, trace ids and
 * services, which is how deleting or merging it finds their rows (no per-flow indexes to keep).
 * Resources are stored once.
 *
 * Older files are migrated on open: version 4 (`trace_spans` and `flow_traces` apart,
 * migrate-v4.ts), version 3 (one `span_keys` row per span, migrate-v3.ts) and version 2 (one
 * `spans` row per span with a JSON body, migrate-v2.ts).
 */
export const SCHEMA_VERSION = 5;

/**
 * The flow a request id resolves to (the one parameter, given twice): an alias row, else the
 * flow of that id (a flow's own id has no alias row unless it was merged into another).
 */
export const FLOW_OF_REQUEST_ID = 'SELECT flow_id FROM aliases WHERE alias = ? UNION ALL SELECT id FROM flows WHERE id = ? LIMIT 1';

/** Bytes of a trace id, the first part of a span key and the key of `traces`. */
export const TRACE_ID_BYTES = 16;

/** A trace id (hex, as spans and flows hold it) as the key of its `traces` row. */
export function traceKey(traceId: string): Buffer {
  return Buffer.from(traceId, 'hex');
}

/** Bytes of one span key in `span_batches.span_keys`: trace id (16) then span id (8). */
export const SPAN_KEY_BYTES = 24;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS resources (id INTEGER PRIMARY KEY, data TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS traces (trace_id BLOB PRIMARY KEY, flow_id TEXT, span_ids BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS span_batches (
  id INTEGER PRIMARY KEY,
  flow_id TEXT NOT NULL,
  span_count INTEGER NOT NULL,
  span_keys BLOB NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS span_batches_by_flow ON span_batches (flow_id);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS flows (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  operation TEXT NOT NULL,
  status TEXT NOT NULL,
  start_us INTEGER NOT NULL,
  end_us INTEGER NOT NULL,
  span_count INTEGER NOT NULL,
  services TEXT NOT NULL,
  ids TEXT NOT NULL,
  trace_ids TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS flows_by_start ON flows (start_us);
CREATE INDEX IF NOT EXISTS flows_by_end ON flows (end_us);
CREATE TABLE IF NOT EXISTS aliases (alias TEXT PRIMARY KEY, flow_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS flow_services (service TEXT NOT NULL, start_us INTEGER NOT NULL, flow_id TEXT NOT NULL, PRIMARY KEY (service, start_us, flow_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS flow_instances (instance_uuid TEXT NOT NULL, flow_id TEXT NOT NULL, PRIMARY KEY (instance_uuid, flow_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS flow_instances_by_flow ON flow_instances (flow_id);
CREATE TABLE IF NOT EXISTS operations (service TEXT NOT NULL, name TEXT NOT NULL, span_kind TEXT NOT NULL, PRIMARY KEY (service, name, span_kind)) WITHOUT ROWID;
`;

/**
 * Tables whose rows belong to one flow, found by the column naming it (span_batches first). The
 * alias and service rows of a flow are found through its row instead (flow-records.ts), and the
 * trace rows naming it through its row and its batch rows' keys (statements.ts).
 */
export const FLOW_TABLES: readonly (readonly [string, string])[] = [
  ['span_batches', 'flow_id'],
  ['flow_instances', 'flow_id'],
  ['flows', 'id'],
];
