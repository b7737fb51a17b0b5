import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRROS_IMAGE, NETWORKS } from '../sim/kit/devstack.js';
import { novaClient } from '../sim/nova/testing/client.js';
import type { NovaTestClient } from '../sim/nova/testing/client.js';
import { startTestCloud } from '../sim/nova/testing/cloud.js';
import type { TestCloud } from '../sim/nova/testing/cloud.js';
import { recordingHooks } from '../sim/nova/testing/recorder.js';
import type { RecordedRpc, Recording } from '../sim/nova/testing/recorder.js';

/**
 * The RPC sequences of a boot and a shelve, as the sending side emits them, against the flows in
 * shared/reference/openstack.md §3 and §4.1–4.2. Each line is `<sender> <kind> <target> <method>`;
 * `compute` messages go to `compute.<host>`. Consecutive identical lines are collapsed to `×n`
 * only where the count depends on how many saves nova does (object_action).
 */
const BOOT = [
  'nova-api cast conductor schedule_and_build_instances',
  'nova-conductor call scheduler select_destinations',
  'nova-conductor cast compute.compute-1 build_and_run_instance',
  'nova-compute call conductor object_class_action_versions', // InstanceActionEvent.event_start
  'nova-compute call conductor object_action', // networking
  'nova-compute call conductor object_action', // block_device_mapping (+ network info cache)
  'nova-compute call conductor object_action', // spawning
  'nova-compute call conductor object_action', // active
  'nova-compute call conductor object_class_action_versions', // InstanceActionEvent.event_finish
  'nova-compute fanout scheduler update_instance_info',
];

const SHELVE = [
  'nova-api cast compute.compute-1 shelve_instance',
  'nova-compute call conductor object_class_action_versions',
  'nova-compute call conductor object_action', // power off, shelving_image_pending_upload
  'nova-compute call conductor object_action', // shelving_image_uploading
  'nova-compute call conductor object_action', // shelved / shelving_offloading
  'nova-compute call conductor object_class_action_versions',
  // shelved_offload_time = 0: offload at once, in the same request
  'nova-compute call conductor object_class_action_versions',
  'nova-compute call conductor object_action', // shelving_offloading
  'nova-compute call conductor object_action', // shelved_offloaded, host cleared
  'nova-compute call conductor object_class_action_versions',
  'nova-compute fanout scheduler delete_instance_info',
];

const UNSHELVE_OFFLOADED = [
  'nova-api cast conductor unshelve_instance',
  'nova-conductor call scheduler select_destinations',
  'nova-conductor cast compute.compute-1 unshelve_instance',
  'nova-compute call conductor object_class_action_versions',
  'nova-compute call conductor object_action', // spawning
  'nova-compute call conductor object_action', // active
  'nova-compute call conductor object_class_action_versions',
  'nova-compute fanout scheduler update_instance_info',
];

function line(r: RecordedRpc): string {
  return `${r.from} ${r.kind} ${r.topic}${r.server ? `.${r.server}` : ''} ${r.method}`;
}

const PRIVATE = NETWORKS.find((n) => n.name === 'private')!.id;

describe('RPC sequences against the reference flows', () => {
  let cloud: TestCloud;
  let nova: NovaTestClient;
  let recording: Recording;
  beforeAll(async () => {
    recording = recordingHooks();
    cloud = await startTestCloud({ hooksFor: recording.hooksFor });
    nova = await novaClient(cloud.nova, cloud.env.endpoints.keystone);
  });
  afterAll(async () => cloud.shutdown());

  const sequenceOf = (requestId: string) => recording.rpc.filter((r) => r.requestId === requestId).map(line);

  /** The request's sequence once it has `length` messages (the trailing fanout follows the last save), or after 5 s. */
  async function settledSequence(requestId: string, length: number): Promise<string[]> {
    for (let waited = 0; sequenceOf(requestId).length < length && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 20)); // and nothing more arrives
    return sequenceOf(requestId);
  }

  async function boot(name: string): Promise<{ id: string; requestId: string }> {
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name, imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: PRIVATE }] } } });
    expect(created.status).toBe(202);
    const id = (created.body as { server: { id: string } }).server.id;
    await nova.waitFor(id, (s) => s?.['status'] === 'ACTIVE');
    return { id, requestId: created.headers.get('x-openstack-request-id')! };
  }

  async function act(id: string, body: unknown, until: string): Promise<string> {
    const response = await nova.request('POST', `/v2.1/servers/${id}/action`, { body });
    expect(response.status).toBe(202);
    await nova.waitFor(id, (s) => s?.['status'] === until && s['OS-EXT-STS:task_state'] === null);
    return response.headers.get('x-openstack-request-id')!;
  }

  it('boot: api ⇒cast conductor ⇒call scheduler, ⇒cast compute, compute ⇒call conductor for every save, ⇒fanout scheduler', async () => {
    const { requestId } = await boot('seq-boot');
    expect(await settledSequence(requestId, BOOT.length)).toEqual(BOOT);
  });

  it('boot: every nova RPC message of the request carries nova-api request id; vif-plugged arrives under its own id', async () => {
    const { id, requestId } = await boot('seq-ids');
    const external = recording.rpc.filter((r) => r.method === 'external_instance_event');
    expect(external.length).toBeGreaterThan(0);
    expect(external.every((r) => r.requestId !== requestId && line(r) === 'nova-api cast compute.compute-1 external_instance_event')).toBe(true);
    const actions = (await nova.request('GET', `/v2.1/servers/${id}/os-instance-actions/${requestId}`, { headers: { 'openstack-api-version': 'compute 2.84' } })).body as {
      instanceAction: { action: string; events: { event: string; result: string }[] };
    };
    expect(actions.instanceAction.action).toBe('create');
    expect(actions.instanceAction.events.map((e) => `${e.event}:${e.result}`)).toEqual(['conductor_schedule_and_build_instances:Success', 'compute__do_build_and_run_instance:Success']);
  });

  it('shelve then unshelve of the offloaded server follow the reference, call and cast kinds included', async () => {
    const { id } = await boot('seq-shelve');
    const shelveId = await act(id, { shelve: null }, 'SHELVED_OFFLOADED');
    expect(await settledSequence(shelveId, SHELVE.length)).toEqual(SHELVE);
    const unshelveId = await act(id, { unshelve: null }, 'ACTIVE');
    expect(await settledSequence(unshelveId, UNSHELVE_OFFLOADED.length)).toEqual(UNSHELVE_OFFLOADED);
  });

  it('nova-compute never touches the database; api, conductor and scheduler do it themselves', async () => {
    await boot('seq-db');
    expect(recording.db.some((d) => d.from === 'nova-compute')).toBe(false);
    expect(new Set(recording.db.map((d) => d.from))).toEqual(new Set(['nova-api', 'nova-conductor', 'nova-scheduler']));
  });

  it('a valid inbound X-OpenStack-Request-ID travels as the global id on every RPC message and every REST call nova makes', async () => {
    const globalId = 'req-6a9d1ad1-6c4f-4c5e-9d55-6f3c1f7b0a11';
    const created = await nova.request('POST', '/v2.1/servers', {
      body: { server: { name: 'seq-global', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: PRIVATE }] } },
      headers: { 'x-openstack-request-id': globalId },
    });
    const requestId = created.headers.get('x-openstack-request-id')!;
    expect(requestId).not.toBe(globalId);
    const id = (created.body as { server: { id: string } }).server.id;
    await nova.waitFor(id, (s) => s?.['status'] === 'ACTIVE');
    await settledSequence(requestId, BOOT.length);
    const messages = recording.rpc.filter((r) => r.requestId === requestId);
    expect(messages).toHaveLength(BOOT.length);
    expect(messages.every((r) => r.globalRequestId === globalId)).toBe(true);
    const calls = recording.http.filter((h) => h.requestId === requestId);
    expect(calls.length).toBeGreaterThan(5);
    expect(calls.every((h) => h.sentRequestId === globalId)).toBe(true);
  });

  it('compute asks neutron for its extensions once, in the first boot it builds', () => {
    const extensions = recording.http.filter((h) => h.path === '/v2.0/extensions');
    expect(extensions.map((h) => h.from)).toEqual(['nova-compute']);
  });

  it('the scheduler learns placement providers at start-up, outside every user request', () => {
    const listing = recording.http.findIndex((h) => h.path === '/resource_providers');
    const firstUserCall = recording.http.findIndex((h) => h.from === 'nova-api');
    expect(listing).toBeGreaterThanOrEqual(0);
    expect(listing).toBeLessThan(firstUserCall);
  });

  it('REST hops of a boot: scheduler claims in placement, compute binds ports, builds the network info and fetches the image', async () => {
    const { requestId } = await boot('seq-rest');
    const hops = recording.http.filter((h) => h.requestId === requestId).map((h) => `${h.from} ${h.method} ${h.path}`);
    expect(hops).toEqual([
      'nova-api GET /v2/images/{image_id}',
      'nova-api GET /v2.0/networks',
      'nova-scheduler GET /allocation_candidates',
      'nova-scheduler GET /allocations/{consumer_uuid}',
      'nova-scheduler PUT /allocations/{consumer_uuid}',
      'nova-compute GET /allocations/{consumer_uuid}',
      // GET /v2.0/extensions happened once, in the first boot of this compute (nova caches it)
      'nova-compute GET /v2.0/networks',
      'nova-compute POST /v2.0/ports',
      'nova-compute PUT /v2.0/ports/{port_id}',
      'nova-compute GET /v2.0/ports',
      'nova-compute GET /v2.0/subnets',
      'nova-compute GET /v2.0/floatingips',
      'nova-compute GET /v2/images/{image_id}/file',
    ]);
  });
});
