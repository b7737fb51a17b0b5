import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRROS_IMAGE, NETWORKS } from '../../kit/devstack.js';
import type { HooksFactory } from '../../kit/hooks.js';
import { MessageUndeliverable } from '../../kit/rpc/errors.js';
import { novaClient } from '../testing/client.js';
import type { NovaTestClient } from '../testing/client.js';
import { startTestCloud } from '../testing/cloud.js';
import type { TestCloud } from '../testing/cloud.js';

/** nova-api's casts to `topic` find no consumer while `down()` holds, as when that service is down. */
function apiCastsFail(topic: string, down: () => boolean = () => true): HooksFactory {
  return (instance) =>
    instance.service !== 'nova-api'
      ? {}
      : {
          wrapRpcClient: (client) => ({
            call: (...args) => client.call(...args),
            cast: async (context, target, method, args) => {
              if (target.topic === topic && down()) throw new MessageUndeliverable(method, target.topic);
              return client.cast(context, target, method, args);
            },
          }),
        };
}

describe('POST /servers when the conductor cannot be reached', () => {
  let cloud: TestCloud;
  let nova: NovaTestClient;
  beforeAll(async () => {
    cloud = await startTestCloud({ hooksFor: apiCastsFail('conductor') });
    nova = await novaClient(cloud.nova, cloud.env.endpoints.keystone);
  });
  afterAll(async () => cloud.shutdown());

  it('answers 500 in nova format and leaves no server in BUILD behind', async () => {
    const response = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'orphan', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: NETWORKS[0]!.id }] } } });
    expect(response.status).toBe(500);
    expect(Object.keys(response.body as object)).toEqual(['computeFault']);
    expect(((await nova.request('GET', '/v2.1/servers')).body as { servers: unknown[] }).servers).toEqual([]);
  });
});

describe('server actions when nova-compute cannot be reached', () => {
  let cloud: TestCloud;
  let nova: NovaTestClient;
  let computeDown = false;
  beforeAll(async () => {
    cloud = await startTestCloud({ hooksFor: apiCastsFail('compute', () => computeDown) });
    nova = await novaClient(cloud.nova, cloud.env.endpoints.keystone);
  });
  afterAll(async () => cloud.shutdown());

  it('a failed action cast leaves the task state as it was; a delete is done locally, allocation and port included', async () => {
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'stranded', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: NETWORKS[0]!.id }] } } });
    const id = (created.body as { server: { id: string } }).server.id;
    await nova.waitFor(id, (s) => s?.['status'] === 'ACTIVE');
    computeDown = true;
    expect((await nova.request('POST', `/v2.1/servers/${id}/action`, { body: { reboot: { type: 'SOFT' } } })).status).toBe(500);
    const server = ((await nova.request('GET', `/v2.1/servers/${id}`)).body as { server: Record<string, unknown> }).server;
    expect(server).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null });
    expect((await nova.request('DELETE', `/v2.1/servers/${id}`)).status).toBe(204);
    expect((await nova.request('GET', `/v2.1/servers/${id}`)).status).toBe(404);
    const ports = await fetch(`${cloud.env.endpoints.neutron}/v2.0/ports?device_id=${id}`, { headers: { 'x-auth-token': nova.token } });
    expect(((await ports.json()) as { ports: unknown[] }).ports).toEqual([]);
    const allocations = await fetch(`${cloud.env.endpoints.placement}/allocations/${id}`, { headers: { 'x-auth-token': nova.token, 'openstack-api-version': 'placement 1.28' } });
    expect(((await allocations.json()) as { allocations: object }).allocations).toEqual({});
  });
});
