/**
 * The real OpenStack clients against the simulated cloud: python-openstackclient 10.5.0 and
 * python-novaclient 18.13.1 (with openstacksdk 4.22.0, keystoneauth1 5.18.1, osc-lib 4.7.0), installed into
 * .venv by deploy/openstack-clients.sh — run here when missing, never skipped.
 *
 * The cloud runs in this process, so every client runs as an asynchronous child process.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloud } from '../sim/cloud.js';
import type { Cloud } from '../sim/cloud.js';
import { CIRROS_IMAGE, NETWORKS } from '../sim/kit/devstack.js';
import { openrcEnv } from '../sim/openrc.js';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');
const bin = join(repo, '.venv', 'bin');
const INSTALL_SCRIPT = 'deploy/openstack-clients.sh';

let cloud: Cloud;
let clientEnv: NodeJS.ProcessEnv;

/** Runs a client command; resolves with stdout and stderr, rejects with both when it exits non-zero. */
async function cli(tool: 'openstack' | 'nova', args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(join(bin, tool), args, { env: clientEnv, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 });
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    throw new Error(`${tool} ${args.join(' ')} exited ${String(failed.code)}\n--- stdout\n${failed.stdout ?? ''}\n--- stderr\n${(failed.stderr ?? '').slice(-4000)}`, { cause: error });
  }
}

async function openstackJson<T>(args: string[]): Promise<T> {
  return JSON.parse((await cli('openstack', [...args, '-f', 'json'])).stdout) as T;
}

type ServerView = { status: string; 'OS-EXT-STS:vm_state': string; 'OS-EXT-STS:task_state': string | null; id: string; name: string };

async function pollStatus(name: string, wanted: string): Promise<ServerView> {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const server = await openstackJson<ServerView>(['server', 'show', name]);
    if (server.status === wanted) return server;
    if (server.status === 'ERROR') throw new Error(`${name} went to ERROR waiting for ${wanted}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} never reached ${wanted}`);
}

beforeAll(async () => {
  if (!existsSync(join(bin, 'openstack')) || !existsSync(join(bin, 'nova'))) {
    try {
      await run('bash', [join(repo, INSTALL_SCRIPT)], { timeout: 900_000 });
    } catch (error) {
      throw new Error(`the OpenStack clients are missing and ${INSTALL_SCRIPT} failed to install them: ${(error as Error).message}`, { cause: error });
    }
  }
  cloud = await startCloud({ ephemeralPorts: true, stepDelayMs: 20, logDir: mkdtempSync(join(tmpdir(), 'hoptrace-cli-logs-')) });
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OS_')));
  clientEnv = { ...inherited, ...openrcEnv(cloud.openrc()), HOME: mkdtempSync(join(tmpdir(), 'hoptrace-cli-home-')) };
}, 900_000);
afterAll(() => cloud?.shutdown());

describe('python-openstackclient drives the simulated cloud', () => {
  it('creates a server by flavor, image and network name and waits for ACTIVE', async () => {
    const server = await openstackJson<ServerView & { addresses: unknown; flavor: unknown }>(['server', 'create', '--flavor', 'm1.tiny', '--image', CIRROS_IMAGE.name, '--network', 'private', '--wait', 'vm1']);
    expect(server.status).toBe('ACTIVE');
    expect(server['OS-EXT-STS:vm_state']).toBe('active');
    expect(server['OS-EXT-STS:task_state']).toBeNull();
    expect(JSON.stringify(server.addresses)).toMatch(/private.*10\.0\.0\./);
  }, 120_000);

  it('lists and shows the server', async () => {
    const list = await openstackJson<{ Name: string; Status: string }[]>(['server', 'list']);
    expect(list).toEqual([expect.objectContaining({ Name: 'vm1', Status: 'ACTIVE' })]);
    const shown = await openstackJson<ServerView>(['server', 'show', 'vm1']);
    expect(shown).toMatchObject({ name: 'vm1', status: 'ACTIVE', 'OS-EXT-STS:vm_state': 'active' });
  }, 60_000);

  it('shelves the server to SHELVED_OFFLOADED', async () => {
    await cli('openstack', ['server', 'shelve', '--wait', 'vm1']);
    const shown = await pollStatus('vm1', 'SHELVED_OFFLOADED');
    expect(shown['OS-EXT-STS:vm_state']).toBe('shelved_offloaded');
  }, 120_000);

  it('unshelves the server back to ACTIVE', async () => {
    await cli('openstack', ['server', 'unshelve', '--wait', 'vm1']);
    expect(await openstackJson<ServerView>(['server', 'show', 'vm1'])).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:vm_state': 'active', 'OS-EXT-STS:task_state': null });
  }, 120_000);

  it('reboots the server and it comes back ACTIVE', async () => {
    await cli('openstack', ['server', 'reboot', '--wait', 'vm1']);
    expect(await openstackJson<ServerView>(['server', 'show', 'vm1'])).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null });
    const events = await openstackJson<{ Action: string }[]>(['server', 'event', 'list', 'vm1']);
    expect(events.map((e) => e.Action).sort()).toEqual(['create', 'reboot', 'shelve', 'unshelve']);
  }, 120_000);

  it('deletes the server and waits until it is gone', async () => {
    await cli('openstack', ['server', 'delete', '--wait', 'vm1']);
    expect(await openstackJson<unknown[]>(['server', 'list'])).toEqual([]);
  }, 120_000);
});

describe('python-novaclient drives the simulated cloud (the classic nova --debug boot walk-through)', () => {
  const privateNet = NETWORKS.find((n) => n.name === 'private')!;

  it('boots with nova --debug boot, and the request ids are OpenStack ones', async () => {
    const { stdout, stderr } = await cli('nova', ['--debug', 'boot', '--flavor', 'm1.tiny', '--image', CIRROS_IMAGE.name, '--nic', `net-id=${privateNet.id}`, '--poll', 'vm2']);
    const debug = `${stdout}\n${stderr}`;
    expect(debug).toMatch(/RESP: \[202\]/);
    expect(debug).toMatch(/x-openstack-request-id: req-[0-9a-f-]{36}/);
    expect(debug).toMatch(/x-compute-request-id: req-[0-9a-f-]{36}/);
    const used = /POST call to compute for \S+\/v2\.1\/servers used request id (req-[0-9a-f-]{36})/.exec(debug);
    expect(used).not.toBeNull();
    const server = await pollStatus('vm2', 'ACTIVE');
    const events = await openstackJson<{ 'Request ID': string; Action: string }[]>(['server', 'event', 'list', server.id]);
    expect(events).toEqual([expect.objectContaining({ Action: 'create', 'Request ID': used![1] })]);
  }, 180_000);

  it('shelves with nova --debug shelve', async () => {
    const { stdout, stderr } = await cli('nova', ['--debug', 'shelve', 'vm2']);
    const debug = `${stdout}\n${stderr}`;
    expect(debug).toMatch(/POST .*\/servers\/[0-9a-f-]{36}\/action/);
    expect(debug).toMatch(/RESP: \[202\]/);
    expect(debug).toMatch(/used request id req-[0-9a-f-]{36}/);
    expect((await pollStatus('vm2', 'SHELVED_OFFLOADED'))['OS-EXT-STS:vm_state']).toBe('shelved_offloaded');
  }, 120_000);
});
