/** The prepared statements of the SQLite backend, built once per connection. */
import type Database from 'better-sqlite3';
import type { HopKind } from '../../../core/flow.js';
import type { DependencyEdge, FlowQuery } from '../contracts.js';
import { FlowRecords } from './flow-records.js';
import { FLOW_OF_REQUEST_ID, FLOW_TABLES, SPAN_KEY_BYTES } from './schema.js';
import { SpanKeys } from './span-keys.js';

export class SqliteStatements {
  readonly #db: Database.Database;
  /** The flow id a request id resolves to (bind the id twice). */
  readonly aliasFlow: Database.Statement;
  readonly traceFlow: Database.Statement;
  /** The bodies of a flow's span rows, in write order. */
  readonly batchesOfFlow: Database.Statement;
  readonly flowsOfInstance: Database.Statement;
  readonly services: Database.Statement;
  readonly allOperations: Database.Statement;
  readonly operationsOf: Database.Statement;
  readonly flowCount: Database.Statement;
  readonly endedBefore: Database.Statement;
  readonly oldestFirst: Database.Statement;
  readonly insertBatch: Database.Statement;
  /** `counters.spans`: the number of stored spans. */
  readonly spanCount: Database.Statement;
  readonly addSpans: Database.Statement;
  readonly insertOperation: Database.Statement;
  readonly insertInstance: Database.Statement;
  readonly records: FlowRecords;
  /** Claims span keys on write, releases them on delete. */
  readonly keys: SpanKeys;
  readonly #deletes: readonly Database.Statement[];
  readonly #keysOfFlow: Database.Statement;
  readonly #moves: readonly Database.Statement[];
  readonly #dependencies: Database.Statement;

  constructor(db: Database.Database) {
    this.#db = db;
    this.aliasFlow = db.prepare(FLOW_OF_REQUEST_ID).pluck();
    this.traceFlow = db.prepare('SELECT flow_id FROM traces WHERE trace_id = ? AND flow_id IS NOT NULL').pluck();
    this.batchesOfFlow = db.prepare('SELECT data FROM span_batches WHERE flow_id = ? ORDER BY id').pluck();
    this.flowsOfInstance = db.prepare('SELECT f.data FROM flow_instances i JOIN flows f ON f.id = i.flow_id WHERE i.instance_uuid = ? ORDER BY f.start_us DESC LIMIT ?');
    this.services = db.prepare('SELECT DISTINCT service FROM operations ORDER BY service');
    this.allOperations = db.prepare('SELECT service, name, span_kind FROM operations ORDER BY service, name, span_kind');
    this.operationsOf = db.prepare('SELECT service, name, span_kind FROM operations WHERE service = ? ORDER BY name, span_kind');
    this.flowCount = db.prepare('SELECT count(*) AS n FROM flows');
    this.endedBefore = db.prepare('SELECT id FROM flows WHERE end_us < ? ORDER BY end_us');
    this.oldestFirst = db.prepare('SELECT id, span_count FROM flows ORDER BY start_us');
    this.spanCount = db.prepare("SELECT value FROM counters WHERE name = 'spans'").pluck();
    this.addSpans = db.prepare("UPDATE counters SET value = value + ? WHERE name = 'spans'");
    this.insertBatch = db.prepare('INSERT INTO span_batches (flow_id, span_count, span_keys, data) VALUES (?, ?, ?, ?)');
    this.insertOperation = db.prepare('INSERT OR IGNORE INTO operations (service, name, span_kind) VALUES (?, ?, ?)');
    this.records = new FlowRecords(db);
    this.keys = new SpanKeys(db);
    this.insertInstance = db.prepare('INSERT OR IGNORE INTO flow_instances (instance_uuid, flow_id) VALUES (?, ?)');
    this.#keysOfFlow = db.prepare('SELECT span_keys FROM span_batches WHERE flow_id = ?').pluck();
    this.#deletes = FLOW_TABLES.map(([table, column]) => db.prepare(`DELETE FROM ${table} WHERE ${column} = ?`));
    this.#moves = FLOW_TABLES.filter(([table]) => table !== 'flows').map(([table, column]) => db.prepare(`UPDATE OR IGNORE ${table} SET ${column} = ? WHERE ${column} = ?`));
    this.#dependencies = db.prepare('SELECT data FROM flows WHERE start_us >= ? AND start_us < ?');
  }

  /**
   * Deletes a flow and everything stored under it, span keys included; returns the number of spans
   * deleted (each batch row holds one key per span it stored).
   */
  deleteFlow(flowId: string): number {
    const keys = this.#keysOf(flowId);
    this.keys.release(keys, flowId);
    this.records.deleteOf(flowId);
    for (const statement of this.#deletes) statement.run(flowId);
    return keys.length / SPAN_KEY_BYTES;
  }

  /** Moves everything stored under `from` to `into` (span keys stay) and deletes the flow record `from`. */
  moveFlow(from: string, into: string): void {
    this.records.move(from, into);
    this.keys.moveTraces(this.#keysOf(from), from, into);
    for (const statement of this.#moves) statement.run(into, from);
    this.deleteFlow(from);
  }

  /** The keys of every span stored under a flow. */
  #keysOf(flowId: string): Buffer {
    return Buffer.concat(this.#keysOfFlow.all(flowId) as Buffer[]);
  }

  search(query: FlowQuery): Database.Statement {
    const where: string[] = [];
    const params: (string | number)[] = [];
    let from = 'flows f';
    let order = 'f.start_us';
    if (query.service !== undefined) {
      from = 'flow_services s JOIN flows f ON f.id = s.flow_id';
      order = 's.start_us';
      where.push('s.service = ?');
      params.push(query.service);
    }
    const filter = (clause: string, value: string | number | undefined): void => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    filter('f.operation = ?', query.operation);
    filter('f.status = ?', query.status);
    filter('f.start_us >= ?', query.sinceUs);
    filter('f.start_us < ?', query.untilUs);
    const sql = `SELECT f.data FROM ${from}${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY ${order} DESC LIMIT ?`;
    return this.#db.prepare(sql).bind(...params, query.limit);
  }

  dependencies(sinceUs: number, untilUs: number): DependencyEdge[] {
    const edges = new Map<string, { from: string; to: string; kind: HopKind; callCount: number; errorCount: number }>();
    for (const row of this.#dependencies.iterate(sinceUs, untilUs) as Iterable<{ data: string }>) {
      const flow = JSON.parse(row.data) as { graph: { edges: { from: string; to: string; kind: HopKind; count: number; errors: number }[] } };
      for (const e of flow.graph.edges) {
        const key = `${e.from}\u0000${e.to}\u0000${e.kind}`;
        const seen = edges.get(key) ?? { from: e.from, to: e.to, kind: e.kind, callCount: 0, errorCount: 0 };
        seen.callCount += e.count;
        seen.errorCount += e.errors;
        edges.set(key, seen);
      }
    }
    return [...edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.kind.localeCompare(b.kind));
  }
}
