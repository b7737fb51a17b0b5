import type { RequestContext } from '../../kit/context.js';
import type { InstanceRecord } from '../objects/instance.js';
import { nowIso } from '../objects/instance.js';
import { PowerState, TaskState, VmState } from '../objects/states.js';
import type { ComputeDeps } from './deps.js';
import { save, withEvent } from './deps.js';
import { allocateNetwork } from './network.js';

const IMAGE_BYTES_NOTE = 'image data fetched for spawn';

/**
 * `build_and_run_instance` (nova/compute/manager.py `_do_build_and_run_instance`): claim, network
 * (networking), block devices (block_device_mapping), spawn (spawning: image download, wait for
 * vif-plugged), active; then the `update_instance_info` fanout. A failure cleans up ports and the
 * placement allocation and leaves the instance in ERROR with its fault, never half-built.
 */
export async function buildAndRunInstance(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord): Promise<void> {
  const started = Date.now();
  const uuid = instance.uuid;
  let ports: string[] = [];
  try {
    await withEvent(deps, context, uuid, 'compute__do_build_and_run_instance', async () => {
      await deps.placement.getAllocations(context, uuid);
      await save(deps, context, uuid, { taskState: TaskState.networking });
      await deps.step();
      const { vifs, plugged } = await allocateNetwork(deps, context, instance);
      ports = vifs.filter((v) => v.createdByNova).map((v) => v.portId);
      await save(deps, context, uuid, { taskState: TaskState.blockDeviceMapping, vifs });
      await deps.step();
      await save(deps, context, uuid, { taskState: TaskState.spawning });
      const image = await deps.glance.downloadImage(context, instance.imageRef);
      deps.log.debug(`${IMAGE_BYTES_NOTE}: ${image.byteLength} bytes`, { context, instance: uuid });
      await deps.step();
      if (!(await Promise.all(plugged)).every(Boolean)) {
        deps.log.warning('Timeout waiting for [network-vif-plugged] for instance; continuing (vif_plugging_is_fatal=False)', { context, instance: uuid });
      }
      await save(deps, context, uuid, { vmState: VmState.active, taskState: null, powerState: PowerState.running, launchedAt: nowIso() });
    });
  } catch (error) {
    await failBuild(deps, context, uuid, ports, error);
    return;
  }
  deps.log.info(`Took ${((Date.now() - started) / 1000).toFixed(2)} seconds to build instance.`, { context, instance: uuid });
  await deps.scheduler.updateInstanceInfo(context, deps.host, uuid);
}

async function failBuild(deps: ComputeDeps, context: RequestContext, uuid: string, ports: readonly string[], error: unknown): Promise<void> {
  const message = (error as Error).message ?? String(error);
  deps.log.error(`Build of instance ${uuid} aborted: ${message}`, { context, instance: uuid });
  for (const port of ports) await deps.neutron.deletePort(context, port).catch(() => undefined);
  await deps.placement.deleteAllocations(context, uuid).catch(() => undefined);
  const fault = { code: 500, message: `Build of instance ${uuid} aborted: ${message}`, details: String((error as Error).stack ?? ''), created: nowIso() };
  await deps.objects.save(context, uuid, { vmState: VmState.error, taskState: null, powerState: PowerState.noState, vifs: [], fault }).catch(() => undefined);
}
