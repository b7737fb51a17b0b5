import type { RequestContext } from '../../kit/context.js';
import type { FaultSwitches } from '../../kit/faults.js';
import type { Logger } from '../../kit/log.js';
import type { CinderClient } from '../clients/cinder.js';
import type { GlanceClient } from '../clients/glance.js';
import type { NeutronClient } from '../clients/neutron.js';
import type { PlacementClient } from '../clients/placement.js';
import type { InstanceChanges, InstanceRecord } from '../objects/instance.js';
import type { SchedulerApi } from '../rpcapi/scheduler.js';
import type { ComputeObjects } from './objects.js';
import type { VifEventWaiter } from './vif-events.js';

/** Tunables of one nova-compute. */
export interface ComputeOptions {
  /**
   * nova's `shelved_offload_time` in seconds: 0 offloads right after the shelve (devstack's and
   * nova's default is 0), a negative value never offloads automatically.
   * @default 0
   */
  readonly shelvedOffloadTimeSec: number;
  /** How long spawn waits for `network-vif-plugged` before going on without it, in ms. @default 5000 */
  readonly vifPluggingTimeoutMs: number;
}

export const DEFAULT_COMPUTE_OPTIONS: ComputeOptions = Object.freeze({ shelvedOffloadTimeSec: 0, vifPluggingTimeoutMs: 5000 });

/** Everything one nova-compute host works with; it has no database of its own. */
export interface ComputeDeps {
  readonly host: string;
  readonly objects: ComputeObjects;
  readonly placement: PlacementClient;
  readonly neutron: NeutronClient;
  readonly glance: GlanceClient;
  readonly cinder: CinderClient;
  readonly scheduler: SchedulerApi;
  readonly faults: FaultSwitches;
  readonly log: Logger;
  readonly vifEvents: VifEventWaiter;
  readonly options: ComputeOptions;
  /** Waits one state-machine step. */
  readonly step: () => Promise<void>;
}

/** The instance vanished under compute's feet (deleted meanwhile). */
export class InstanceNotFound extends Error {
  override readonly name = 'InstanceNotFound';
  constructor(uuid: string) {
    super(`Instance ${uuid} could not be found.`);
  }
}

/** `instance.save()` through the object layer, logging the state change like nova. */
export async function save(deps: ComputeDeps, context: RequestContext, uuid: string, changes: InstanceChanges): Promise<InstanceRecord> {
  const updated = await deps.objects.save(context, uuid, changes);
  if (updated === null) throw new InstanceNotFound(uuid);
  if ('vmState' in changes || 'taskState' in changes) {
    deps.log.info(`State changed: vm_state=${updated.vmState} task_state=${updated.taskState ?? 'None'}`, { context, instance: uuid });
  }
  return updated;
}

/**
 * nova's `wrap_instance_event`: records `<event>` start and finish on the request's instance
 * action (through conductor) around `work`; a failure is recorded and rethrown.
 */
export async function withEvent<T>(deps: ComputeDeps, context: RequestContext, uuid: string, event: string, work: () => Promise<T>): Promise<T> {
  await deps.objects.eventStart(context, uuid, event, deps.host);
  try {
    const result = await work();
    await deps.objects.eventFinish(context, uuid, event, null);
    return result;
  } catch (error) {
    await deps.objects.eventFinish(context, uuid, event, (error as Error).message ?? String(error)).catch(() => undefined);
    throw error;
  }
}
