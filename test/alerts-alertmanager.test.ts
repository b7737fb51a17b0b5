/**
 * Alerts reach a real Prometheus Alertmanager (Debian's prometheus-alertmanager, installed by
 * deploy/alertmanager.sh when missing) started on loopback, and read back from its API.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlerting } from '../analyzer/alert/index.js';
import { CLEAN_BOOT } from '../analyzer/alert/testing/boot-lines.js';
import { ScriptedFlowSource } from '../analyzer/alert/testing/flow-source.js';
import { makeFlow } from '../analyzer/alert/testing/flows.js';

const SCRIPT = join(import.meta.dirname, '..', 'deploy', 'alertmanager.sh');
const BIN = '/usr/bin/prometheus-alertmanager';

let child: ChildProcess | undefined;
let dir = '';
let url = '';

function alertmanagerBinary(): string {
  if (existsSync(BIN)) return BIN;
  try {
    return execFileSync('bash', [SCRIPT], { encoding: 'utf8', timeout: 600_000 }).trim().split('\n').pop()!;
  } catch (error) {
    throw new Error(`prometheus-alertmanager is missing and ${SCRIPT} could not install it: ${(error as Error).message}`, { cause: error });
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  const bin = alertmanagerBinary();
  dir = mkdtempSync(join(tmpdir(), 'hoptrace-alertmanager-'));
  writeFileSync(join(dir, 'alertmanager.yml'), 'route:\n  receiver: blackhole\n  group_wait: 0s\nreceivers:\n  - name: blackhole\n');
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  let stderr = '';
  child = spawn(bin, [
    `--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  await waitFor('alertmanager to be ready', async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined)).catch((error: Error) => {
    throw new Error(`${error.message}; alertmanager said:\n${stderr}`);
  });
});

afterAll(async () => {
  // Alertmanager writes its storage while it shuts down: remove the folder only once it has exited.
  if (child?.pid !== undefined && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string;
  startsAt: string;
  status: { state: string };
}

describe('alerts in a real Alertmanager', () => {
  it('posts each alert to /api/v2/alerts and reads it back with its labels and evidence', async () => {
    const source = new ScriptedFlowSource();
    const alerting = createAlerting({ alertmanager: { url }, publicUrl: 'http://127.0.0.1:16686' }, source);
    const flow = makeFlow('boot', [...CLEAN_BOOT, 'nova-compute db database UPDATE instances']);
    source.emit(flow, 'completed');
    const [raised] = alerting.list();
    const found = await waitFor('the alert in alertmanager', async () => {
      const res = await fetch(`${url}/api/v2/alerts?filter=${encodeURIComponent(`flow_id="${flow.id}"`)}`);
      const alerts = (await res.json()) as GettableAlert[];
      return alerts.length > 0 ? alerts : undefined;
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.labels).toEqual({
      alertname: 'HoptraceForbiddenHop', severity: 'critical', rule: 'invariant/compute-no-database', operation: 'boot',
      flow_id: flow.id, from: 'nova-compute', to: 'database', kind: 'db', hop_operation: 'UPDATE instances',
    });
    expect(found[0]!.annotations).toMatchObject({ alert_id: raised!.id, span_ids: flow.hops[18]!.spanIds.join(','), link: `/api/flows/${flow.id}` });
    expect(found[0]!.generatorURL).toBe(`http://127.0.0.1:16686/api/flows/${flow.id}`);
    expect(found[0]!.status.state).toBe('active');
    expect(alerting.stats().alertmanager).toMatchObject({ sent: 1, failed: 0, dropped: 0 });
    await alerting.shutdown();
  });

  it('ends an alert in Alertmanager when late spans resolve it', async () => {
    const alerting = createAlerting({ alertmanager: { url } });
    const partial = makeFlow('boot', CLEAN_BOOT.filter((l) => !l.includes('select_destinations')));
    const query = `${url}/api/v2/alerts?filter=${encodeURIComponent(`flow_id="${partial.id}"`)}`;
    expect(alerting.evaluate(partial, 'completed')).toEqual([expect.objectContaining({ type: 'missing_hop', status: 'firing' })]);
    const firing = await waitFor('the missing-hop alert', async () => {
      const alerts = (await (await fetch(query)).json()) as GettableAlert[];
      return alerts.length > 0 ? alerts : undefined;
    });
    expect(firing[0]!.labels).toMatchObject({ alertname: 'HoptraceMissingHop', rule: 'model/boot/missing-hop' });
    expect(alerting.evaluate({ ...makeFlow('boot', CLEAN_BOOT), id: partial.id }, 'completed')).toEqual([expect.objectContaining({ status: 'resolved' })]);
    await waitFor('the alert to end', async () => (((await (await fetch(query)).json()) as GettableAlert[]).length === 0 ? true : undefined));
    expect(alerting.stats().alertmanager).toMatchObject({ sent: 2, failed: 0 });
    await alerting.shutdown();
  });
});
