import type { RequestContext } from '../../kit/context.js';
import { ApiError } from '../../kit/rest/index.js';
import { isNotFound } from '../clients/rest.js';
import { InstanceActionName } from '../objects/actions.js';
import type { InstanceRecord } from '../objects/instance.js';
import { VmState } from '../objects/states.js';
import type { ApiDeps } from './deps.js';
import { requireState } from './deps.js';
import { envelope, isUuid } from './validate.js';

export interface Attachment {
  readonly device: string;
  readonly volumeId: string;
}

/**
 * `POST /servers/{id}/os-volume_attachments` (nova/compute/api.py `_attach_volume`): check the
 * volume with cinder, reserve a device name on compute (a call), create the cinder attachment,
 * then cast `attach_volume`, where compute completes the attachment with cinder.
 */
export async function attachVolume(deps: ApiDeps, context: RequestContext, instance: InstanceRecord, body: unknown): Promise<Attachment> {
  const request = envelope(body, 'volumeAttachment');
  const volumeId = request['volumeId'];
  if (!isUuid(volumeId)) throw new ApiError(400, `Invalid input for field/attribute volumeId. Value: ${JSON.stringify(volumeId) ?? 'None'}. It is not a valid UUID`);
  requireState(instance, 'attach_volume', [VmState.active, VmState.stopped]);
  if (instance.volumes.some((v) => v.volumeId === volumeId)) throw new ApiError(400, `Invalid volume: volume ${volumeId} is already attached to instance ${instance.uuid}`);
  try {
    const volume = await deps.cinder.getVolume(context, volumeId);
    if (volume.status !== 'available') throw new ApiError(400, `Invalid volume: volume '${volumeId}' status must be 'available'. Currently in '${volume.status}'`);
  } catch (error) {
    if (isNotFound(error)) throw new ApiError(404, `Volume ${volumeId} could not be found.`);
    throw error;
  }
  await deps.database.startAction(context, instance.uuid, InstanceActionName.attachVolume);
  const device = await deps.compute.reserveBlockDeviceName(context, instance, volumeId);
  const attachmentId = await deps.cinder.createAttachment(context, volumeId, instance.uuid);
  await deps.compute.attachVolume(context, instance, volumeId, device, attachmentId);
  return { device, volumeId };
}
