import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRROS_IMAGE, NETWORKS } from '../kit/devstack.js';
import { novaClient } from './testing/client.js';
import type { NovaTestClient } from './testing/client.js';
import { startTestCloud } from './testing/cloud.js';
import type { TestCloud } from './testing/cloud.js';

const PRIVATE = NETWORKS.find((n) => n.name === 'private')!.id;

describe('booting with a port the user created', () => {
  let cloud: TestCloud;
  let nova: NovaTestClient;
  beforeAll(async () => {
    cloud = await startTestCloud();
    nova = await novaClient(cloud.nova, cloud.env.endpoints.keystone);
  });
  afterAll(async () => cloud.shutdown());

  const neutron = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${cloud.env.endpoints.neutron}${path}`, { method, headers: { 'x-auth-token': nova.token, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { port: { id: string; device_id: string; 'binding:host_id'?: string } } };
  };

  it('binds the port, shows its address, refuses the port for a second server, and gives it back on delete', async () => {
    const portId = (await neutron('POST', '/v2.0/ports', { port: { network_id: PRIVATE } })).body.port.id;
    const server = (networks: unknown, name: string) => ({ server: { name, imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks } });
    const created = await nova.request('POST', '/v2.1/servers', { body: server([{ port: portId }], 'with-port') });
    expect(created.status).toBe(202);
    const id = (created.body as { server: { id: string } }).server.id;
    await nova.waitFor(id, (s) => s?.['status'] === 'ACTIVE');
    const shown = ((await nova.request('GET', `/v2.1/servers/${id}`)).body as { server: { addresses: Record<string, unknown[]> } }).server;
    expect(Object.keys(shown.addresses)).toEqual(['private']);
    expect((await neutron('GET', `/v2.0/ports/${portId}`)).body.port.device_id).toBe(id);

    const second = await nova.request('POST', '/v2.1/servers', { body: server([{ port: portId }], 'thief') });
    expect(second.status).toBe(409);
    expect(second.body).toEqual({ conflictingRequest: { code: 409, message: `Port ${portId} is still in use.` } });

    expect((await nova.request('DELETE', `/v2.1/servers/${id}`)).status).toBe(204);
    await nova.waitFor(id, (s) => s === null);
    const after = await neutron('GET', `/v2.0/ports/${portId}`);
    expect(after.status).toBe(200);
    expect(after.body.port.device_id).toBe('');
  });
});
