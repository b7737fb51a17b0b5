import type { RequestContext } from '../../kit/context.js';
import { isNotFound } from '../clients/rest.js';
import type { InstanceRecord } from '../objects/instance.js';
import { VmState } from '../objects/states.js';
import { CONTROLLER_HOST } from '../../kit/devstack.js';
import type { ConductorDeps } from './manager.js';

const EVENT = 'conductor_unshelve_instance';

/**
 * `unshelve_instance` (nova/conductor/manager.py): a shelved instance is still on its host, so
 * compute just starts it; an offloaded one is scheduled again (check the shelved image, call
 * `select_destinations`) and cast to the chosen host. Failure puts the instance back to
 * shelved_offloaded with no task, as nova does.
 */
export async function unshelveInstance(deps: ConductorDeps, context: RequestContext, instance: InstanceRecord): Promise<null> {
  const { database, log } = deps;
  if (instance.vmState === VmState.shelved) {
    await deps.compute.startInstance(context, instance);
    return null;
  }
  await database.eventStart(context, instance.uuid, EVENT, CONTROLLER_HOST);
  try {
    if (instance.shelvedImageId) await deps.glance.getImage(context, instance.shelvedImageId);
    const spec = await database.getRequestSpec(context, instance.uuid);
    if (!spec) throw new Error(`RequestSpec of ${instance.uuid} not found`);
    const selection = (await deps.scheduler.selectDestinations(context, spec))[0]?.[0];
    if (!selection) throw new Error('the scheduler returned no host');
    await database.eventFinish(context, instance.uuid, EVENT, null);
    await deps.compute.unshelveInstance(context, instance, selection.serviceHost, selection);
  } catch (error) {
    const reason = isNotFound(error) ? `Unshelve attempted but the image ${instance.shelvedImageId} cannot be found.` : (error as Error).message;
    log.warning(`Unshelve failed: ${reason}`, { context, instance: instance.uuid });
    await database.saveInstance(context, instance.uuid, { taskState: null });
    await database.eventFinish(context, instance.uuid, EVENT, reason);
  }
  return null;
}
