import type { RequestContext } from '../../kit/context.js';
import type { InstanceRecord } from '../objects/instance.js';
import { nowIso } from '../objects/instance.js';
import { PowerState, TaskState, VmState } from '../objects/states.js';
import type { ComputeDeps } from './deps.js';
import { save, withEvent } from './deps.js';

/** Stand-in for the instance's disk, uploaded as the shelve snapshot. */
function diskSnapshot(instance: InstanceRecord): Uint8Array {
  return new TextEncoder().encode(`snapshot of ${instance.instanceName} (${instance.uuid}) at ${nowIso()}\n`);
}

/**
 * `shelve_instance` (`_shelve_instance`): power off, snapshot into the image nova-api created
 * (shelving_image_pending_upload → shelving_image_uploading, glance `PUT …/file`), SHELVED; then
 * offload at once when `shelved_offload_time` is 0.
 */
export async function shelveInstance(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord, imageId: string): Promise<void> {
  await withEvent(deps, context, instance.uuid, 'compute_shelve_instance', async () => {
    await save(deps, context, instance.uuid, { powerState: PowerState.shutdown, taskState: TaskState.shelvingImagePendingUpload });
    await deps.step();
    await save(deps, context, instance.uuid, { taskState: TaskState.shelvingImageUploading });
    await deps.glance.uploadImage(context, imageId, diskSnapshot(instance));
    await deps.step();
    const offloadNow = deps.options.shelvedOffloadTimeSec === 0;
    await save(deps, context, instance.uuid, {
      vmState: VmState.shelved,
      taskState: offloadNow ? TaskState.shelvingOffloading : null,
      shelvedImageId: imageId,
    });
  });
  if (deps.options.shelvedOffloadTimeSec === 0) await offload(deps, context, instance);
}

/** `shelve_offload_instance`: the `shelveOffload` action on a SHELVED instance. */
export async function shelveOffloadInstance(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord): Promise<void> {
  await offload(deps, context, instance);
}

/**
 * `_shelve_offload_instance`: unbind ports (neutron), destroy the guest, drop the placement
 * allocation, clear host and node → SHELVED_OFFLOADED; `delete_instance_info` fanout.
 */
async function offload(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord): Promise<void> {
  await withEvent(deps, context, instance.uuid, 'compute_shelve_offload_instance', async () => {
    const current = await save(deps, context, instance.uuid, { taskState: TaskState.shelvingOffloading, powerState: PowerState.shutdown });
    for (const vif of current.vifs) await deps.neutron.unbindPort(context, vif.portId);
    await deps.step();
    await deps.placement.deleteAllocations(context, instance.uuid);
    await save(deps, context, instance.uuid, { vmState: VmState.shelvedOffloaded, taskState: null, host: null, node: null });
  });
  await deps.scheduler.deleteInstanceInfo(context, deps.host, instance.uuid);
}

/**
 * `unshelve_instance` on the host the scheduler chose for an offloaded instance: claim, bind the
 * ports here, spawn from the shelved image (glance `GET …/file`), delete that image, ACTIVE.
 */
export async function unshelveInstance(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord, node: string): Promise<void> {
  const imageId = instance.shelvedImageId;
  await withEvent(deps, context, instance.uuid, 'compute_unshelve_instance', async () => {
    await save(deps, context, instance.uuid, { taskState: TaskState.spawning });
    await deps.placement.getAllocations(context, instance.uuid);
    for (const vif of instance.vifs) await deps.neutron.bindPort(context, vif.portId, deps.host, instance.uuid);
    if (imageId) await deps.glance.downloadImage(context, imageId);
    await deps.step();
    if (imageId) await deps.glance.deleteImage(context, imageId);
    await save(deps, context, instance.uuid, {
      vmState: VmState.active,
      taskState: null,
      powerState: PowerState.running,
      host: deps.host,
      node,
      shelvedImageId: null,
      launchedAt: nowIso(),
    });
  });
  await deps.scheduler.updateInstanceInfo(context, deps.host, instance.uuid);
}
