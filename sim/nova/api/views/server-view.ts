import { createHash } from 'node:crypto';
import type { InstanceRecord } from '../../objects/instance.js';
import { statusOf } from '../../objects/states.js';
import type { Microversion } from '../microversion.js';
import { atLeast } from '../microversion.js';
import { bookmarkLink, resourceLinks } from './links.js';

/** nova's `hostId`: sha224 of project id + host, empty when the instance has no host. */
export function hostIdOf(projectId: string, host: string | null): string {
  return host ? createHash('sha224').update(projectId + host).digest('hex') : '';
}

/** `GET /servers` entries. */
export function serverSummary(instance: InstanceRecord, base: string): Record<string, unknown> {
  return { id: instance.uuid, name: instance.name, links: resourceLinks(base, instance.projectId, 'servers', instance.uuid) };
}

function seconds(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}

function addressesOf(instance: InstanceRecord): Record<string, unknown[]> {
  const addresses: Record<string, unknown[]> = {};
  for (const vif of instance.vifs) {
    (addresses[vif.networkName] ??= []).push({ addr: vif.address, version: vif.address.includes(':') ? 6 : 4, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': vif.macAddress });
  }
  return addresses;
}

function flavorOf(instance: InstanceRecord, base: string, version: Microversion): Record<string, unknown> {
  const f = instance.flavor;
  if (!atLeast(version, 47)) return { id: f.id, links: bookmarkLink(base, instance.projectId, 'flavors', f.id) };
  return { vcpus: f.vcpus, ram: f.ram, disk: f.disk, ephemeral: f.ephemeral, swap: f.swap, original_name: f.name, extra_specs: { ...f.extraSpecs } };
}

/**
 * The full server of `GET /servers/{id}` and `/servers/detail` (api-samples/nova/servers/), with
 * the fields each microversion adds, admin-only attributes for admins, and `fault` in ERROR.
 */
export function serverDetail(instance: InstanceRecord, base: string, version: Microversion, isAdmin: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    ...serverSummary(instance, base),
    status: statusOf(instance.vmState, instance.taskState),
    tenant_id: instance.projectId,
    user_id: instance.userId,
    metadata: { ...instance.metadata },
    hostId: hostIdOf(instance.projectId, instance.host),
    image: { id: instance.imageRef, links: bookmarkLink(base, instance.projectId, 'images', instance.imageRef) },
    flavor: flavorOf(instance, base, version),
    created: seconds(instance.createdAt),
    updated: seconds(instance.updatedAt),
    addresses: addressesOf(instance),
    accessIPv4: '',
    accessIPv6: '',
    'OS-DCF:diskConfig': 'MANUAL',
    progress: 0,
    'OS-EXT-AZ:availability_zone': instance.availabilityZone ?? '',
    config_drive: '',
    key_name: instance.keyName,
    'OS-SRV-USG:launched_at': instance.launchedAt?.replace('Z', '') ?? null,
    'OS-SRV-USG:terminated_at': instance.terminatedAt?.replace('Z', '') ?? null,
    security_groups: instance.securityGroups.map((name) => ({ name })),
    'OS-EXT-STS:task_state': instance.taskState,
    'OS-EXT-STS:vm_state': instance.vmState,
    'OS-EXT-STS:power_state': instance.powerState,
    'os-extended-volumes:volumes_attached': instance.volumes.map((v) => (atLeast(version, 3) ? { id: v.volumeId, delete_on_termination: false } : { id: v.volumeId })),
  };
  if (isAdmin) {
    view['OS-EXT-SRV-ATTR:host'] = instance.host;
    view['OS-EXT-SRV-ATTR:hypervisor_hostname'] = instance.node;
    view['OS-EXT-SRV-ATTR:instance_name'] = instance.instanceName;
  }
  if (atLeast(version, 9)) Object.assign(view, { locked: false });
  if (atLeast(version, 19)) Object.assign(view, { description: instance.description });
  if (atLeast(version, 26)) Object.assign(view, { tags: [] });
  if (atLeast(version, 63)) Object.assign(view, { trusted_image_certificates: null });
  if (atLeast(version, 71)) Object.assign(view, { server_groups: [] });
  if (atLeast(version, 73)) Object.assign(view, { locked_reason: null });
  if (atLeast(version, 96)) Object.assign(view, { pinned_availability_zone: null });
  if (atLeast(version, 100)) Object.assign(view, { scheduler_hints: {} });
  if (instance.fault && (instance.vmState === 'error' || instance.vmState === 'deleted')) {
    const { code, message, details, created } = instance.fault;
    view['fault'] = { code, created: seconds(created), message, ...(isAdmin && details ? { details } : {}) };
  }
  return view;
}
