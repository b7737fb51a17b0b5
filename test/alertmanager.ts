/**
 * A real Prometheus Alertmanager (Debian's prometheus-alertmanager, installed by
 * deploy/alertmanager.sh when missing, never skipped) on a free loopback port, with a blackhole
 * receiver and no grouping delay, for the suites that deliver alerts to it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../bench/peers/process.js';
import { waitFor } from './wait-for.js';

const SCRIPT = join(import.meta.dirname, '..', 'deploy', 'alertmanager.sh');
const BIN = '/usr/bin/prometheus-alertmanager';
const CONFIG = 'route:\n  receiver: blackhole\n  group_wait: 0s\nreceivers:\n  - name: blackhole\n';

/** A running Alertmanager: its base URL, and `stop` that removes its storage once it has exited. */
export interface RunningAlertmanager {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Runs one Alertmanager for the calling suite (started in `beforeAll`, stopped in `afterAll`);
 * the returned function gives its base URL once the suite's tests run.
 */
export function useAlertmanager(): () => string {
  let running: RunningAlertmanager | undefined;
  beforeAll(async () => {
    running = await startAlertmanager();
  }, 700_000);
  afterAll(async () => {
    await running?.stop();
  });
  return () => {
    if (running === undefined) throw new Error('Alertmanager is not running');
    return running.url;
  };
}

/** Starts Alertmanager (installing it first if needed) and resolves once `/-/ready` answers. */
export async function startAlertmanager(): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-alertmanager-'));
  writeFileSync(join(dir, 'alertmanager.yml'), CONFIG);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(alertmanagerBinary(), [
    `--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const stop = async (): Promise<void> => {
    // Alertmanager writes its storage while it shuts down: remove the folder only once it has exited.
    if (child.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  try {
    await waitFor('alertmanager to be ready', async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined));
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message} on ${url}; alertmanager said:\n${stderr}`, { cause: error });
  }
  return { url, stop };
}

function alertmanagerBinary(): string {
  if (existsSync(BIN)) return BIN;
  try {
    return execFileSync('bash', [SCRIPT], { encoding: 'utf8', timeout: 600_000 }).trim().split('\n').pop()!;
  } catch (error) {
    throw new Error(`prometheus-alertmanager is missing and ${SCRIPT} could not install it: ${(error as Error).message}`, { cause: error });
  }
}
