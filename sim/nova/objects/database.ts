import type { RequestContext } from '../../kit/context.js';
import type { Db, DbOperation } from '../../kit/db.js';
import type { InstanceAction, InstanceActionName } from './actions.js';
import { nowIso } from './instance.js';
import type { InstanceChanges, InstanceRecord } from './instance.js';
import type { ComputeNode, InstanceMapping, NovaTables, RequestSpec } from './store.js';

const API_DB = 'nova_api';

function cellDb(cell: 'cell0' | 'cell1' | null): string {
  return cell === 'cell0' ? 'nova_cell0' : 'nova_cell1';
}

/**
 * nova's database API over the shared {@link NovaTables}: every method is one or more `Db`
 * statements run on behalf of a request, so the tracing shim sees each access. Returned records
 * are copies; callers change rows only through these methods. "Not found" resolves to undefined.
 *
 * nova-api, nova-conductor and nova-scheduler hold one each (with their own wrapped `Db`);
 * nova-compute never does, unless the `computeWritesDb` fault is on.
 */
export class NovaDatabase {
  readonly #db: Db;
  readonly #tables: NovaTables;

  constructor(db: Db, tables: NovaTables) {
    this.#db = db;
    this.#tables = tables;
  }

  #run<T>(context: RequestContext, operation: DbOperation, table: string, database: string, work: () => T): Promise<T> {
    return this.#db.run(context, { operation, table, database }, () => structuredClone(work()));
  }

  /** nova-api's part of a boot: BuildRequest, RequestSpec and InstanceMapping rows. */
  async createBuildRequest(context: RequestContext, record: InstanceRecord, spec: RequestSpec): Promise<void> {
    const t = this.#tables;
    await this.#run(context, 'INSERT', 'build_requests', API_DB, () => void t.buildRequests.set(record.uuid, structuredClone(record)));
    await this.#run(context, 'INSERT', 'request_specs', API_DB, () => void t.requestSpecs.set(record.uuid, structuredClone(spec)));
    const mapping: InstanceMapping = { instanceUuid: record.uuid, projectId: record.projectId, cell: null };
    await this.#run(context, 'INSERT', 'instance_mappings', API_DB, () => void t.instanceMappings.set(record.uuid, mapping));
  }

  deleteBuildRequest(context: RequestContext, uuid: string): Promise<boolean> {
    return this.#run(context, 'DELETE', 'build_requests', API_DB, () => this.#tables.buildRequests.delete(uuid));
  }

  getRequestSpec(context: RequestContext, uuid: string): Promise<RequestSpec | undefined> {
    return this.#run(context, 'SELECT', 'request_specs', API_DB, () => this.#tables.requestSpecs.get(uuid));
  }

  mapToCell(context: RequestContext, uuid: string, cell: 'cell0' | 'cell1'): Promise<void> {
    return this.#run(context, 'UPDATE', 'instance_mappings', API_DB, () => {
      const mapping = this.#tables.instanceMappings.get(uuid);
      if (mapping) mapping.cell = cell;
    });
  }

  /**
   * The instance, or its BuildRequest while it is not in a cell yet; undefined when unknown, and
   * when deleted unless `readDeleted` (nova's `read_deleted='yes'`, as instance actions use).
   */
  async getInstance(context: RequestContext, uuid: string, readDeleted = false): Promise<InstanceRecord | undefined> {
    const t = this.#tables;
    const mapping = await this.#run(context, 'SELECT', 'instance_mappings', API_DB, () => t.instanceMappings.get(uuid));
    if (!mapping) return undefined;
    if (mapping.cell === null) return this.#run(context, 'SELECT', 'build_requests', API_DB, () => t.buildRequests.get(uuid));
    const instance = await this.#run(context, 'SELECT', 'instances', cellDb(mapping.cell), () => t.instances.get(uuid));
    return instance?.deleted && !readDeleted ? undefined : instance;
  }

  /** Live instances (cell0 and cell1) and build requests, optionally of one project, oldest first. */
  async listInstances(context: RequestContext, projectId: string | null): Promise<InstanceRecord[]> {
    const t = this.#tables;
    const keep = (r: InstanceRecord): boolean => !r.deleted && (projectId === null || r.projectId === projectId);
    const building = await this.#run(context, 'SELECT', 'build_requests', API_DB, () => [...t.buildRequests.values()].filter(keep));
    const inCell = (cell: 'cell0' | 'cell1') => this.#run(context, 'SELECT', 'instances', cellDb(cell), () => [...t.instances.values()].filter((r) => r.cell === cell && keep(r)));
    const buried = await inCell('cell0');
    const placed = await inCell('cell1');
    return [...buried, ...placed, ...building].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Inserts the instance row into its cell (conductor, after scheduling or when burying in cell0). */
  createInstance(context: RequestContext, record: InstanceRecord): Promise<void> {
    return this.#run(context, 'INSERT', 'instances', cellDb(record.cell), () => void this.#tables.instances.set(record.uuid, structuredClone(record)));
  }

  /** `instance.save()`: applies the changes and returns the updated row; undefined when gone. */
  saveInstance(context: RequestContext, uuid: string, changes: InstanceChanges): Promise<InstanceRecord | undefined> {
    const row = this.#tables.instances.get(uuid) ?? this.#tables.buildRequests.get(uuid);
    const database = row?.cell ? cellDb(row.cell) : API_DB;
    const table = row?.cell ? 'instances' : 'build_requests';
    return this.#run(context, 'UPDATE', table, database, () => {
      if (!row) return undefined;
      Object.assign(row, structuredClone(changes), { updatedAt: nowIso() });
      return row;
    });
  }

  startAction(context: RequestContext, uuid: string, action: InstanceActionName): Promise<void> {
    const record: InstanceAction = {
      action,
      instanceUuid: uuid,
      requestId: context.request_id,
      userId: context.user_id,
      projectId: context.project_id,
      startTime: nowIso(),
      updatedAt: nowIso(),
      message: null,
      events: [],
    };
    return this.#run(context, 'INSERT', 'instance_actions', cellDb('cell1'), () => {
      const list = this.#tables.actions.get(uuid) ?? [];
      list.push(record);
      this.#tables.actions.set(uuid, list);
    });
  }

  /** Records the start of `event` on the action of `context.request_id` (no-op without one). */
  eventStart(context: RequestContext, uuid: string, event: string, host: string): Promise<void> {
    return this.#run(context, 'INSERT', 'instance_actions_events', cellDb('cell1'), () => {
      const action = this.#findAction(uuid, context.request_id);
      action?.events.push({ event, host, startTime: nowIso(), finishTime: null, result: null, traceback: null, details: null });
      if (action) action.updatedAt = nowIso();
    });
  }

  eventFinish(context: RequestContext, uuid: string, event: string, error: string | null): Promise<void> {
    return this.#run(context, 'UPDATE', 'instance_actions_events', cellDb('cell1'), () => {
      const action = this.#findAction(uuid, context.request_id);
      const open = action?.events.findLast((e) => e.event === event && e.finishTime === null);
      if (!action || !open) return;
      open.finishTime = nowIso();
      open.result = error === null ? 'Success' : 'Error';
      open.details = error;
      action.updatedAt = open.finishTime;
      if (error !== null) action.message = 'Error';
    });
  }

  listActions(context: RequestContext, uuid: string): Promise<InstanceAction[]> {
    return this.#run(context, 'SELECT', 'instance_actions', cellDb('cell1'), () => this.#tables.actions.get(uuid) ?? []);
  }

  getAction(context: RequestContext, uuid: string, requestId: string): Promise<InstanceAction | undefined> {
    return this.#run(context, 'SELECT', 'instance_actions', cellDb('cell1'), () => this.#findAction(uuid, requestId));
  }

  /** The compute nodes of the cell (the scheduler's host-manager refresh). */
  listComputeNodes(context: RequestContext): Promise<ComputeNode[]> {
    return this.#run(context, 'SELECT', 'compute_nodes', cellDb('cell1'), () => [...this.#tables.computeNodes.values()]);
  }

  /** Reserves the next libvirt domain name (no statement: an autoincrement id). */
  nextInstanceName(): string {
    return this.#tables.nextInstanceName();
  }

  #findAction(uuid: string, requestId: string): InstanceAction | undefined {
    return this.#tables.actions.get(uuid)?.findLast((a) => a.requestId === requestId);
  }
}
