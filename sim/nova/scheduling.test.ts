import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRROS_IMAGE, NETWORKS } from '../kit/devstack.js';
import { novaClient } from './testing/client.js';
import type { NovaTestClient } from './testing/client.js';
import { startTestCloud } from './testing/cloud.js';
import type { TestCloud } from './testing/cloud.js';

const SERVER = { imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: NETWORKS[0]!.id }] };

describe('scheduling over two compute hosts', () => {
  let cloud: TestCloud;
  let nova: NovaTestClient;
  beforeAll(async () => {
    cloud = await startTestCloud({ computeHosts: ['compute-1', 'compute-2'] });
    nova = await novaClient(cloud.nova, cloud.env.endpoints.keystone);
  });
  afterAll(async () => cloud.shutdown());

  const show = async (id: string) => ((await nova.request('GET', `/v2.1/servers/${id}`)).body as { server: Record<string, unknown> }).server;

  it('min/max_count boots max_count servers named <name>-<n>, spread over both hosts by the weigher', async () => {
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { ...SERVER, name: 'many', min_count: 1, max_count: 2 } } });
    expect(created.status).toBe(202);
    const listed = (await nova.request('GET', '/v2.1/servers?name=^many-')).body as { servers: { id: string; name: string }[] };
    expect(listed.servers.map((s) => s.name).sort()).toEqual(['many-1', 'many-2']);
    for (const s of listed.servers) await nova.waitFor(s.id, (server) => server?.['status'] === 'ACTIVE');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const hosts = await Promise.all(listed.servers.map(async (s) => (await show(s.id))['OS-EXT-SRV-ATTR:host']));
    expect(hosts.sort()).toEqual(['compute-1', 'compute-2']);
  });

  it('a server deleted right after its 202 is never built and leaves no port behind', async () => {
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { ...SERVER, name: 'short-lived' } } });
    const id = (created.body as { server: { id: string } }).server.id;
    expect((await nova.request('DELETE', `/v2.1/servers/${id}`)).status).toBe(204);
    await nova.waitFor(id, (s) => s === null);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await nova.request('GET', `/v2.1/servers/${id}`)).status).toBe(404);
    const ports = await fetch(`${cloud.env.endpoints.neutron}/v2.0/ports?device_id=${id}`, { headers: { 'x-auth-token': nova.token } });
    expect(((await ports.json()) as { ports: unknown[] }).ports).toEqual([]);
    const allocations = await fetch(`${cloud.env.endpoints.placement}/allocations/${id}`, { headers: { 'x-auth-token': nova.token, 'openstack-api-version': 'placement 1.28' } });
    expect(((await allocations.json()) as { allocations: object }).allocations).toEqual({});
  });

  it('delete of an ACTIVE server removes its port and its allocation; a repeated DELETE is harmless', async () => {
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { ...SERVER, name: 'gone' } } });
    const id = (created.body as { server: { id: string } }).server.id;
    await nova.waitFor(id, (s) => s?.['status'] === 'ACTIVE');
    expect((await nova.request('DELETE', `/v2.1/servers/${id}`)).status).toBe(204);
    const again = await nova.request('DELETE', `/v2.1/servers/${id}`);
    expect([204, 404]).toContain(again.status);
    await nova.waitFor(id, (s) => s === null);
    const actions = (await nova.request('GET', `/v2.1/servers/${id}/os-instance-actions`)).body as { instanceActions: { action: string }[] };
    expect(actions.instanceActions.map((a) => a.action)).toEqual(['delete', 'create']);
    const ports = await fetch(`${cloud.env.endpoints.neutron}/v2.0/ports?device_id=${id}`, { headers: { 'x-auth-token': nova.token } });
    expect(((await ports.json()) as { ports: unknown[] }).ports).toEqual([]);
    const allocations = await fetch(`${cloud.env.endpoints.placement}/allocations/${id}`, { headers: { 'x-auth-token': nova.token, 'openstack-api-version': 'placement 1.28' } });
    expect(((await allocations.json()) as { allocations: object }).allocations).toEqual({});
  });
});
