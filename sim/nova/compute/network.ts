import type { RequestContext } from '../../kit/context.js';
import type { NeutronNetwork } from '../clients/neutron.js';
import { isNotFound } from '../clients/rest.js';
import type { InstanceRecord, VifInfo } from '../objects/instance.js';
import type { ComputeDeps } from './deps.js';

/**
 * The networks nova creates ports on: the requested uuids; for `auto`, an empty list or nothing
 * requested, the project's first tenant network; none for `none` or when only ports were given.
 */
async function networksToPlug(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord): Promise<NeutronNetwork[]> {
  const requested = instance.requestedNetworks;
  if (requested === 'none') return [];
  const ids = requested === 'auto' ? [] : requested.flatMap((n) => (n.uuid ? [n.uuid] : []));
  if (ids.length > 0) return deps.neutron.listNetworks(context, ids);
  if (requested !== 'auto' && requested.length > 0) return [];
  const available = await deps.neutron.listProjectNetworks(context);
  return available.slice(0, 1);
}

function userPortsOf(instance: InstanceRecord): string[] {
  const requested = instance.requestedNetworks;
  return requested === 'auto' || requested === 'none' ? [] : requested.flatMap((n) => (n.port ? [n.port] : []));
}

/**
 * `allocate_for_instance`: create one port per network and take the ports the user gave, bind
 * each to this host (neutron then reports `network-vif-plugged`), and rebuild the network info
 * from neutron (ports, their subnets and floating ips; extensions once per process). Returns the cache entries and one pending wait per port. On failure the ports
 * nova created are deleted and the user's are unbound again.
 */
export async function allocateNetwork(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord): Promise<{ vifs: VifInfo[]; plugged: Promise<boolean>[] }> {
  await deps.neutron.hasExtensions(context);
  const networks = await networksToPlug(deps, context, instance);
  const userPorts = userPortsOf(instance);
  const plugged: Promise<boolean>[] = [];
  const created: string[] = [];
  const bound: string[] = [];
  const bind = async (portId: string) => {
    plugged.push(deps.vifEvents.expect(instance.uuid, portId, deps.options.vifPluggingTimeoutMs));
    await deps.neutron.bindPort(context, portId, deps.host, instance.uuid);
  };
  try {
    for (const network of networks) {
      const port = await deps.neutron.createPort(context, network.id, instance.uuid);
      created.push(port.id);
      await bind(port.id);
    }
    for (const portId of userPorts) {
      await bind(portId);
      bound.push(portId);
    }
    return { vifs: await networkInfo(deps, context, instance.uuid, networks, created), plugged };
  } catch (error) {
    for (const portId of created) await deps.neutron.deletePort(context, portId).catch(() => undefined);
    for (const portId of bound) await deps.neutron.unbindPort(context, portId, true).catch(() => undefined);
    throw error;
  }
}

async function networkInfo(deps: ComputeDeps, context: RequestContext, uuid: string, networks: readonly NeutronNetwork[], created: readonly string[]): Promise<VifInfo[]> {
  const ports = await deps.neutron.listPorts(context, uuid);
  const subnets = [...new Set(ports.flatMap((p) => p.fixed_ips.map((ip) => ip.subnet_id)))];
  await deps.neutron.networkDetails(context, subnets, ports.map((p) => p.id));
  const known = new Map(networks.map((n) => [n.id, n.name]));
  const unknown = [...new Set(ports.map((p) => p.network_id).filter((id) => !known.has(id)))];
  if (unknown.length > 0) for (const network of await deps.neutron.listNetworks(context, unknown)) known.set(network.id, network.name);
  return ports.map((port) => ({
    portId: port.id,
    networkId: port.network_id,
    networkName: known.get(port.network_id) ?? port.network_id,
    address: port.fixed_ips[0]?.ip_address ?? '',
    macAddress: port.mac_address,
    createdByNova: created.includes(port.id),
  }));
}

/** Ports nova created are deleted; ports the user supplied are only unbound. */
export async function deallocateNetwork(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord): Promise<void> {
  for (const vif of instance.vifs) {
    try {
      if (vif.createdByNova) await deps.neutron.deletePort(context, vif.portId);
      else await deps.neutron.unbindPort(context, vif.portId, true);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      deps.log.warning(`Port ${vif.portId} was already gone`, { context, instance: instance.uuid });
    }
  }
}
