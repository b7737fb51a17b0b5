/**
 * Flow records and what resolves to them: the flow row (JSON beside the columns searches filter
 * on), its aliases and trace ids, and its services for `searchFlows({ service })`. A flow row is
 * an append (rowid table; its id a small unique index entry), and a service entry is keyed
 * (service, start_us, flow_id), so it lands at the end of its service's range: a new record
 * dirties few pages besides its alias and trace keys. A record written again with the same start
 * and services leaves its service entries alone.
 */
import type Database from 'better-sqlite3';
import type { Flow } from '../../../core/flow.js';

/** Service names joined for the `flows.services` column (names never hold a NUL). */
const SEPARATOR = '\u0000';

export class FlowRecords {
  readonly #servicesOf: Database.Statement;
  readonly #upsertFlow: Database.Statement;
  readonly #upsertAlias: Database.Statement;
  readonly #upsertTrace: Database.Statement;
  readonly #claimTrace: Database.Statement;
  readonly #insertService: Database.Statement;
  readonly #deleteService: Database.Statement;

  constructor(db: Database.Database) {
    this.#servicesOf = db.prepare('SELECT start_us, services FROM flows WHERE id = ?').raw();
    this.#upsertFlow = db.prepare('INSERT OR REPLACE INTO flows (id, operation, status, start_us, end_us, span_count, services, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.#upsertAlias = db.prepare('INSERT OR REPLACE INTO aliases (alias, flow_id) VALUES (?, ?)');
    this.#upsertTrace = db.prepare('INSERT OR REPLACE INTO flow_traces (trace_id, flow_id) VALUES (?, ?)');
    this.#claimTrace = db.prepare('INSERT OR IGNORE INTO flow_traces (trace_id, flow_id) VALUES (?, ?)');
    this.#insertService = db.prepare('INSERT OR IGNORE INTO flow_services (service, start_us, flow_id) VALUES (?, ?, ?)');
    this.#deleteService = db.prepare('DELETE FROM flow_services WHERE service = ? AND start_us = ? AND flow_id = ?');
  }

  /** Inserts or replaces a flow record; every alias then resolves to it, and so does its first trace id. */
  upsert(flow: Flow): void {
    const services = flow.graph.nodes.join(SEPARATOR);
    const old = this.#servicesOf.get(flow.id) as [number, string] | undefined;
    const sameServices = old !== undefined && old[0] === flow.startUs && old[1] === services;
    if (old !== undefined && !sameServices) this.#deleteServices(flow.id, old);
    this.#upsertFlow.run(flow.id, flow.operation, flow.status, flow.startUs, flow.endUs, flow.spanCount, services, JSON.stringify(flow));
    this.#upsertAlias.run(flow.id, flow.id);
    for (const alias of flow.aliases) if (alias !== flow.id) this.#upsertAlias.run(alias, flow.id);
    flow.traceIds.forEach((traceId, i) => (i === 0 ? this.#upsertTrace : this.#claimTrace).run(traceId, flow.id));
    if (!sameServices) for (const service of flow.graph.nodes) this.#insertService.run(service, flow.startUs, flow.id);
  }

  /** Deletes the service entries of a flow record; call before deleting the record. */
  deleteServicesOf(flowId: string): void {
    const old = this.#servicesOf.get(flowId) as [number, string] | undefined;
    if (old !== undefined) this.#deleteServices(flowId, old);
  }

  #deleteServices(flowId: string, [startUs, services]: [number, string]): void {
    if (services === '') return;
    for (const service of services.split(SEPARATOR)) this.#deleteService.run(service, startUs, flowId);
  }
}
