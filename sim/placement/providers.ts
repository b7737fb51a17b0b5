import { createHash } from 'node:crypto';
import { ApiError } from '../kit/rest/api-error.js';

export type ResourceClass = 'VCPU' | 'MEMORY_MB' | 'DISK_GB';
export type Resources = Partial<Record<string, number>>;

export interface Inventory {
  readonly total: number;
  readonly reserved: number;
  readonly min_unit: number;
  readonly max_unit: number;
  readonly step_size: number;
  readonly allocation_ratio: number;
}

export interface ResourceProvider {
  readonly uuid: string;
  readonly name: string;
  generation: number;
  readonly inventories: Readonly<Record<ResourceClass, Inventory>>;
  readonly traits: readonly string[];
}

/** A compute node's inventory, about what a small devstack host reports. */
const INVENTORY: Record<ResourceClass, Inventory> = {
  VCPU: { total: 8, reserved: 0, min_unit: 1, max_unit: 8, step_size: 1, allocation_ratio: 4.0 },
  MEMORY_MB: { total: 16384, reserved: 512, min_unit: 1, max_unit: 16384, step_size: 1, allocation_ratio: 1.0 },
  DISK_GB: { total: 200, reserved: 0, min_unit: 1, max_unit: 200, step_size: 1, allocation_ratio: 1.0 },
};

/** The resource provider uuid of a compute host; stable across runs so logs and tests can name it. */
export function providerUuid(host: string): string {
  const hex = createHash('md5').update(`resource-provider:${host}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function createProviders(hosts: readonly string[]): Map<string, ResourceProvider> {
  const providers = new Map<string, ResourceProvider>();
  for (const host of hosts) {
    const uuid = providerUuid(host);
    providers.set(uuid, { uuid, name: host, generation: 1, inventories: INVENTORY, traits: ['COMPUTE_NET_ATTACH_INTERFACE', 'COMPUTE_IMAGE_TYPE_QCOW2', 'HW_CPU_X86_AVX2'] });
  }
  return providers;
}

export function capacity(inventory: Inventory): number {
  return Math.floor((inventory.total - inventory.reserved) * inventory.allocation_ratio);
}

/**
 * Parses `resources=VCPU:1,MEMORY_MB:512,DISK_GB:1` (placement's query format); 400 with
 * placement's message when malformed.
 */
export function parseResources(text: unknown): Record<string, number> {
  const fail = () => new ApiError(400, `Badly formed resources parameter. Expected resources query string parameter in form: ?resources=VCPU:2,MEMORY_MB:1024. Got: ${String(text)}.`, { code: 'placement.undefined_code' });
  if (typeof text !== 'string' || text === '') throw fail();
  const resources: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [name, amount] = part.split(':');
    if (name === undefined || !/^[A-Z0-9_]+$/.test(name) || amount === undefined || !/^\d+$/.test(amount)) throw fail();
    resources[name] = Number(amount);
  }
  return resources;
}
