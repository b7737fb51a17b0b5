/**
 * Turns a current flow database into the layout an older analyzer would have left with the same
 * content, for the migration tests (migrate-v3.test.ts, migrate-v4.test.ts).
 */
import Database from 'better-sqlite3';
import { SPAN_KEY_BYTES } from '../store/sqlite/schema.js';

/** Version 4: `traces` split into `trace_spans` (span ids per trace) and `flow_traces` (hex trace id → flow). */
export function downgradeToV4(path: string): void {
  const db = new Database(path);
  db.exec(`CREATE TABLE trace_spans (trace_id BLOB PRIMARY KEY, span_ids BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE flow_traces (trace_id TEXT PRIMARY KEY, flow_id TEXT NOT NULL) WITHOUT ROWID;
    INSERT INTO trace_spans SELECT trace_id, span_ids FROM traces WHERE length(span_ids) > 0;
    INSERT INTO flow_traces SELECT lower(hex(trace_id)), flow_id FROM traces WHERE flow_id IS NOT NULL;
    DROP TABLE traces;
    UPDATE meta SET value = '4' WHERE key = 'schema_version';`);
  db.close();
}

/**
 * Version 3: as version 4, but one `span_keys` row per stored span (trace id then span id), taken
 * from the keys each batch row lists, instead of one `trace_spans` row per trace.
 */
export function downgradeToV3(path: string): void {
  downgradeToV4(path);
  const db = new Database(path);
  db.exec('CREATE TABLE span_keys (id BLOB PRIMARY KEY) WITHOUT ROWID');
  const insert = db.prepare('INSERT INTO span_keys (id) VALUES (?)');
  for (const keys of db.prepare('SELECT span_keys FROM span_batches').pluck().all() as Buffer[]) {
    for (let at = 0; at < keys.length; at += SPAN_KEY_BYTES) insert.run(keys.subarray(at, at + SPAN_KEY_BYTES));
  }
  db.exec("DROP TABLE trace_spans; UPDATE meta SET value = '3' WHERE key = 'schema_version'");
  db.close();
}
