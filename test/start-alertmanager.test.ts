/**
 * `hoptrace start --alertmanager <url>`: the faulty boot's alert reaches a real Prometheus
 * Alertmanager (Debian's prometheus-alertmanager, installed by deploy/alertmanager.sh when
 * missing, never skipped) started here on loopback, and reads back from its API.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAlertmanager } from './alertmanager.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'hoptrace.js');

const alertmanagerUrl = useAlertmanager();

describe('hoptrace start --alertmanager', { timeout: 180_000 }, () => {
  it('posts the alert of the faulty boot to a real Alertmanager', async () => {
    const url = alertmanagerUrl();
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
