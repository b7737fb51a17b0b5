import type { RequestContext } from '../../kit/context.js';
import { MessageUndeliverable } from '../../kit/rpc/errors.js';
import { InstanceActionName } from '../objects/actions.js';
import type { InstanceRecord } from '../objects/instance.js';
import { nowIso } from '../objects/instance.js';
import { PowerState, TaskState, VmState } from '../objects/states.js';
import type { ApiDeps } from './deps.js';

/**
 * `DELETE /servers/{id}` and `forceDelete` (nova/compute/api.py `_delete`): a server that is still
 * a BuildRequest, was buried in cell0 or is offloaded (no host) is deleted by nova-api itself,
 * as is one whose compute service is down (the cast finds no consumer); otherwise
 * task_state=deleting and `terminate_instance` is cast to its compute host.
 */
export async function deleteServer(deps: ApiDeps, context: RequestContext, instance: InstanceRecord, action: InstanceActionName = InstanceActionName.delete): Promise<void> {
  if (instance.taskState === TaskState.deleting) {
    deps.log.info('Instance is already being deleted', { context, instance: instance.uuid });
    return;
  }
  await deps.database.startAction(context, instance.uuid, action);
  if (instance.cell === null) {
    await deps.database.deleteBuildRequest(context, instance.uuid);
    return;
  }
  if (instance.host === null) {
    await localDelete(deps, context, instance);
    return;
  }
  const updated = await deps.database.saveInstance(context, instance.uuid, { taskState: TaskState.deleting });
  try {
    await deps.compute.terminateInstance(context, updated ?? instance);
  } catch (error) {
    if (!(error instanceof MessageUndeliverable)) throw error;
    deps.log.warning(`nova-compute on ${instance.host} is down; deleting locally`, { context, instance: instance.uuid });
    await localDelete(deps, context, updated ?? instance);
  }
}

async function localDelete(deps: ApiDeps, context: RequestContext, instance: InstanceRecord): Promise<void> {
  for (const vif of instance.vifs) {
    if (vif.createdByNova) await deps.neutron.deletePort(context, vif.portId);
    else await deps.neutron.unbindPort(context, vif.portId, true);
  }
  if (instance.shelvedImageId) await deps.glance.deleteImage(context, instance.shelvedImageId).catch(() => undefined);
  if (instance.host !== null) await deps.placement.deleteAllocations(context, instance.uuid);
  await deps.database.saveInstance(context, instance.uuid, { vmState: VmState.deleted, taskState: null, powerState: PowerState.noState, terminatedAt: nowIso(), deleted: true });
  deps.log.info('Deleted instance locally (no compute host)', { context, instance: instance.uuid });
}
