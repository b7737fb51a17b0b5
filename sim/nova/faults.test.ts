import { afterEach, describe, expect, it } from 'vitest';
import { CIRROS_IMAGE, NETWORKS, PROJECTS } from '../kit/devstack.js';
import type { FaultSwitches } from '../kit/faults.js';
import { novaClient } from './testing/client.js';
import type { NovaTestClient } from './testing/client.js';
import { startTestCloud } from './testing/cloud.js';
import type { TestCloud } from './testing/cloud.js';
import { recordingHooks } from './testing/recorder.js';
import type { RecordedRpc, Recording } from './testing/recorder.js';

const PRIVATE = NETWORKS.find((n) => n.name === 'private')!.id;
const ADMIN_PROJECT = PROJECTS[0]!.id;

function line(r: RecordedRpc): string {
  return `${r.from} ${r.kind} ${r.topic}${r.server ? `.${r.server}` : ''} ${r.method}`;
}

describe('fault switches: each produces exactly its wrong hop and otherwise behaves', () => {
  let cloud: TestCloud | undefined;
  afterEach(async () => {
    await cloud?.shutdown();
    cloud = undefined;
  });

  async function start(faults: FaultSwitches): Promise<{ nova: NovaTestClient; recording: Recording }> {
    const recording = recordingHooks();
    cloud = await startTestCloud({ hooksFor: recording.hooksFor, faults });
    return { nova: await novaClient(cloud.nova, cloud.env.endpoints.keystone), recording };
  }

  /** Boots and waits for `until`; an ACTIVE boot also waits for its trailing `update_instance_info` fanout. */
  async function boot(nova: NovaTestClient, until = 'ACTIVE', recording?: Recording): Promise<{ id: string; requestId: string; server: Record<string, unknown> }> {
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'faulty', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: PRIVATE }] } } });
    expect(created.status).toBe(202);
    const id = (created.body as { server: { id: string } }).server.id;
    const requestId = created.headers.get('x-openstack-request-id')!;
    await nova.waitFor(id, (s) => s?.['status'] === until);
    const fanned = () => recording?.rpc.some((r) => r.requestId === requestId && r.method === 'update_instance_info') ?? true;
    for (let waited = 0; until === 'ACTIVE' && !fanned() && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const server = ((await nova.request('GET', `/v2.1/servers/${id}`)).body as { server: Record<string, unknown> }).server;
    return { id, requestId, server };
  }

  it('computeWritesDb: compute runs statements itself and sends no object_action to conductor', async () => {
    const { nova, recording } = await start({ computeWritesDb: true });
    const { requestId } = await boot(nova, 'ACTIVE', recording);
    const computeDb = recording.db.filter((d) => d.from === 'nova-compute' && d.requestId === requestId);
    expect(computeDb.map((d) => `${d.operation} ${d.table}`)).toContain('UPDATE instances');
    const sent = recording.rpc.filter((r) => r.requestId === requestId).map(line);
    expect(sent.filter((l) => l.startsWith('nova-compute call conductor'))).toEqual([]);
    expect(sent).toContain('nova-compute fanout scheduler update_instance_info');
  });

  it('apiCastsToCompute: nova-api casts build_and_run_instance to compute; conductor and scheduler never hear of it', async () => {
    const { nova, recording } = await start({ apiCastsToCompute: true });
    const { requestId } = await boot(nova, 'ACTIVE', recording);
    const sent = recording.rpc.filter((r) => r.requestId === requestId).map(line);
    expect(sent[0]).toBe('nova-api cast compute.compute-1 build_and_run_instance');
    expect(sent.some((l) => /schedule_and_build_instances|select_destinations/.test(l))).toBe(false);
    expect(sent.filter((l) => l.includes('build_and_run_instance'))).toHaveLength(1);
  });

  it('schedulerSkipsPlacement: select_destinations happens without one placement call', async () => {
    const { nova, recording } = await start({ schedulerSkipsPlacement: true });
    const { id, requestId } = await boot(nova, 'ACTIVE', recording);
    expect(recording.rpc.filter((r) => r.requestId === requestId).map(line)).toContain('nova-conductor call scheduler select_destinations');
    expect(recording.http.filter((h) => h.requestId === requestId && h.from === 'nova-scheduler')).toEqual([]);
    expect((await nova.request('DELETE', `/v2.1/servers/${id}`)).status).toBe(204);
    await nova.waitFor(id, (s) => s === null);
  });

  it('callInsteadOfCast: conductor calls build_and_run_instance (and waits for the build)', async () => {
    const { nova, recording } = await start({ callInsteadOfCast: true });
    const { requestId } = await boot(nova, 'ACTIVE', recording);
    const build = recording.rpc.filter((r) => r.requestId === requestId && r.method === 'build_and_run_instance').map(line);
    expect(build).toEqual(['nova-conductor call compute.compute-1 build_and_run_instance']);
  });

  it('noValidHost: ERROR with the fault, no compute message, no port and no allocation left', async () => {
    const { nova, recording } = await start({ noValidHost: true });
    const { id, requestId, server } = await boot(nova, 'ERROR');
    expect(server['fault']).toMatchObject({ code: 500, message: expect.stringContaining('No valid host was found') });
    expect(server['OS-EXT-STS:vm_state']).toBe('error');
    expect(recording.rpc.filter((r) => r.requestId === requestId && r.topic === 'compute')).toEqual([]);
    const ports = await fetch(`${cloud!.env.endpoints.neutron}/v2.0/ports?device_id=${id}`, { headers: { 'x-auth-token': nova.token } });
    expect(((await ports.json()) as { ports: unknown[] }).ports).toEqual([]);
    const allocations = await fetch(`${cloud!.env.endpoints.placement}/allocations/${id}`, { headers: { 'x-auth-token': nova.token, 'openstack-api-version': 'placement 1.28' } });
    expect(((await allocations.json()) as { allocations: object }).allocations).toEqual({});
    const listed = (await nova.request('GET', '/v2.1/servers/detail')).body as { servers: { id: string; status: string }[] };
    expect(listed.servers).toEqual([expect.objectContaining({ id, status: 'ERROR' })]);
    expect((await nova.request('DELETE', `/v2.1/servers/${id}`)).status).toBe(204);
    expect((await nova.request('GET', `/v2.1/servers/${id}`)).status).toBe(404);
  });

  async function createVolume(nova: NovaTestClient): Promise<string> {
    const base = `${cloud!.env.endpoints.cinder}/v3/${ADMIN_PROJECT}/volumes`;
    const headers = { 'x-auth-token': nova.token, 'content-type': 'application/json' };
    const created = await fetch(base, { method: 'POST', headers, body: JSON.stringify({ volume: { size: 1, name: 'vol' } }) });
    const id = ((await created.json()) as { volume: { id: string } }).volume.id;
    for (let i = 0; i < 200; i++) {
      const shown = (await (await fetch(`${base}/${id}`, { headers })).json()) as { volume: { status: string } };
      if (shown.volume.status === 'available') return id;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('volume never became available');
  }

  async function attach(nova: NovaTestClient, recording: Recording): Promise<string[]> {
    const { id } = await boot(nova, 'ACTIVE', recording);
    const volumeId = await createVolume(nova);
    const response = await nova.request('POST', `/v2.1/servers/${id}/os-volume_attachments`, { body: { volumeAttachment: { volumeId } } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ volumeAttachment: { device: '/dev/vdb', serverId: id, volumeId } });
    await nova.waitFor(id, (s) => (s?.['os-extended-volumes:volumes_attached'] as unknown[]).length === 1);
    const requestId = response.headers.get('x-openstack-request-id')!;
    expect(recording.rpc.filter((r) => r.requestId === requestId).map(line).slice(0, 2)).toEqual([
      'nova-api call compute.compute-1 reserve_block_device_name',
      'nova-api cast compute.compute-1 attach_volume',
    ]);
    return recording.http.filter((h) => h.requestId === requestId).map((h) => `${h.from} ${h.method} ${h.path}`);
  }

  it('volume attach without faults: compute updates and completes the cinder attachment', async () => {
    const { nova, recording } = await start({});
    expect(await attach(nova, recording)).toEqual([
      'nova-api GET /v3/{project_id}/volumes/{volume_id}',
      'nova-api POST /v3/{project_id}/attachments',
      'nova-compute PUT /v3/{project_id}/attachments/{attachment_id}',
      'nova-compute POST /v3/{project_id}/attachments/{attachment_id}/action',
    ]);
  });

  it('computeSkipsCinder: the attach completes with no compute → cinder call', async () => {
    const { nova, recording } = await start({ computeSkipsCinder: true });
    expect(await attach(nova, recording)).toEqual(['nova-api GET /v3/{project_id}/volumes/{volume_id}', 'nova-api POST /v3/{project_id}/attachments']);
  });
});
