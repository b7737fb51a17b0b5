/**
 * The README's walk-through: `hoptrace start` writes an openrc file; the real `openstack` client
 * (installed into .venv by deploy/openstack-clients.sh, run here when missing, never skipped)
 * sourced with it boots a server; the request id from `openstack --debug` finds the boot's flow
 * through `hoptrace flow`.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CIRROS_IMAGE } from '../sim/kit/devstack.js';
import { openrcEnv } from '../sim/openrc.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'hoptrace.js');
const OPENSTACK = join(ROOT, '.venv', 'bin', 'openstack');

async function ensureClients(): Promise<void> {
  if (existsSync(OPENSTACK)) return;
  try {
    await run('bash', [join(ROOT, 'deploy', 'openstack-clients.sh')], { timeout: 900_000 });
  } catch (error) {
    throw new Error(`the openstack client is missing and deploy/openstack-clients.sh failed to install it: ${(error as Error).message}`, { cause: error });
  }
}

describe('the openrc of hoptrace start', { timeout: 900_000 }, () => {
  it('lets the real openstack client boot a server whose request id finds its flow', async () => {
    await ensureClients();
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--ephemeral', '--no-scenario', '--json'], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 90_000;
      while (!stdout.includes('\n') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      const addresses = JSON.parse(stdout.split('\n')[0]!) as { api: string; openrc: string };
      const env = { ...process.env, ...openrcEnv(await readFile(addresses.openrc, 'utf8')) };
      const created = await run(OPENSTACK, ['server', 'create', '--flavor', 'm1.tiny', '--image', CIRROS_IMAGE.name, '--network', 'private', '--wait', 'readme-vm', '--debug'], { env, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 });
      const accepted = created.stderr.split('\n').find((line) => line.startsWith('RESP: [202]'));
      const requestId = /x-openstack-request-id: (req-[0-9a-f-]{36})/.exec(accepted ?? '')?.[1];
      expect(requestId, 'the 202 answer to POST /servers carries a request id').toBeDefined();

      // Until the analyzer has it and has seen its final hop.
      let flow = { code: 1, stdout: '' };
      const settled = () => flow.code === 0 && flow.stdout.startsWith(`boot  ${requestId}  complete`);
      for (let attempt = 0; attempt < 40 && !settled(); attempt += 1) {
        flow = await run(process.execPath, [BIN, 'flow', requestId!, '--api', addresses.api], { env: { ...process.env, NO_COLOR: '1' } }).then(
          (ok) => ({ code: 0, stdout: ok.stdout }),
          (failed: { code?: number; stdout?: string }) => ({ code: Number(failed.code ?? 1), stdout: failed.stdout ?? '' }),
        );
        if (!settled()) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(flow.code).toBe(0);
      expect(flow.stdout).toMatch(new RegExp(`^boot  ${requestId}  complete`));
      expect(flow.stdout).toMatch(/1 \* client → nova-api\s+REST\s+POST \/v2\.1\/servers/);
      expect(flow.stdout).toMatch(/nova-conductor → nova-compute\s+cast\s+build_and_run_instance/);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });
});
