import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRROS_IMAGE, NETWORKS } from '../../kit/devstack.js';
import type { HooksFactory } from '../../kit/hooks.js';
import { MessageUndeliverable } from '../../kit/rpc/errors.js';
import { novaClient } from '../testing/client.js';
import type { NovaTestClient } from '../testing/client.js';
import { startTestCloud } from '../testing/cloud.js';
import type { TestCloud } from '../testing/cloud.js';

/** nova-api's casts to the conductor find no consumer, as when every conductor is down. */
const conductorDown: HooksFactory = (instance) =>
  instance.service !== 'nova-api'
    ? {}
    : {
        wrapRpcClient: (client) => ({
          call: (...args) => client.call(...args),
          cast: async (context, target, method, args) => {
            if (target.topic === 'conductor') throw new MessageUndeliverable(method, target.topic);
            return client.cast(context, target, method, args);
          },
        }),
      };

describe('POST /servers when the conductor cannot be reached', () => {
  let cloud: TestCloud;
  let nova: NovaTestClient;
  beforeAll(async () => {
    cloud = await startTestCloud({ hooksFor: conductorDown });
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
