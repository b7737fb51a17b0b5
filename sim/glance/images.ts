import { createHash, randomUUID } from 'node:crypto';
import { CIRROS_IMAGE } from '../kit/devstack.js';
import { ApiError } from '../kit/rest/api-error.js';

/** Keys glance owns; everything else in a create or patch body is a free-form image property. */
export const CORE_KEYS = new Set(['id', 'name', 'status', 'visibility', 'protected', 'os_hidden', 'container_format', 'disk_format', 'size', 'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'owner', 'min_disk', 'min_ram', 'tags', 'created_at', 'updated_at', 'self', 'file', 'schema', 'locations', 'direct_url']);
/** Keys a client may not set (glance answers 403 "Attribute '<key>' is read-only."). */
export const READ_ONLY_KEYS = new Set(['status', 'size', 'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'created_at', 'updated_at', 'self', 'file', 'schema']);
export const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'];
export const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'];

export interface Image {
  id: string;
  name: string | null;
  status: 'queued' | 'saving' | 'active' | 'deleted';
  visibility: 'public' | 'private' | 'shared' | 'community';
  protected: boolean;
  os_hidden: boolean;
  container_format: string | null;
  disk_format: string | null;
  min_disk: number;
  min_ram: number;
  owner: string | null;
  tags: string[];
  created_at: string;
  updated_at: string;
  /** Free-form properties (`image_type`, `instance_uuid`, …). */
  properties: Record<string, unknown>;
  data: Buffer | null;
}

/** A stand-in for the cirros qcow2: a qcow2 magic and a fixed pattern, 16 KiB. */
export function cirrosBytes(): Buffer {
  const bytes = Buffer.alloc(16 * 1024);
  bytes.write('QFI\xfb', 0, 'latin1');
  for (let i = 4; i < bytes.length; i += 1) bytes[i] = i % 251;
  return bytes;
}

/** glance's image records, in memory, seeded with devstack's cirros image. */
export class ImageStore {
  readonly #images = new Map<string, Image>();

  constructor() {
    const now = glanceTime(new Date());
    this.#images.set(CIRROS_IMAGE.id, { ...CIRROS_IMAGE, status: 'active', visibility: 'public', protected: false, os_hidden: false, tags: [], created_at: now, updated_at: now, properties: { hw_rng_model: 'virtio' }, data: cirrosBytes() });
  }

  list(): Image[] {
    return [...this.#images.values()];
  }

  /** The image, or 404 "No image found with ID <id>". */
  get(id: string): Image {
    const image = this.#images.get(id);
    if (image === undefined) throw new ApiError(404, `No image found with ID ${id}`);
    return image;
  }

  create(fields: Partial<Image> & { owner: string | null }): Image {
    const id = fields.id ?? randomUUID();
    if (this.#images.has(id)) throw new ApiError(409, `Image with identifier ${id} already exists!`);
    const now = glanceTime(new Date());
    const image: Image = { name: null, visibility: 'shared', protected: false, os_hidden: false, container_format: null, disk_format: null, min_disk: 0, min_ram: 0, tags: [], properties: {}, ...fields, id, status: 'queued', created_at: now, updated_at: now, data: null };
    this.#images.set(id, image);
    return image;
  }

  /** Stores the bytes: queued → active; 409 in any other state. */
  upload(id: string, data: Buffer): Image {
    const image = this.get(id);
    if (image.status !== 'queued') throw new ApiError(409, `Image status transition from ${image.status} to saving is not allowed`);
    image.data = data;
    image.status = 'active';
    image.updated_at = glanceTime(new Date());
    return image;
  }

  delete(id: string): void {
    const image = this.get(id);
    if (image.protected) throw new ApiError(403, `Image ${id} is protected and cannot be deleted.`);
    this.#images.delete(id);
  }
}

/** The image as glance v2 renders it: unwrapped, core keys then properties. */
export function imageBody(image: Image): Record<string, unknown> {
  const data = image.data;
  return {
    ...image.properties,
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.visibility,
    protected: image.protected,
    os_hidden: image.os_hidden,
    container_format: image.container_format,
    disk_format: image.disk_format,
    size: data === null ? null : data.length,
    virtual_size: null,
    checksum: data === null ? null : createHash('md5').update(data).digest('hex'),
    os_hash_algo: data === null ? null : 'sha512',
    os_hash_value: data === null ? null : createHash('sha512').update(data).digest('hex'),
    owner: image.owner,
    min_disk: image.min_disk,
    min_ram: image.min_ram,
    tags: image.tags,
    created_at: image.created_at,
    updated_at: image.updated_at,
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
  };
}

/** `2014-05-05T17:15:10Z`. */
export function glanceTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
