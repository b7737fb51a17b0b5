import type { RequestContext } from '../../kit/context.js';
import type { InstanceRecord } from '../objects/instance.js';
import type { ComputeDeps } from './deps.js';
import { save, withEvent } from './deps.js';

/** `reserve_block_device_name` (a call): the next free `/dev/vdX` after the root disk. */
export function reserveBlockDeviceName(instance: InstanceRecord): string {
  const used = new Set(instance.volumes.map((v) => v.device));
  for (let code = 'b'.charCodeAt(0); code <= 'z'.charCodeAt(0); code++) {
    const device = `/dev/vd${String.fromCharCode(code)}`;
    if (!used.has(device)) return device;
  }
  throw new Error(`no free device name on instance ${instance.uuid}`);
}

/**
 * `attach_volume`: connect the volume (cinder attachment update with this host's connector,
 * then complete) and record it on the instance. The `computeSkipsCinder` fault leaves out both
 * cinder calls and otherwise behaves the same.
 */
export async function attachVolume(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord, volumeId: string, device: string, attachmentId: string): Promise<void> {
  await withEvent(deps, context, instance.uuid, 'compute_attach_volume', async () => {
    if (!deps.faults.computeSkipsCinder) {
      await deps.cinder.updateAttachment(context, attachmentId, deps.host, device);
      await deps.cinder.completeAttachment(context, attachmentId);
    }
    const current = (await deps.objects.get(context, instance.uuid)) ?? instance;
    await save(deps, context, instance.uuid, { volumes: [...current.volumes, { volumeId, device, attachmentId }] });
  });
}
