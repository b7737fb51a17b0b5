/**
 * The SQLite backend (better-sqlite3 12, WAL, synchronous=NORMAL). Writes are one transaction per
 * batch with the spans of each flow inserted next to each other; reads are prepared statements on
 * primary keys or index ranges. The file survives restarts; `:memory:` is allowed for tests.
 */
import Database from 'better-sqlite3';
import type { Span } from '../../../core/span.js';
import type { Flow } from '../../../core/flow.js';
import type { DependencyEdge, FlowQuery, FlowStore, OperationInfo, Retention, StoreStats, WriteBatch } from '../contracts.js';
import { SqliteStatements } from './statements.js';
import { ResourceTable } from './resources.js';
import { SCHEMA, SCHEMA_VERSION } from './schema.js';
import { writeBatch } from './write.js';

export class SqliteFlowStore implements FlowStore {
  readonly #db: Database.Database;
  readonly #sql: SqliteStatements;
  readonly #resources: ResourceTable;
  #spanCount: number;
  #closed = false;

  /** Opens (creating when absent) the database at `path`. */
  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('cache_size = -65536');
    this.#db.exec(SCHEMA);
    this.#checkVersion(path);
    this.#sql = new SqliteStatements(this.#db);
    this.#resources = new ResourceTable(this.#db);
    this.#spanCount = (this.#db.prepare('SELECT count(*) AS n FROM spans').get() as { n: number }).n;
  }

  getFlow(requestId: string): Flow | undefined {
    const row = this.#sql.flowByAlias.get(requestId) as { data: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.data) as Flow);
  }

  getFlowJson(requestId: string): string | undefined {
    return (this.#sql.flowByAlias.get(requestId) as { data: string } | undefined)?.data;
  }

  flowIdOf(requestId: string): string | undefined {
    return (this.#sql.aliasFlow.get(requestId) as { flow_id: string } | undefined)?.flow_id;
  }

  flowIdOfTrace(traceId: string): string | undefined {
    return (this.#sql.traceFlow.get(traceId) as { flow_id: string } | undefined)?.flow_id;
  }

  getSpans(flowId: string): Span[] {
    const rows = this.#sql.spansOfFlow.all(flowId) as { data: string; resource_id: number }[];
    return rows.map((r) => ({ ...(JSON.parse(r.data) as Omit<Span, 'resource'>), resource: this.#resources.resource(r.resource_id) }));
  }

  searchFlows(query: FlowQuery): Flow[] {
    const rows = this.#sql.search(query).all() as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as Flow);
  }

  flowsOfInstance(instanceUuid: string, limit: number): Flow[] {
    return (this.#sql.flowsOfInstance.all(instanceUuid, limit) as { data: string }[]).map((r) => JSON.parse(r.data) as Flow);
  }

  services(): string[] {
    return (this.#sql.services.all() as { service: string }[]).map((r) => r.service);
  }

  operations(service?: string): OperationInfo[] {
    const rows = (service === undefined ? this.#sql.allOperations.all() : this.#sql.operationsOf.all(service)) as { service: string; name: string; span_kind: string }[];
    return rows.map((r) => ({ service: r.service, name: r.name, spanKind: r.span_kind }));
  }

  dependencies(sinceUs: number, untilUs: number): DependencyEdge[] {
    return this.#sql.dependencies(sinceUs, untilUs);
  }

  stats(): StoreStats {
    return { flows: (this.#sql.flowCount.get() as { n: number }).n, spans: this.#spanCount };
  }

  write(batch: WriteBatch): void {
    this.#spanCount += this.#db.transaction(() => writeBatch(this.#sql, this.#resources, batch))();
  }

  prune(retention: Retention, nowUs: number): StoreStats {
    const doomed: string[] = [];
    if (retention.maxAgeMs !== undefined && retention.maxAgeMs > 0) {
      doomed.push(...(this.#sql.endedBefore.all(nowUs - retention.maxAgeMs * 1000) as { id: string }[]).map((r) => r.id));
    }
    if (retention.maxSpans !== undefined && retention.maxSpans > 0 && this.#spanCount > retention.maxSpans) {
      let excess = this.#spanCount - retention.maxSpans;
      for (const row of this.#sql.oldestFirst.iterate() as Iterable<{ id: string; span_count: number }>) {
        if (excess <= 0) break;
        doomed.push(row.id);
        excess -= row.span_count;
      }
    }
    const removed = this.#db.transaction(() => {
      let spans = 0;
      const unique = new Set(doomed);
      for (const id of unique) spans += this.#sql.deleteFlow(id);
      return { flows: unique.size, spans };
    })();
    this.#spanCount -= removed.spans;
    return removed;
  }

  #checkVersion(path: string): void {
    const row = this.#db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    if (row === undefined) {
      this.#db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
      return;
    }
    if (row.value !== String(SCHEMA_VERSION)) {
      this.#db.close();
      throw new Error(`flow database ${path} has schema version ${row.value}, this analyzer reads version ${SCHEMA_VERSION}; move the file away or point dbPath elsewhere`);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}
