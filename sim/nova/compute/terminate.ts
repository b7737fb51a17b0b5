import type { RequestContext } from '../../kit/context.js';
import type { InstanceRecord } from '../objects/instance.js';
import { nowIso } from '../objects/instance.js';
import { PowerState, VmState } from '../objects/states.js';
import type { ComputeDeps } from './deps.js';
import { save, withEvent } from './deps.js';
import { deallocateNetwork } from './network.js';

/**
 * `terminate_instance`: ports (delete nova's, unbind the user's), destroy, placement
 * `DELETE /allocations`, vm_state deleted; then the `delete_instance_info` fanout.
 */
export async function terminateInstance(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord): Promise<void> {
  const current = (await deps.objects.get(context, instance.uuid)) ?? instance;
  await withEvent(deps, context, instance.uuid, 'compute_terminate_instance', async () => {
    await deallocateNetwork(deps, context, current);
    await deps.step();
    await deps.placement.deleteAllocations(context, instance.uuid);
    await save(deps, context, instance.uuid, {
      vmState: VmState.deleted,
      taskState: null,
      powerState: PowerState.noState,
      terminatedAt: nowIso(),
      deleted: true,
    });
  });
  deps.log.info('Terminating instance done', { context, instance: instance.uuid });
  await deps.scheduler.deleteInstanceInfo(context, deps.host, instance.uuid);
}
