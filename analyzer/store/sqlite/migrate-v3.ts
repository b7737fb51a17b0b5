/**
 * Migrates a version 3 database's span keys on open, inside the caller's transaction: the
 * `span_keys` rows (one per stored span: trace id then span id) become one `traces` row per
 * trace, and `span_keys` is dropped; the flows trace ids resolve to are then folded in from
 * `flow_traces` (migrate-v4.ts). Keys are read in key order, so the spans of a trace arrive
 * together, a page of keys at a time.
 */
import type Database from 'better-sqlite3';
import { SPAN_KEY_BYTES, TRACE_ID_BYTES } from './schema.js';

/** Keys read per query. */
const PAGE_KEYS = 8192;

/** Moves a version 3 file's span keys into `traces` (which must exist) and drops `span_keys`. */
export function migrateFromV3(db: Database.Database, pageKeys = PAGE_KEYS): void {
  const page = db.prepare('SELECT id FROM span_keys WHERE id > ? ORDER BY id LIMIT ?').pluck();
  const insert = db.prepare('INSERT INTO traces (trace_id, span_ids) VALUES (?, ?)');
  let trace: Buffer | undefined;
  let spanIds: Buffer[] = [];
  const flush = (): void => {
    if (trace !== undefined) insert.run(trace, Buffer.concat(spanIds));
  };
  let after: Buffer = Buffer.alloc(0);
  for (let keys = page.all(after, pageKeys) as Buffer[]; keys.length > 0; keys = page.all(after, pageKeys) as Buffer[]) {
    for (const key of keys) {
      if (key.length !== SPAN_KEY_BYTES) continue;
      const keyTrace = key.subarray(0, TRACE_ID_BYTES);
      if (trace === undefined || !keyTrace.equals(trace)) {
        flush();
        [trace, spanIds] = [keyTrace, []];
      }
      spanIds.push(key.subarray(TRACE_ID_BYTES));
    }
    after = keys[keys.length - 1]!;
  }
  flush();
  db.exec('DROP TABLE span_keys');
}
