import { ApiError } from '../kit/rest/api-error.js';
import { CONTAINER_FORMATS, CORE_KEYS, DISK_FORMATS, READ_ONLY_KEYS } from './images.js';
import type { Image } from './images.js';

/** What a create or patch may set: glance's core keys checked, other keys kept as properties. */
export interface ImageFields {
  core: Partial<Pick<Image, 'id' | 'name' | 'visibility' | 'protected' | 'os_hidden' | 'container_format' | 'disk_format' | 'min_disk' | 'min_ram' | 'tags'>>;
  properties: Record<string, unknown>;
}

/**
 * Validates the body of `POST /v2/images` as glance does: an object; read-only keys → 403;
 * bad `disk_format`, `container_format`, `visibility`, `min_disk`/`min_ram`, `tags`, `id` → 400.
 */
export function imageFields(body: unknown): ImageFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'Request body must be a JSON object');
  const core: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (READ_ONLY_KEYS.has(key)) throw new ApiError(403, `Attribute '${key}' is read-only.`);
    if (CORE_KEYS.has(key)) core[key] = checkCore(key, value);
    else if (typeof value !== 'string' && value !== null) throw new ApiError(400, `Invalid value for property '${key}': additional properties must be strings`);
    else properties[key] = value;
  }
  return { core: core as ImageFields['core'], properties };
}

function checkCore(key: string, value: unknown): unknown {
  const fail = (why: string) => new ApiError(400, `Provided object does not match schema 'image': ${why}`);
  switch (key) {
    case 'disk_format':
      if (value !== null && !DISK_FORMATS.includes(String(value))) throw fail(`'${String(value)}' is not one of ${JSON.stringify(DISK_FORMATS)}`);
      return value;
    case 'container_format':
      if (value !== null && !CONTAINER_FORMATS.includes(String(value))) throw fail(`'${String(value)}' is not one of ${JSON.stringify(CONTAINER_FORMATS)}`);
      return value;
    case 'visibility':
      if (!['public', 'private', 'shared', 'community'].includes(String(value))) throw fail(`'${String(value)}' is not a valid visibility`);
      return value;
    case 'min_disk':
    case 'min_ram':
      if (!Number.isInteger(value) || (value as number) < 0) throw fail(`${key} must be a non-negative integer`);
      return value;
    case 'protected':
    case 'os_hidden':
      if (typeof value !== 'boolean') throw fail(`${key} must be a boolean`);
      return value;
    case 'tags':
      if (!Array.isArray(value) || !value.every((tag) => typeof tag === 'string')) throw fail('tags must be a list of strings');
      return value;
    case 'id':
      if (typeof value !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw fail(`'${String(value)}' is not a valid UUID`);
      return value;
    case 'name':
      if (value !== null && (typeof value !== 'string' || value.length > 255)) throw fail('name must be a string of at most 255 characters');
      return value;
    default:
      throw new ApiError(403, `Attribute '${key}' is reserved.`);
  }
}

/** One JSON-patch operation of `PATCH /v2/images/{id}` (application/openstack-images-v2.1-json-patch). */
export interface PatchOp {
  readonly op: 'add' | 'replace' | 'remove';
  readonly key: string;
  readonly value?: unknown;
}

export function patchOps(body: unknown): PatchOp[] {
  if (!Array.isArray(body)) throw new ApiError(400, 'Request body must be a JSON array of operation objects.');
  return body.map((item: unknown) => {
    const { op, path, value } = (item ?? {}) as { op?: unknown; path?: unknown; value?: unknown };
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw new ApiError(400, `Invalid operation: ${String(op)}`);
    if (typeof path !== 'string' || !/^\/[^/]+$/.test(path)) throw new ApiError(400, `Invalid JSON pointer for this resource: '${String(path)}'`);
    const key = path.slice(1);
    if (READ_ONLY_KEYS.has(key) || key === 'id') throw new ApiError(403, `Attribute '${key}' is read-only.`);
    if (op !== 'remove' && value === undefined) throw new ApiError(400, `Operation objects must contain exactly one member named "value".`);
    return op === 'remove' ? { op, key } : { op, key, value };
  });
}
