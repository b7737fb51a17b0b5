import type { RequestContext } from '../../kit/context.js';
import type { InstanceRecord } from '../objects/instance.js';
import { PowerState, TaskState, VmState } from '../objects/states.js';
import type { ComputeDeps } from './deps.js';
import { save, withEvent } from './deps.js';

/**
 * `start_instance`: power on → ACTIVE. Also how a SHELVED (not offloaded) instance is unshelved;
 * then the shelve snapshot is deleted from glance, as nova does.
 */
export async function startInstance(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord): Promise<void> {
  await withEvent(deps, context, instance.uuid, 'compute_start_instance', async () => {
    await deps.step();
    if (instance.shelvedImageId) await deps.glance.deleteImage(context, instance.shelvedImageId);
    await save(deps, context, instance.uuid, { vmState: VmState.active, taskState: null, powerState: PowerState.running, shelvedImageId: null });
  });
}

/** `stop_instance`: power off → SHUTOFF. */
export async function stopInstance(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord): Promise<void> {
  await withEvent(deps, context, instance.uuid, 'compute_stop_instance', async () => {
    await deps.step();
    await save(deps, context, instance.uuid, { vmState: VmState.stopped, taskState: null, powerState: PowerState.shutdown });
  });
}

/**
 * `reboot_instance`: reboot_pending → reboot_started (or the `_hard` variants), refreshing the
 * network info from neutron, → ACTIVE.
 */
export async function rebootInstance(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord, type: 'SOFT' | 'HARD'): Promise<void> {
  const hard = type === 'HARD';
  await withEvent(deps, context, instance.uuid, 'compute_reboot_instance', async () => {
    await save(deps, context, instance.uuid, { taskState: hard ? TaskState.rebootPendingHard : TaskState.rebootPending });
    await deps.neutron.listPorts(context, instance.uuid);
    await deps.step();
    await save(deps, context, instance.uuid, { taskState: hard ? TaskState.rebootStartedHard : TaskState.rebootStarted });
    await deps.step();
    await save(deps, context, instance.uuid, { vmState: VmState.active, taskState: null, powerState: PowerState.running });
  });
}
