import type { RequestContext } from '../../kit/context.js';
import type { NeutronNetwork } from '../clients/neutron.js';
import { isNotFound } from '../clients/rest.js';
import type { InstanceRecord, VifInfo } from '../objects/instance.js';
import type { ComputeDeps } from './deps.js';

/** The networks to plug: the requested uuids, or for `auto`/none the project's first tenant network. */
export async function networksToPlug(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord): Promise<NeutronNetwork[]> {
  const requested = instance.requestedNetworks;
  if (requested === 'none') return [];
  const ids = requested === 'auto' ? [] : requested.flatMap((n) => (n.uuid ? [n.uuid] : []));
  if (ids.length > 0) return deps.neutron.listNetworks(context, ids);
  const available = await deps.neutron.listProjectNetworks(context);
  return available.slice(0, 1);
}

/**
 * `allocate_for_instance`: create one port per network, bind it to this host (neutron then
 * reports `network-vif-plugged`), and rebuild the network info from neutron. Returns the cache
 * entries and one pending wait per port.
 */
export async function allocateNetwork(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord): Promise<{ vifs: VifInfo[]; plugged: Promise<boolean>[] }> {
  const networks = await networksToPlug(deps, context, instance);
  const plugged: Promise<boolean>[] = [];
  const created: string[] = [];
  try {
    for (const network of networks) {
      const port = await deps.neutron.createPort(context, network.id, instance.uuid);
      created.push(port.id);
      plugged.push(deps.vifEvents.expect(instance.uuid, port.id, deps.options.vifPluggingTimeoutMs));
      await deps.neutron.bindPort(context, port.id, deps.host, instance.uuid);
    }
    return { vifs: await networkInfo(deps, context, instance.uuid, networks, created), plugged };
  } catch (error) {
    for (const portId of created) await deps.neutron.deletePort(context, portId).catch(() => undefined);
    throw error;
  }
}

async function networkInfo(deps: ComputeDeps, context: RequestContext, uuid: string, networks: readonly NeutronNetwork[], created: readonly string[]): Promise<VifInfo[]> {
  if (networks.length === 0) return [];
  const ports = await deps.neutron.listPorts(context, uuid);
  return ports.map((port) => ({
    portId: port.id,
    networkId: port.network_id,
    networkName: networks.find((n) => n.id === port.network_id)?.name ?? port.network_id,
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
      else await deps.neutron.unbindPort(context, vif.portId);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      deps.log.warning(`Port ${vif.portId} was already gone`, { context, instance: instance.uuid });
    }
  }
}
