import type { IncomingMessage, RpcDispatcher } from '../../kit/rpc/types.js';
import type { InstanceRecord } from '../objects/instance.js';
import { fromNovaObject } from '../objects/nova-object.js';
import type { ExternalEvent } from '../rpcapi/compute.js';
import { buildAndRunInstance } from './build.js';
import type { ComputeDeps } from './deps.js';
import { errorsOnFailure, revertsTaskState } from './failure.js';
import { rebootInstance, startInstance, stopInstance } from './power.js';
import { shelveInstance, shelveOffloadInstance, unshelveInstance } from './shelve.js';
import { terminateInstance } from './terminate.js';
import { attachVolume, reserveBlockDeviceName } from './volumes.js';

/**
 * nova-compute on one host (nova/compute/manager.py `ComputeManager`), listening on
 * `compute.<host>`. Every database access goes through {@link ComputeDeps.objects}.
 */
export function computeDispatcher(deps: ComputeDeps): RpcDispatcher {
  return async (message: IncomingMessage) => {
    const { args, context } = message;
    const instance = (): InstanceRecord => fromNovaObject<InstanceRecord>(args['instance'], 'Instance');
    const reverting = (work: (i: InstanceRecord) => Promise<void>) => revertsTaskState(deps, context, instance(), work);
    switch (message.method) {
      case 'build_and_run_instance':
        return buildAndRunInstance(deps, context, instance());
      case 'terminate_instance':
        return errorsOnFailure(deps, context, instance(), (i) => terminateInstance(deps, context, i));
      case 'reboot_instance':
        return reverting((i) => rebootInstance(deps, context, i, args['reboot_type'] === 'HARD' ? 'HARD' : 'SOFT'));
      case 'shelve_instance':
        return reverting((i) => shelveInstance(deps, context, i, String(args['image_id'])));
      case 'shelve_offload_instance':
        return reverting((i) => shelveOffloadInstance(deps, context, i));
      case 'unshelve_instance':
        return reverting((i) => unshelveInstance(deps, context, i, String(args['node'] ?? deps.host)));
      case 'start_instance':
        return reverting((i) => startInstance(deps, context, i));
      case 'stop_instance':
        return reverting((i) => stopInstance(deps, context, i));
      case 'external_instance_event':
        return externalInstanceEvent(deps, message);
      case 'reserve_block_device_name':
        return reserveBlockDeviceName(instance());
      case 'attach_volume': {
        const bdm = fromNovaObject<{ volumeId: string; deviceName: string; attachmentId: string }>(args['bdm'], 'BlockDeviceMapping');
        return reverting((i) => attachVolume(deps, context, i, bdm.volumeId, bdm.deviceName, bdm.attachmentId));
      }
      default:
        throw new TypeError(`nova-compute has no method ${message.method}`);
    }
  };
}

/** Hands `network-vif-plugged` to the spawn waiting for it; other events are only logged. */
function externalInstanceEvent(deps: ComputeDeps, message: IncomingMessage): null {
  const events = (message.args['events'] as unknown[]).map((e) => fromNovaObject<ExternalEvent>(e, 'InstanceExternalEvent'));
  for (const event of events) {
    const delivered = event.name === 'network-vif-plugged' && event.tag !== null && deps.vifEvents.deliver(event.serverUuid, event.tag);
    const note = delivered ? 'delivered to the waiting spawn' : 'no one was waiting';
    deps.log.info(`Received event ${event.name}-${event.tag ?? ''}: ${note}`, { context: message.context, instance: event.serverUuid });
  }
  return null;
}

