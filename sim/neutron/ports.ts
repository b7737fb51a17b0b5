import { randomBytes, randomUUID } from 'node:crypto';
import { ApiError } from '../kit/rest/api-error.js';
import { findNetwork, intToIp, ipToInt, lastAddress, neutronTime } from './model.js';
import type { Port } from './model.js';

/** What a port create or update may set (`binding:host_id` → `host`, `binding:profile` → `profile`). */
export type PortChanges = Partial<Pick<Port, 'name' | 'admin_state_up' | 'device_id' | 'device_owner' | 'security_groups' | 'host' | 'profile' | 'dns_name' | 'description'>>;

/** neutron's ports, in memory, with IPs allocated from each network's one subnet. */
export class PortStore {
  readonly #ports = new Map<string, Port>();

  list(): Port[] {
    return [...this.#ports.values()];
  }

  get(id: string): Port {
    const port = this.#ports.get(id);
    if (port === undefined) throw new ApiError(404, `Port ${id} could not be found.`, { type: 'PortNotFound' });
    return port;
  }

  create(networkId: string, projectId: string, changes: PortChanges): Port {
    const network = findNetwork(networkId);
    if (network === undefined) throw new ApiError(404, `Network ${networkId} could not be found.`, { type: 'NetworkNotFound' });
    const now = neutronTime(new Date());
    const port: Port = {
      id: randomUUID(),
      name: '',
      network_id: network.id,
      project_id: projectId,
      mac_address: `fa:16:3e:${randomBytes(3).toString('hex').match(/../g)!.join(':')}`,
      admin_state_up: true,
      status: 'DOWN',
      device_id: '',
      device_owner: '',
      fixed_ips: [{ subnet_id: network.subnet.id, ip_address: this.#allocate(network.subnet.id, network.subnet.allocation_start, network.subnet.cidr) }],
      security_groups: [],
      host: '',
      profile: {},
      dns_name: '',
      description: '',
      created_at: now,
      updated_at: now,
      revision_number: 1,
      ...changes,
    };
    if (port.host !== '') port.status = 'ACTIVE';
    this.#ports.set(port.id, port);
    return port;
  }

  /** Applies changes; answers whether this update bound the port to a host (DOWN → ACTIVE). */
  update(id: string, changes: PortChanges): { port: Port; bound: boolean } {
    const port = this.get(id);
    const wasBound = port.host !== '';
    Object.assign(port, changes);
    port.status = port.host !== '' ? 'ACTIVE' : 'DOWN';
    port.updated_at = neutronTime(new Date());
    port.revision_number += 1;
    return { port, bound: !wasBound && port.host !== '' };
  }

  delete(id: string): Port {
    const port = this.get(id);
    this.#ports.delete(id);
    return port;
  }

  #allocate(subnetId: string, start: string, cidr: string): string {
    const used = new Set(this.list().flatMap((p) => p.fixed_ips.filter((ip) => ip.subnet_id === subnetId).map((ip) => ip.ip_address)));
    for (let value = ipToInt(start); value <= ipToInt(lastAddress(cidr)); value += 1) {
      if (!used.has(intToIp(value))) return intToIp(value);
    }
    throw new ApiError(409, `No more IP addresses available on network ${subnetId}.`, { type: 'IpAddressGenerationFailure' });
  }
}
