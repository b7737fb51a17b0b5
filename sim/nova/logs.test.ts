import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRROS_IMAGE, NETWORKS } from '../kit/devstack.js';
import { novaClient } from './testing/client.js';
import type { NovaTestClient } from './testing/client.js';
import { startTestCloud } from './testing/cloud.js';
import type { TestCloud } from './testing/cloud.js';

describe('nova oslo.log lines', () => {
  const logDir = mkdtempSync(join(tmpdir(), 'nova-logs-'));
  const log = (service: string) => readFileSync(join(logDir, `${service}.log`), 'utf8').split('\n');
  let cloud: TestCloud;
  let nova: NovaTestClient;
  let id: string;
  let requestId: string;
  beforeAll(async () => {
    cloud = await startTestCloud({ logDir });
    nova = await novaClient(cloud.nova, cloud.env.endpoints.keystone);
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'logged', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: NETWORKS[0]!.id }] } } });
    id = (created.body as { server: { id: string } }).server.id;
    requestId = created.headers.get('x-openstack-request-id')!;
    await nova.waitFor(id, (s) => s?.['status'] === 'ACTIVE');
    const fanned = () => log('nova-scheduler').some((l) => l.includes(requestId) && l.includes('update_instance_info'));
    for (let waited = 0; !fanned() && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  });
  afterAll(async () => {
    await cloud.shutdown();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('nova-api writes the access line of the create under its request id', () => {
    const line = log('nova-api').find((l) => l.includes('"POST /v2.1/servers" status: 202'));
    expect(line).toContain(`[None ${requestId} `);
    expect(line).toContain('INFO nova.api.openstack.requestlog');
  });

  it('conductor, scheduler and compute log each RPC message they receive, with the same request id', () => {
    expect(log('nova-conductor').some((l) => l.includes(requestId) && l.includes('Received cast schedule_and_build_instances on conductor.controller (version 1.25, namespace compute_task)'))).toBe(true);
    expect(log('nova-scheduler').some((l) => l.includes(requestId) && l.includes('Received call select_destinations on scheduler.controller (version 4.5)'))).toBe(true);
    expect(log('nova-compute').some((l) => l.includes(requestId) && l.includes('Received cast build_and_run_instance on compute.compute-1 (version 6.4)'))).toBe(true);
    expect(log('nova-scheduler').some((l) => l.includes(requestId) && l.includes('Received fanout update_instance_info on scheduler_fanout (version 4.2)'))).toBe(true);
  });

  it('compute logs every state change with the instance uuid, like nova', () => {
    const changes = log('nova-compute').filter((l) => l.includes(`[instance: ${id}] State changed`));
    expect(changes.map((l) => l.replace(/^.*State changed: /, ''))).toEqual([
      'vm_state=building task_state=networking',
      'vm_state=building task_state=block_device_mapping',
      'vm_state=building task_state=spawning',
      'vm_state=active task_state=None',
    ]);
    expect(changes.every((l) => l.includes(` ${requestId} `))).toBe(true);
  });
});
