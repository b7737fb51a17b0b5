import type { RequestContext } from '../../kit/context.js';
import type { ServiceAdapter } from './rest.js';

export interface NeutronNetwork {
  readonly id: string;
  readonly name: string;
  readonly subnets?: readonly string[];
}

export interface NeutronPort {
  readonly id: string;
  readonly network_id: string;
  readonly mac_address: string;
  readonly fixed_ips: readonly { readonly subnet_id: string; readonly ip_address: string }[];
  readonly device_id?: string;
  readonly status?: string;
}

/** nova/network/neutron.py: the network calls of boot, shelve-offload, unshelve and delete. */
export class NeutronClient {
  readonly #rest: ServiceAdapter;
  #extensions: Promise<boolean> | undefined;

  constructor(rest: ServiceAdapter) {
    this.#rest = rest;
  }

  /** `GET /v2.0/networks?id=…` for the given ids; an unknown id is simply missing from the result. */
  async listNetworks(context: RequestContext, ids: readonly string[]): Promise<NeutronNetwork[]> {
    const query = ids.map((id) => `id=${encodeURIComponent(id)}`).join('&');
    const response = await this.#rest.request(context, { method: 'GET', path: `/v2.0/networks?${query}`, urlTemplate: '/v2.0/networks' });
    return (response.body as { networks: NeutronNetwork[] }).networks;
  }

  /** The tenant (non-external) networks the user can see (for `networks: "auto"` or none given). */
  async listProjectNetworks(context: RequestContext): Promise<NeutronNetwork[]> {
    const response = await this.#rest.request(context, { method: 'GET', path: '/v2.0/networks?router:external=false', urlTemplate: '/v2.0/networks' });
    return (response.body as { networks: NeutronNetwork[] }).networks;
  }

  /** `GET /v2.0/extensions`: nova asks once per process and caches the answer. */
  async hasExtensions(context: RequestContext): Promise<boolean> {
    this.#extensions ??= this.#rest.request(context, { method: 'GET', path: '/v2.0/extensions', urlTemplate: '/v2.0/extensions' }).then(
      () => true,
      (error: unknown) => {
        this.#extensions = undefined;
        throw error;
      },
    );
    return this.#extensions;
  }

  /** The subnets and floating ips nova reads to build an instance's network info. */
  async networkDetails(context: RequestContext, subnetIds: readonly string[], portIds: readonly string[]): Promise<void> {
    if (subnetIds.length > 0) {
      const query = subnetIds.map((id) => `id=${encodeURIComponent(id)}`).join('&');
      await this.#rest.request(context, { method: 'GET', path: `/v2.0/subnets?${query}`, urlTemplate: '/v2.0/subnets' });
    }
    if (portIds.length > 0) {
      const query = portIds.map((id) => `port_id=${encodeURIComponent(id)}`).join('&');
      await this.#rest.request(context, { method: 'GET', path: `/v2.0/floatingips?${query}`, urlTemplate: '/v2.0/floatingips' });
    }
  }

  async getPort(context: RequestContext, portId: string): Promise<NeutronPort> {
    const response = await this.#rest.request(context, { method: 'GET', path: `/v2.0/ports/${encodeURIComponent(portId)}`, urlTemplate: '/v2.0/ports/{port_id}' });
    return (response.body as { port: NeutronPort }).port;
  }

  async createPort(context: RequestContext, networkId: string, instanceUuid: string): Promise<NeutronPort> {
    const port = { network_id: networkId, device_id: instanceUuid, admin_state_up: true, tenant_id: context.project_id };
    const response = await this.#rest.request(context, { method: 'POST', path: '/v2.0/ports', urlTemplate: '/v2.0/ports', body: { port } });
    return (response.body as { port: NeutronPort }).port;
  }

  /** Binds the port to `host` (admin client, as nova does); neutron then reports vif-plugged. */
  async bindPort(context: RequestContext, portId: string, host: string, instanceUuid: string): Promise<NeutronPort> {
    const port = { 'binding:host_id': host, device_owner: 'compute:nova', device_id: instanceUuid, 'binding:profile': {}, dns_name: '' };
    const response = await this.#rest.request(context, { method: 'PUT', path: `/v2.0/ports/${portId}`, urlTemplate: '/v2.0/ports/{port_id}', body: { port }, asService: true });
    return (response.body as { port: NeutronPort }).port;
  }

  /**
   * Clears the port's host binding (shelve-offload). nova sends None; the simulated neutron takes ''.
   * With `release`, the port is also given back (delete of a port the user supplied): no device.
   */
  async unbindPort(context: RequestContext, portId: string, release = false): Promise<void> {
    const port = { 'binding:host_id': '', 'binding:profile': {}, ...(release ? { device_id: '', device_owner: '' } : {}) };
    await this.#rest.request(context, { method: 'PUT', path: `/v2.0/ports/${portId}`, urlTemplate: '/v2.0/ports/{port_id}', body: { port }, asService: true });
  }

  async deletePort(context: RequestContext, portId: string): Promise<void> {
    await this.#rest.request(context, { method: 'DELETE', path: `/v2.0/ports/${portId}`, urlTemplate: '/v2.0/ports/{port_id}' });
  }

  async listPorts(context: RequestContext, deviceId: string): Promise<NeutronPort[]> {
    const response = await this.#rest.request(context, { method: 'GET', path: `/v2.0/ports?device_id=${deviceId}`, urlTemplate: '/v2.0/ports' });
    return (response.body as { ports: NeutronPort[] }).ports;
  }
}
