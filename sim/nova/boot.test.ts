import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRROS_IMAGE, NETWORKS } from '../kit/devstack.js';
import { novaClient } from './testing/client.js';
import type { NovaTestClient } from './testing/client.js';
import { startTestCloud } from './testing/cloud.js';
import type { TestCloud } from './testing/cloud.js';

const PRIVATE = NETWORKS.find((n) => n.name === 'private')!.id;

describe('nova boot', () => {
  let cloud: TestCloud;
  let nova: NovaTestClient;
  beforeAll(async () => {
    cloud = await startTestCloud({ stepDelayMs: 5 });
    nova = await novaClient(cloud.nova, cloud.env.endpoints.keystone);
  });
  afterAll(async () => cloud.shutdown());

  it('goes BUILD → ACTIVE with an address on the private network', async () => {
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'vm1', imageRef: CIRROS_IMAGE.id, flavorRef: '42', networks: [{ uuid: PRIVATE }] } } });
    expect(created.status).toBe(202);
    const id = (created.body as { server: { id: string } }).server.id;
    expect(created.headers.get('location')).toBe(`${cloud.nova}/v2.1/servers/${id}`);
    const seen = await nova.waitFor(id, (s) => s?.['status'] === 'ACTIVE' || s?.['status'] === 'ERROR');
    const shown = (await nova.request('GET', `/v2.1/servers/${id}`)).body as { server: Record<string, unknown> };
    expect(shown.server['status'], JSON.stringify(shown.server['fault'])).toBe('ACTIVE');
    expect(seen[0]).toMatch(/^BUILD\//);
    expect(Object.keys(shown.server['addresses'] as object)).toEqual(['private']);
  });
});
