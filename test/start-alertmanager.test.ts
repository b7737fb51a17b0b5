/**
 * `hoptrace start --alertmanager <url>`: the faulty boot's alert reaches a real Prometheus
 * Alertmanager (Debian's prometheus-alertmanager, installed by deploy/alertmanager.sh when
 * missing, never skipped) started here on loopback, and reads back from its API.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'hoptrace.js');
const SCRIPT = join(ROOT, 'deploy', 'alertmanager.sh');
const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

let child: ChildProcess | undefined;
let dir = '';
let url = '';

function alertmanagerBinary(): string {
  if (existsSync(ALERTMANAGER)) return ALERTMANAGER;
  try {
    return execFileSync('bash', [SCRIPT], { encoding: 'utf8', timeout: 600_000 }).trim().split('\n').pop()!;
  } catch (error) {
    throw new Error(`prometheus-alertmanager is missing and deploy/alertmanager.sh could not install it: ${(error as Error).message}`, { cause: error });
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const bin = alertmanagerBinary();
  dir = mkdtempSync(join(tmpdir(), 'hoptrace-start-alertmanager-'));
  writeFileSync(join(dir, 'alertmanager.yml'), 'route:\n  receiver: blackhole\n  group_wait: 0s\nreceivers:\n  - name: blackhole\n');
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = spawn(bin, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: 'ignore' });
  const deadline = Date.now() + 20_000;
  while (!(await fetch(`${url}/-/ready`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline) throw new Error(`alertmanager did not get ready on ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 700_000);

afterAll(async () => {
  // Alertmanager writes its storage while it shuts down: remove the folder only once it has exited.
  if (child?.pid !== undefined && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

describe('hoptrace start --alertmanager', { timeout: 180_000 }, () => {
  it('posts the alert of the faulty boot to a real Alertmanager', async () => {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, 'start', '--port', '0', '--ephemeral', '--operations', 'fault', '--exit-after-scenario', '--json', '--alertmanager', url], { timeout: 120_000 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
    });
    expect(run.stderr).toContain('scenario ok');
    const step = JSON.parse(run.stdout.split('\n')[0]!) as { flow: { id: string } };
    // Shutdown delivers what is queued, so the alert is there once start has exited.
    const alerts = (await (await fetch(`${url}/api/v2/alerts`)).json()) as { labels: Record<string, string>; annotations: Record<string, string> }[];
    const ours = alerts.filter((alert) => Object.values(alert.labels).includes(step.flow.id) || Object.values(alert.annotations).some((value) => value.includes(step.flow.id)));
    expect(ours.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(ours[0])).toContain('rpc-kind');
  });
});
