import { randomUUID } from 'node:crypto';
import { ApiError } from '../kit/rest/api-error.js';

export type VolumeStatus = 'creating' | 'available' | 'reserved' | 'attaching' | 'in-use' | 'detaching' | 'deleting' | 'error';

export interface Volume {
  readonly id: string;
  name: string;
  description: string;
  size: number;
  status: VolumeStatus;
  readonly project_id: string;
  readonly user_id: string;
  readonly created_at: string;
  updated_at: string;
}

/** A volume attachment (cinder's new attach API, 3.27+): reserved → attaching (connector given) → attached. */
export interface Attachment {
  readonly id: string;
  readonly volume_id: string;
  readonly instance: string;
  status: 'reserved' | 'attaching' | 'attached';
  attach_mode: 'rw' | 'ro';
  connector: Record<string, unknown> | null;
  attached_at: string | null;
}

/** cinder's volumes and attachments, in memory; every state change goes through here. */
export class VolumeStore {
  readonly #volumes = new Map<string, Volume>();
  readonly #attachments = new Map<string, Attachment>();

  volumes(projectId: string | null): Volume[] {
    return [...this.#volumes.values()].filter((v) => projectId === null || v.project_id === projectId);
  }

  volume(id: string): Volume {
    const volume = this.#volumes.get(id);
    if (volume === undefined) throw new ApiError(404, `Volume ${id} could not be found.`);
    return volume;
  }

  create(fields: Pick<Volume, 'name' | 'description' | 'size' | 'project_id' | 'user_id'>): Volume {
    const now = cinderTime(new Date());
    const volume: Volume = { ...fields, id: randomUUID(), status: 'creating', created_at: now, updated_at: now };
    this.#volumes.set(volume.id, volume);
    return volume;
  }

  setStatus(volume: Volume, status: VolumeStatus): void {
    volume.status = status;
    volume.updated_at = cinderTime(new Date());
  }

  delete(id: string): void {
    const volume = this.volume(id);
    if (volume.status !== 'available' && volume.status !== 'error') throw new ApiError(400, `Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer. (current status: ${volume.status})`);
    this.#volumes.delete(id);
  }

  attachments(volumeId?: string): Attachment[] {
    return [...this.#attachments.values()].filter((a) => volumeId === undefined || a.volume_id === volumeId);
  }

  attachment(id: string): Attachment {
    const attachment = this.#attachments.get(id);
    if (attachment === undefined) throw new ApiError(404, `VolumeAttachment ${id} could not be found.`);
    return attachment;
  }

  /** Reserves the volume for an instance: it must be `available`. */
  attach(volumeId: string, instance: string, connector: Record<string, unknown> | null, mode: 'rw' | 'ro'): Attachment {
    const volume = this.volume(volumeId);
    if (volume.status !== 'available') throw new ApiError(400, `Invalid volume: Volume ${volumeId} status must be available or downloading to reserve, but the current status is ${volume.status}.`);
    const attachment: Attachment = { id: randomUUID(), volume_id: volumeId, instance, status: connector === null ? 'reserved' : 'attaching', attach_mode: mode, connector, attached_at: null };
    this.#attachments.set(attachment.id, attachment);
    this.setStatus(volume, connector === null ? 'reserved' : 'attaching');
    return attachment;
  }

  update(id: string, connector: Record<string, unknown>): Attachment {
    const attachment = this.attachment(id);
    attachment.connector = connector;
    attachment.status = 'attaching';
    this.setStatus(this.volume(attachment.volume_id), 'attaching');
    return attachment;
  }

  complete(id: string): void {
    const attachment = this.attachment(id);
    attachment.status = 'attached';
    attachment.attached_at = cinderTime(new Date());
    this.setStatus(this.volume(attachment.volume_id), 'in-use');
  }

  detach(id: string): void {
    const attachment = this.attachment(id);
    this.#attachments.delete(id);
    const volume = this.#volumes.get(attachment.volume_id);
    if (volume !== undefined && this.attachments(volume.id).length === 0) this.setStatus(volume, 'available');
  }
}

/** `2013-02-25T02:40:21.000000`. */
export function cinderTime(time: Date): string {
  return time.toISOString().replace(/\.(\d{3})Z$/, '.$1000');
}
