import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../kit/devstack.js';
import { novaClient } from './testing/client.js';
import type { NovaTestClient } from './testing/client.js';
import { startTestCloud } from './testing/cloud.js';
import type { TestCloud } from './testing/cloud.js';

describe('a build that fails on compute', () => {
  let cloud: TestCloud;
  let nova: NovaTestClient;
  beforeAll(async () => {
    cloud = await startTestCloud({ stepDelayMs: 150 });
    nova = await novaClient(cloud.nova, cloud.env.endpoints.keystone);
  });
  afterAll(async () => cloud.shutdown());

  const glance = (method: string, path: string, body?: string | Uint8Array, type = 'application/json') =>
    fetch(`${cloud.env.endpoints.glance}${path}`, { method, headers: { 'x-auth-token': nova.token, 'content-type': type, accept: 'application/json' }, ...(body === undefined ? {} : { body }) });

  it('ends in ERROR with the fault, and leaves no port and no allocation behind', async () => {
    const image = (await (await glance('POST', '/v2/images', JSON.stringify({ name: 'doomed', disk_format: 'qcow2', container_format: 'bare' }))).json()) as { id: string };
    expect((await glance('PUT', `/v2/images/${image.id}/file`, new Uint8Array([1, 2, 3]), 'application/octet-stream')).status).toBe(204);
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'doomed', imageRef: image.id, flavorRef: '1', networks: [{ uuid: NETWORKS[0]!.id }] } } });
    expect(created.status).toBe(202);
    const id = (created.body as { server: { id: string } }).server.id;
    await nova.waitFor(id, (s) => s?.['OS-EXT-STS:task_state'] === 'networking');
    expect((await glance('DELETE', `/v2/images/${image.id}`)).status).toBe(204); // gone before spawn downloads it
    await nova.waitFor(id, (s) => s?.['status'] === 'ERROR');
    const server = ((await nova.request('GET', `/v2.1/servers/${id}`)).body as { server: Record<string, unknown> }).server;
    expect(server['fault']).toMatchObject({ code: 500, message: expect.stringContaining(`Build of instance ${id} aborted`) });
    expect(server['addresses']).toEqual({});
    const ports = await fetch(`${cloud.env.endpoints.neutron}/v2.0/ports?device_id=${id}`, { headers: { 'x-auth-token': nova.token } });
    expect(((await ports.json()) as { ports: unknown[] }).ports).toEqual([]);
    const allocations = await fetch(`${cloud.env.endpoints.placement}/allocations/${id}`, { headers: { 'x-auth-token': nova.token, 'openstack-api-version': 'placement 1.28' } });
    expect(((await allocations.json()) as { allocations: object }).allocations).toEqual({});
    const action = (await nova.request('GET', `/v2.1/servers/${id}/os-instance-actions/${created.headers.get('x-openstack-request-id')!}`)).body as {
      instanceAction: { message: string | null; events: { event: string; result: string }[] };
    };
    expect(action.instanceAction.message).toBe('Error');
    expect(action.instanceAction.events.map((e) => `${e.event}:${e.result}`)).toEqual(['conductor_schedule_and_build_instances:Success', 'compute__do_build_and_run_instance:Error']);
    expect((await nova.request('DELETE', `/v2.1/servers/${id}`)).status).toBe(204);
    await nova.waitFor(id, (s) => s === null);
  });
});
