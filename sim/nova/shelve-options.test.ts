import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRROS_IMAGE, NETWORKS } from '../kit/devstack.js';
import { novaClient } from './testing/client.js';
import type { NovaTestClient } from './testing/client.js';
import { startTestCloud } from './testing/cloud.js';
import type { TestCloud } from './testing/cloud.js';
import { recordingHooks } from './testing/recorder.js';
import type { Recording } from './testing/recorder.js';

describe('shelved_offload_time = -1: shelve keeps the server on its host', () => {
  let cloud: TestCloud;
  let nova: NovaTestClient;
  let recording: Recording;
  let id: string;
  beforeAll(async () => {
    recording = recordingHooks();
    cloud = await startTestCloud({ hooksFor: recording.hooksFor }, { compute: { shelvedOffloadTimeSec: -1 } });
    nova = await novaClient(cloud.nova, cloud.env.endpoints.keystone);
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'kept', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: NETWORKS[0]!.id }] } } });
    id = (created.body as { server: { id: string } }).server.id;
    await nova.waitFor(id, (s) => s?.['status'] === 'ACTIVE');
  });
  afterAll(async () => cloud.shutdown());

  /** Runs the action, waits for `status`, and (when it ends in one) for the trailing scheduler fanout. */
  async function act(body: unknown, status: string, fanout?: string): Promise<string> {
    const response = await nova.request('POST', `/v2.1/servers/${id}/action`, { body });
    expect(response.status).toBe(202);
    const requestId = response.headers.get('x-openstack-request-id')!;
    await nova.waitFor(id, (s) => s?.['status'] === status && s['OS-EXT-STS:task_state'] === null);
    const sent = () => fanout === undefined || recording.rpc.some((r) => r.requestId === requestId && r.method === fanout);
    for (let waited = 0; !sent() && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 20));
    return requestId;
  }
  const methods = (requestId: string) => recording.rpc.filter((r) => r.requestId === requestId && r.method !== 'object_action' && r.method !== 'object_class_action_versions').map((r) => `${r.from} ${r.kind} ${r.method}`);
  const calls = (requestId: string) => recording.http.filter((h) => h.requestId === requestId).map((h) => `${h.from} ${h.method} ${h.path}`);

  it('shelve stops at SHELVED, still on compute-1, with no offload hops', async () => {
    const requestId = await act({ shelve: null }, 'SHELVED');
    expect(methods(requestId)).toEqual(['nova-api cast shelve_instance']);
    expect(calls(requestId)).toEqual(['nova-api POST /v2/images', 'nova-compute PUT /v2/images/{image_id}/file']);
    const server = ((await nova.request('GET', `/v2.1/servers/${id}`)).body as { server: Record<string, unknown> }).server;
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('compute-1');
  });

  it('unshelve of a SHELVED server: conductor casts start_instance; compute deletes the snapshot', async () => {
    const requestId = await act({ unshelve: null }, 'ACTIVE');
    expect(methods(requestId)).toEqual(['nova-api cast unshelve_instance', 'nova-conductor cast start_instance']);
    expect(calls(requestId)).toEqual(['nova-compute DELETE /v2/images/{image_id}']);
  });

  it('shelveOffload after a shelve runs the offload alone', async () => {
    await act({ shelve: null }, 'SHELVED');
    const requestId = await act({ shelveOffload: null }, 'SHELVED_OFFLOADED', 'delete_instance_info');
    expect(methods(requestId)).toEqual(['nova-api cast shelve_offload_instance', 'nova-compute fanout delete_instance_info']);
    expect(calls(requestId)).toEqual(['nova-compute PUT /v2.0/ports/{port_id}', 'nova-compute DELETE /allocations/{consumer_uuid}']);
  });
});
