import type { Response } from 'express';
import type { RequestContext } from '../../kit/context.js';
import type { FaultSwitches } from '../../kit/faults.js';
import type { Logger } from '../../kit/log.js';
import { ApiError, contextOf } from '../../kit/rest/index.js';
import type { CinderClient } from '../clients/cinder.js';
import type { GlanceClient } from '../clients/glance.js';
import type { NeutronClient } from '../clients/neutron.js';
import type { PlacementClient } from '../clients/placement.js';
import type { NovaDatabase } from '../objects/database.js';
import type { InstanceRecord } from '../objects/instance.js';
import type { ComputeApi } from '../rpcapi/compute.js';
import type { ComputeTaskApi } from '../rpcapi/compute-task.js';

/** Everything nova-api's handlers work with. */
export interface ApiDeps {
  readonly database: NovaDatabase;
  readonly computeTask: ComputeTaskApi;
  readonly compute: ComputeApi;
  readonly glance: GlanceClient;
  readonly neutron: NeutronClient;
  readonly cinder: CinderClient;
  /** Only for a local delete (nova-api releases the allocation itself). */
  readonly placement: PlacementClient;
  readonly faults: FaultSwitches;
  readonly log: Logger;
  /** The compute hosts, for the `apiCastsToCompute` fault only (nova-api never picks hosts). */
  readonly computeHosts: readonly string[];
  /** Live servers a project may have (nova's `[quota] instances`). */
  readonly instanceQuota: number;
}

/** The request's context; admins see every project. */
export function requestContext(res: Response): RequestContext {
  return contextOf(res);
}

export function isAdmin(context: RequestContext): boolean {
  return context.is_admin === true || (context.roles ?? []).includes('admin');
}

/** The server, visible to the caller; 404 in nova's words otherwise. */
export async function getServer(deps: ApiDeps, context: RequestContext, id: string, readDeleted = false): Promise<InstanceRecord> {
  const instance = await deps.database.getInstance(context, id, readDeleted);
  if (!instance || (!isAdmin(context) && instance.projectId !== context.project_id)) {
    throw new ApiError(404, `Instance ${id} could not be found.`);
  }
  return instance;
}

/** nova's `check_instance_state`: 409 when the server is not in one of the allowed states. */
export function requireState(instance: InstanceRecord, action: string, vmStates: readonly string[], taskStates: readonly (string | null)[] = [null]): void {
  if (vmStates.includes(instance.vmState) && taskStates.includes(instance.taskState)) return;
  const state = instance.taskState !== null && vmStates.includes(instance.vmState) ? `task_state ${instance.taskState}` : `vm_state ${instance.vmState}`;
  throw new ApiError(409, `Cannot '${action}' instance ${instance.uuid} while it is in ${state}`);
}
