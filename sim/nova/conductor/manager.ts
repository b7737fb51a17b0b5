import type { RequestContext } from '../../kit/context.js';
import type { FaultSwitches } from '../../kit/faults.js';
import type { Logger } from '../../kit/log.js';
import type { IncomingMessage, RpcDispatcher } from '../../kit/rpc/types.js';
import type { GlanceClient } from '../clients/glance.js';
import type { PlacementClient } from '../clients/placement.js';
import type { NovaDatabase } from '../objects/database.js';
import type { InstanceRecord } from '../objects/instance.js';
import { fromNovaObject } from '../objects/nova-object.js';
import type { RequestSpec } from '../objects/store.js';
import type { ComputeApi } from '../rpcapi/compute.js';
import type { SchedulerApi } from '../rpcapi/scheduler.js';
import { scheduleAndBuildInstances } from './build.js';
import { objectAction, objectClassAction } from './object-proxy.js';
import { unshelveInstance } from './unshelve.js';

export interface ConductorDeps {
  readonly database: NovaDatabase;
  readonly scheduler: SchedulerApi;
  readonly compute: ComputeApi;
  readonly glance: GlanceClient;
  readonly placement: PlacementClient;
  readonly faults: FaultSwitches;
  readonly log: Logger;
}

/**
 * nova-conductor (nova/conductor/manager.py): the task API (`compute_task` namespace) that drives
 * boot and unshelve, and the object proxy through which nova-compute reaches the database.
 */
export function conductorDispatcher(deps: ConductorDeps): RpcDispatcher {
  return async (message: IncomingMessage) => {
    const { args, context } = message;
    switch (message.method) {
      case 'schedule_and_build_instances':
        return scheduleAndBuild(deps, context, args);
      case 'unshelve_instance':
        return unshelveInstance(deps, context, fromNovaObject<InstanceRecord>(args['instance'], 'Instance'));
      case 'object_action':
        return objectAction(deps.database, context, args);
      case 'object_class_action_versions':
        return objectClassAction(deps.database, context, args);
      default:
        throw new TypeError(`nova-conductor has no method ${message.method}`);
    }
  };
}

async function scheduleAndBuild(deps: ConductorDeps, context: RequestContext, args: Record<string, unknown>): Promise<null> {
  const specs = (args['request_specs'] as unknown[]).map((spec) => fromNovaObject<RequestSpec>(spec, 'RequestSpec'));
  const password = typeof args['admin_password'] === 'string' ? args['admin_password'] : '';
  await scheduleAndBuildInstances(deps, context, specs, password);
  return null;
}
