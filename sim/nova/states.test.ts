import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRROS_IMAGE, NETWORKS } from '../kit/devstack.js';
import { novaClient } from './testing/client.js';
import type { NovaTestClient } from './testing/client.js';
import { startTestCloud } from './testing/cloud.js';
import type { TestCloud } from './testing/cloud.js';

/**
 * The status/task_state pairs a polling client sees, against nova's real sequences
 * (openstack.md §4, §4.7). `full` is every state nova passes through, in order; a poller may
 * miss the short-lived ones but never sees anything else, never out of order, and always sees
 * the ones held for a step (`held`).
 */
function expectSequence(seen: readonly string[], full: readonly string[], held: readonly string[]): void {
  let at = 0;
  for (const state of seen) {
    const found = full.indexOf(state, at);
    expect(found, `${state} out of order or unexpected in ${seen.join(' → ')}`).toBeGreaterThanOrEqual(0);
    at = found;
  }
  for (const state of held) expect(seen, `never saw ${state}`).toContain(state);
}

const PRIVATE = NETWORKS.find((n) => n.name === 'private')!.id;

describe('instance state sequences', () => {
  let cloud: TestCloud;
  let nova: NovaTestClient;
  let id: string;
  beforeAll(async () => {
    cloud = await startTestCloud({ stepDelayMs: 120 }); // long enough for a loaded machine's poll to see each held state
    nova = await novaClient(cloud.nova, cloud.env.endpoints.keystone);
  });
  afterAll(async () => cloud.shutdown());

  const settled = (status: string) => (s: Record<string, unknown> | null) => s?.['status'] === status && s['OS-EXT-STS:task_state'] === null;
  async function act(body: unknown, status: string): Promise<string[]> {
    expect((await nova.request('POST', `/v2.1/servers/${id}/action`, { body })).status).toBe(202);
    return nova.waitFor(id, settled(status));
  }

  it('boot: scheduling → networking → block_device_mapping → spawning → ACTIVE', async () => {
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'states', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: PRIVATE }] } } });
    id = (created.body as { server: { id: string } }).server.id;
    const seen = await nova.waitFor(id, settled('ACTIVE'));
    expectSequence(seen, ['BUILD/scheduling', 'BUILD/networking', 'BUILD/block_device_mapping', 'BUILD/spawning', 'ACTIVE/null'], ['BUILD/networking', 'BUILD/block_device_mapping', 'BUILD/spawning', 'ACTIVE/null']);
  });

  it('soft reboot: REBOOT rebooting → reboot_pending → reboot_started → ACTIVE', async () => {
    const seen = await act({ reboot: { type: 'SOFT' } }, 'ACTIVE');
    expectSequence(seen, ['REBOOT/rebooting', 'REBOOT/reboot_pending', 'REBOOT/reboot_started', 'ACTIVE/null'], ['REBOOT/reboot_pending', 'REBOOT/reboot_started']);
  });

  it('hard reboot: HARD_REBOOT with the _hard task states', async () => {
    const seen = await act({ reboot: { type: 'HARD' } }, 'ACTIVE');
    expectSequence(seen, ['HARD_REBOOT/rebooting_hard', 'HARD_REBOOT/reboot_pending_hard', 'HARD_REBOOT/reboot_started_hard', 'ACTIVE/null'], ['HARD_REBOOT/reboot_pending_hard', 'HARD_REBOOT/reboot_started_hard']);
  });

  it('stop then start: powering-off → SHUTOFF, powering-on → ACTIVE', async () => {
    expectSequence(await act({ 'os-stop': null }, 'SHUTOFF'), ['ACTIVE/powering-off', 'SHUTOFF/null'], ['ACTIVE/powering-off', 'SHUTOFF/null']);
    expectSequence(await act({ 'os-start': null }, 'ACTIVE'), ['SHUTOFF/powering-on', 'ACTIVE/null'], ['SHUTOFF/powering-on', 'ACTIVE/null']);
  });

  it('shelve: shelving → image upload → SHELVED → offloading → SHELVED_OFFLOADED', async () => {
    const seen = await act({ shelve: null }, 'SHELVED_OFFLOADED');
    expectSequence(
      seen,
      ['ACTIVE/shelving', 'ACTIVE/shelving_image_pending_upload', 'ACTIVE/shelving_image_uploading', 'SHELVED/shelving_offloading', 'SHELVED_OFFLOADED/null'],
      ['ACTIVE/shelving_image_pending_upload', 'ACTIVE/shelving_image_uploading', 'SHELVED/shelving_offloading', 'SHELVED_OFFLOADED/null'],
    );
    const server = ((await nova.request('GET', `/v2.1/servers/${id}`)).body as { server: Record<string, unknown> }).server;
    expect(server['OS-EXT-SRV-ATTR:host']).toBeNull();
    expect(server['OS-EXT-STS:power_state']).toBe(4);
  });

  it('unshelve of an offloaded server: unshelving → spawning → ACTIVE on a host again', async () => {
    const seen = await act({ unshelve: null }, 'ACTIVE');
    expectSequence(seen, ['SHELVED_OFFLOADED/unshelving', 'SHELVED_OFFLOADED/spawning', 'ACTIVE/null'], ['SHELVED_OFFLOADED/spawning', 'ACTIVE/null']);
    const server = ((await nova.request('GET', `/v2.1/servers/${id}`)).body as { server: Record<string, unknown> }).server;
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('compute-1');
  });

  it('delete: deleting → 404, and the instance actions list every request', async () => {
    expect((await nova.request('DELETE', `/v2.1/servers/${id}`)).status).toBe(204);
    const seen = await nova.waitFor(id, (s) => s === null);
    expectSequence(seen, ['ACTIVE/deleting', 'DELETED(404)'], ['ACTIVE/deleting', 'DELETED(404)']);
    const actions = (await nova.request('GET', `/v2.1/servers/${id}/os-instance-actions`)).body as { instanceActions: { action: string }[] };
    expect(actions.instanceActions.map((a) => a.action)).toEqual(['delete', 'unshelve', 'shelve', 'start', 'stop', 'reboot', 'reboot', 'create']);
  });
});
