/**
 * Migrates a version 4 database to version 5 on open, inside the caller's transaction: its two
 * tables keyed by trace id, `trace_spans` (the span ids stored per trace) and `flow_traces` (the
 * flow a trace id resolves to, its trace id as hex text), become the one `traces` table, so a
 * flow's trace costs one random index entry instead of two. Versions 2 and 3 end with the same
 * fold of `flow_traces`.
 */
import type Database from 'better-sqlite3';

/** Moves a version 4 file's `trace_spans` rows into `traces` (which must exist), then folds in `flow_traces`. */
export function migrateFromV4(db: Database.Database): void {
  db.exec('INSERT INTO traces (trace_id, span_ids) SELECT trace_id, span_ids FROM trace_spans; DROP TABLE trace_spans;');
  foldFlowTraces(db);
}

/**
 * Makes each trace id `flow_traces` maps resolve to its flow in `traces` (a row without spans
 * where the trace has none stored), then drops `flow_traces`. A trace id that is not 32 hex
 * digits never matched a span; it is left out.
 */
export function foldFlowTraces(db: Database.Database): void {
  db.exec(`INSERT INTO traces (trace_id, flow_id, span_ids)
      SELECT unhex(trace_id), flow_id, x'' FROM flow_traces WHERE length(trace_id) = 32 AND unhex(trace_id) IS NOT NULL
      ON CONFLICT (trace_id) DO UPDATE SET flow_id = excluded.flow_id;
    DROP TABLE flow_traces;`);
}
