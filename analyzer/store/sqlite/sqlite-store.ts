/**
 * The SQLite backend (better-sqlite3 12, WAL, synchronous=NORMAL). Writes are one transaction per
 * batch, each flow's new spans one row (schema.ts), begun IMMEDIATE: a write that read first and
 * then found the WAL changed under it (the checkpoint worker's TRUNCATE) would fail SQLITE_BUSY
 * at once, without waiting; taking the write lock up front waits through the busy timeout
 * instead (seen once, on shutdown, in the pipeline benchmark). Commits never checkpoint (a
 * worker thread does, checkpointer.ts); reads are prepared statements on primary keys or index
 * ranges. The file survives restarts (older versions are migrated on open); `:memory:` is
 * allowed for tests.
 */
import Database from 'better-sqlite3';
import type { Span } from '../../../core/span.js';
import type { Flow } from '../../../core/flow.js';
import type { DependencyEdge, FlowQuery, FlowStore, OperationInfo, Retention, StoreStats, WriteBatch } from '../contracts.js';
import { ProtoWriter } from '../../../collector/otlp/proto-writer.js';
import { FlowJsonReader } from './flow-json.js';
import { migrateFromV2 } from './migrate-v2.js';
import { migrateFromV3 } from './migrate-v3.js';
import { foldFlowTraces, migrateFromV4 } from './migrate-v4.js';
import { SqliteStatements } from './statements.js';
import { ResourceTable } from './resources.js';
import { SCHEMA, SCHEMA_VERSION, traceKey } from './schema.js';
import { decodeSpanRecords } from './span-records.js';
import { writeRows } from './write.js';
import type { WriteContext } from './write.js';
import { prepareBatch } from './batch-rows.js';
import type { BatchRows, PrepareContext } from './batch-rows.js';
import { WalCheckpointer } from './checkpointer.js';
import type { CheckpointOptions, CheckpointStats } from './checkpointer.js';

export interface SqliteStoreOptions {
  /**
   * How much of the database file reads map into memory instead of copying through read(2)
   * (SQLite's `mmap_size`; SQLite caps it at 2 GiB). A lookup of one flow walks several B-tree and
   * overflow pages: mapped, a page outside SQLite's own cache costs a memory copy, not a system
   * call (about half the time of a random `GET /api/flows/{id}` lookup at 1M stored spans). 0
   * turns mapping off. Writes go through write(2) either way.
   * @default 2147418112 (SQLite's maximum)
   */
  readonly mmapBytes?: number;
  /**
   * Who copies the WAL back into the database file. `worker` (for a file): a worker thread with
   * its own connection, in small PASSIVE steps, with the WAL's size bounded (checkpointer.ts);
   * commits never checkpoint. `auto`: SQLite's automatic checkpoint inside the commit that takes
   * the WAL past 1000 pages (up to hundreds of ms on the writer's thread). `:memory:` has no WAL.
   * @default 'worker'
   */
  readonly checkpoint?: 'worker' | 'auto';
  readonly checkpointer?: CheckpointOptions;
}

export const DEFAULT_SQLITE_MMAP_BYTES = 2_147_418_112;
/** What a WAL file is cut back to once checkpointed (SQLite's `journal_size_limit`). */
const WAL_KEEP_BYTES = 16 * 1024 * 1024;
/**
 * SQLite's page cache per connection, in KiB (`cache_size`). Kept small on purpose: when a
 * B-tree rebalance reorders new pages, SQLite rekeys one through the lock-byte page number, and
 * the commit then walks the whole cache's hash table to drop pages past the file's end. With
 * randomly keyed indexes that happens in nearly every write transaction, at about 30 ns per
 * cached page (about 0.5 ms per commit with 64 MiB cached). Reads lose little: clean pages are
 * mapped (mmapBytes) and recent ones sit in the OS page cache.
 */
const PAGE_CACHE_KIB = 8192;

/** Schema versions migrated on open (schema.ts). */
const MIGRATED_VERSIONS: readonly string[] = ['2', '3', '4'];

export class SqliteFlowStore implements FlowStore {
  readonly #db: Database.Database;
  readonly #sql: SqliteStatements;
  readonly #resources: ResourceTable;
  readonly #flowJson: FlowJsonReader;
  readonly #write: WriteContext;
  readonly #prepare: PrepareContext;
  /** Operations this connection has committed: never deleted, so not inserted again. */
  readonly #knownOperations = new Set<string>();
  readonly #checkpointer: WalCheckpointer | undefined;
  #closed = false;

  /** Opens (creating when absent) the database at `path`. */
  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    this.#db.pragma(`mmap_size = ${options.mmapBytes ?? DEFAULT_SQLITE_MMAP_BYTES}`);
    this.#openSchema(path);
    this.#sql = new SqliteStatements(this.#db);
    this.#resources = new ResourceTable(this.#db);
    this.#flowJson = new FlowJsonReader(this.#db);
    this.#write = { sql: this.#sql, resources: this.#resources, knownOperations: this.#knownOperations };
    this.#prepare = { writer: new ProtoWriter(), resources: this.#resources };
    if (path !== ':memory:' && path !== '' && options.checkpoint !== 'auto') {
      this.#db.pragma('wal_autocheckpoint = 0');
      this.#db.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
      this.#checkpointer = new WalCheckpointer(path, options.checkpointer, () => {
        if (!this.#closed) this.#db.pragma('wal_autocheckpoint = 1000');
      });
    }
  }

  /** What the checkpoint worker has done; undefined when SQLite checkpoints inside commits. */
  checkpointStats(): CheckpointStats | undefined {
    return this.#checkpointer?.stats();
  }

  getFlow(requestId: string): Flow | undefined {
    const json = this.#flowJson.json(requestId);
    return json === undefined ? undefined : (JSON.parse(json) as Flow);
  }

  getFlowJson(requestId: string): string | undefined {
    return this.#flowJson.json(requestId);
  }

  flowIdOf(requestId: string): string | undefined {
    return this.#sql.aliasFlow.get(requestId, requestId) as string | undefined;
  }

  flowIdOfTrace(traceId: string): string | undefined {
    return this.#sql.traceFlow.get(traceKey(traceId)) as string | undefined;
  }

  getSpans(flowId: string): Span[] {
    const spans: Span[] = [];
    const resource = (id: number): Span['resource'] => this.#resources.resource(id);
    for (const body of this.#sql.batchesOfFlow.all(flowId) as Buffer[]) decodeSpanRecords(body, resource, spans);
    return spans.sort((a, b) => a.startUs - b.startUs);
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
    return { flows: (this.#sql.flowCount.get() as { n: number }).n, spans: this.#spanCount() };
  }

  write(batch: WriteBatch): void {
    this.writeRows([this.prepare(batch)]);
  }

  /**
   * The rows of a batch (batch-rows.ts), for `writeRows` here or on another connection to the
   * same file (the writer thread's). Only one connection may prepare for a file: see resources.ts.
   */
  prepare(batch: WriteBatch): BatchRows {
    return prepareBatch(this.#prepare, batch);
  }

  /** Writes prepared batches in order, atomically (all or, on a thrown error, none), durable as `write`. */
  writeRows(batches: readonly BatchRows[]): void {
    for (const rows of batches) {
      for (const { from, into } of rows.merges) {
        this.#flowJson.forget(from);
        this.#flowJson.forget(into);
      }
      for (const flow of rows.flows) this.#flowJson.forget(flow.id);
    }
    this.#restartWal();
    const written = this.#db.transaction(() => writeRows(this.#write, batches)).immediate();
    for (const operation of written.operations) this.#knownOperations.add(operation);
    this.#resources.committed(written.resources);
    this.#checkpointer?.kick();
  }

  /** Stored spans, as committed by any connection. */
  #spanCount(): number {
    return this.#sql.spanCount.get() as number;
  }

  /** Restarts the WAL when the checkpoint worker says it is all copied (cheap: no copy, no sync). */
  #restartWal(): void {
    if (this.#checkpointer?.restartDue() !== true) return;
    const [result] = this.#db.pragma('wal_checkpoint(RESTART)') as { busy: number }[];
    if (result?.busy === 0) this.#checkpointer.restarted();
  }

  prune(retention: Retention, nowUs: number, maxFlows = Number.POSITIVE_INFINITY): StoreStats {
    const doomed = new Set<string>();
    if (retention.maxAgeMs !== undefined && retention.maxAgeMs > 0) {
      for (const row of this.#sql.endedBefore.iterate(nowUs - retention.maxAgeMs * 1000) as Iterable<{ id: string }>) {
        if (doomed.size >= maxFlows) break;
        doomed.add(row.id);
      }
    }
    if (retention.maxSpans !== undefined && retention.maxSpans > 0 && this.#spanCount() > retention.maxSpans) {
      let excess = this.#spanCount() - retention.maxSpans;
      for (const row of this.#sql.oldestFirst.iterate() as Iterable<{ id: string; span_count: number }>) {
        if (excess <= 0) break;
        if (!doomed.has(row.id)) {
          if (doomed.size >= maxFlows) break;
          doomed.add(row.id);
        }
        excess -= row.span_count;
      }
    }
    if (doomed.size === 0) return { flows: 0, spans: 0 };
    for (const id of doomed) this.#flowJson.forget(id);
    const spans = this.#db.transaction(() => {
      let deleted = 0;
      for (const id of doomed) deleted += this.#sql.deleteFlow(id);
      this.#sql.addSpans.run(-deleted);
      return deleted;
    }).immediate();
    this.#checkpointer?.kick();
    return { flows: doomed.size, spans };
  }

  /**
   * Creates the tables of a new file, migrates a version 2, 3 or 4 file, refuses any other version
   * untouched: one IMMEDIATE transaction, so two connections opening one new file do not race.
   */
  #openSchema(path: string): void {
    const refused = this.#db.transaction(() => {
      this.#db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
      const version = this.#db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() as string | undefined;
      if (version !== undefined && !MIGRATED_VERSIONS.includes(version) && version !== String(SCHEMA_VERSION)) return version;
      if (version === '2') {
        const spans = migrateFromV2(this.#db, new ResourceTable(this.#db));
        this.#db.prepare("INSERT INTO counters (name, value) VALUES ('spans', ?)").run(spans);
      }
      this.#db.exec(SCHEMA);
      if (version === '4') migrateFromV4(this.#db);
      if (version === '3') migrateFromV3(this.#db);
      if (version === '2' || version === '3') foldFlowTraces(this.#db);
      if (version === String(SCHEMA_VERSION)) return undefined;
      if (version === undefined) this.#db.exec("INSERT INTO counters (name, value) VALUES ('spans', 0)");
      this.#db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
      return undefined;
    }).immediate();
    if (refused === undefined) return;
    this.#db.close();
    throw new Error(`flow database ${path} has schema version ${refused}, this analyzer reads version ${SCHEMA_VERSION} (and migrates versions ${MIGRATED_VERSIONS.join(', ')}); move the file away or point dbPath elsewhere`);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#checkpointer?.close();
    this.#db.close();
  }
}
