/**
 * Flow records and what resolves to them: the flow row (JSON beside the columns searches filter
 * on), its aliases and trace ids, and its services for `searchFlows({ service })`. A new record
 * dirties few pages besides one per alias and trace key: the flow row is an append (rowid row,
 * its id a small unique index entry); a service entry is keyed (service, start_us, flow_id), so
 * it lands at the end of its service's range; and the row itself lists the request ids, trace
 * ids and services stored for it (`ids`, `trace_ids`, `services`), so deleting or merging a flow
 * finds its alias and trace rows by their keys instead of through per-flow indexes. A flow's own
 * id resolves through its row, not an alias row.
 *
 * A trace row (`traces`, span-keys.ts) names the flow its id resolves to: a record makes its first
 * trace id (its Jaeger trace id) resolve to it, and its other trace ids when no flow has them.
 * A trace row already naming the flow is only read, so a flow whose spans claimed its trace
 * adds no page for it.
 *
 * Invariant: every alias row naming flow X, and every trace row naming X that is not a trace of
 * X's stored spans, is listed in X's row, once X has a row (a merge appends the ids it moves to
 * the surviving row; a rewrite keeps the ids listed before, as alias rows are never removed by a
 * rewrite). A record written again with the same start and services leaves its service entries
 * alone.
 */
import type Database from 'better-sqlite3';
import type { FlowRow } from './batch-rows.js';
import { traceKey } from './schema.js';

/** Joins names for the list columns (ids, trace ids and service names never hold a NUL). */
const SEPARATOR = '\u0000';

type StoredLists = [startUs: number, services: string, ids: string, traceIds: string];

function split(list: string): string[] {
  return list === '' ? [] : list.split(SEPARATOR);
}

/** `list` plus the names of `more` it lacks, joined. */
function union(list: string, more: readonly string[]): string {
  const names = split(list);
  for (const name of more) if (!names.includes(name)) names.push(name);
  return names.join(SEPARATOR);
}

export class FlowRecords {
  readonly #listsOf: Database.Statement;
  readonly #upsertFlow: Database.Statement;
  readonly #appendIds: Database.Statement;
  readonly #upsertAlias: Database.Statement;
  readonly #moveAlias: Database.Statement;
  readonly #deleteAlias: Database.Statement;
  readonly #unalias: Database.Statement;
  readonly #upsertTrace: Database.Statement;
  readonly #claimTrace: Database.Statement;
  readonly #moveTrace: Database.Statement;
  readonly #unresolveTrace: Database.Statement;
  readonly #dropEmptyTrace: Database.Statement;
  readonly #insertService: Database.Statement;
  readonly #deleteService: Database.Statement;

  constructor(db: Database.Database) {
    this.#listsOf = db.prepare('SELECT start_us, services, ids, trace_ids FROM flows WHERE id = ?').raw();
    this.#upsertFlow = db.prepare('INSERT OR REPLACE INTO flows (id, operation, status, start_us, end_us, span_count, services, ids, trace_ids, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.#appendIds = db.prepare('UPDATE flows SET ids = ?, trace_ids = ? WHERE id = ?');
    this.#upsertAlias = db.prepare('INSERT OR REPLACE INTO aliases (alias, flow_id) VALUES (?, ?)');
    this.#moveAlias = db.prepare('UPDATE aliases SET flow_id = ? WHERE alias = ? AND flow_id = ?');
    this.#deleteAlias = db.prepare('DELETE FROM aliases WHERE alias = ? AND flow_id = ?');
    this.#unalias = db.prepare('DELETE FROM aliases WHERE alias = ?');
    const resolve = "INSERT INTO traces (trace_id, flow_id, span_ids) VALUES (?, ?, x'') ON CONFLICT (trace_id) DO UPDATE SET flow_id = excluded.flow_id";
    this.#upsertTrace = db.prepare(`${resolve} WHERE flow_id IS NOT excluded.flow_id`);
    this.#claimTrace = db.prepare(`${resolve} WHERE flow_id IS NULL`);
    this.#moveTrace = db.prepare('UPDATE traces SET flow_id = ? WHERE trace_id = ? AND flow_id = ?');
    this.#unresolveTrace = db.prepare('UPDATE traces SET flow_id = NULL WHERE trace_id = ? AND flow_id = ?');
    this.#dropEmptyTrace = db.prepare("DELETE FROM traces WHERE trace_id = ? AND flow_id IS NULL AND span_ids = x''");
    this.#insertService = db.prepare('INSERT OR IGNORE INTO flow_services (service, start_us, flow_id) VALUES (?, ?, ?)');
    this.#deleteService = db.prepare('DELETE FROM flow_services WHERE service = ? AND start_us = ? AND flow_id = ?');
  }

  /**
   * Inserts or replaces a flow record; its id and every alias then resolve to it, and so does its
   * first trace id. The id itself needs no alias row (FLOW_OF_REQUEST_ID falls back to the flow
   * row): one random B-tree page fewer per flow. An alias row for the id, left by a merge that
   * moved this id elsewhere, is removed, so the id resolves to this record again.
   */
  upsert(flow: FlowRow): void {
    const services = flow.services.join(SEPARATOR);
    const old = this.#listsOf.get(flow.id) as StoredLists | undefined;
    const sameServices = old !== undefined && old[0] === flow.startUs && old[1] === services;
    if (old !== undefined && !sameServices) this.#deleteServices(flow.id, old);
    const ids = union(old?.[2] ?? '', [flow.id, ...flow.aliases]);
    const traceIds = union(old?.[3] ?? '', flow.traceIds);
    this.#upsertFlow.run(flow.id, flow.operation, flow.status, flow.startUs, flow.endUs, flow.spanCount, services, ids, traceIds, flow.json);
    this.#unalias.run(flow.id);
    for (const alias of flow.aliases) this.#upsertAlias.run(alias, flow.id);
    flow.traceIds.forEach((traceId, i) => (i === 0 ? this.#upsertTrace : this.#claimTrace).run(traceKey(traceId), flow.id));
    if (!sameServices) for (const service of flow.services) this.#insertService.run(service, flow.startUs, flow.id);
  }

  /**
   * Points the aliases and trace ids of `from` at `into` (its own id included, record or not) and
   * lists them in `into`'s row; call before deleting `from`.
   */
  move(from: string, into: string): void {
    const old = this.#listsOf.get(from) as StoredLists | undefined;
    const ids = split(old?.[2] ?? '').filter((id) => id !== from);
    const traceIds = split(old?.[3] ?? '');
    for (const id of ids) this.#moveAlias.run(into, id, from);
    this.#upsertAlias.run(from, into);
    for (const traceId of traceIds) this.#moveTrace.run(into, traceKey(traceId), from);
    const target = this.#listsOf.get(into) as StoredLists | undefined;
    if (target !== undefined) this.#appendIds.run(union(target[2], [from, ...ids]), union(target[3], traceIds), into);
  }

  /**
   * Deletes the alias and service rows of a flow record, and makes its listed trace ids resolve
   * to no flow (a trace row left without spans goes); call before deleting the record.
   */
  deleteOf(flowId: string): void {
    const old = this.#listsOf.get(flowId) as StoredLists | undefined;
    if (old === undefined) return;
    this.#deleteServices(flowId, old);
    for (const id of split(old[2])) this.#deleteAlias.run(id, flowId);
    for (const key of split(old[3]).map(traceKey)) {
      this.#unresolveTrace.run(key, flowId);
      this.#dropEmptyTrace.run(key);
    }
  }

  #deleteServices(flowId: string, [startUs, services]: StoredLists): void {
    for (const service of split(services)) this.#deleteService.run(service, startUs, flowId);
  }
}
