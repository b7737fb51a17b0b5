/**
 * `npm start`'s scenario, headless: `hoptrace start --exit-after-scenario` runs the whole embedded
 * pipeline (simulated cloud → shims → OTLP/HTTP → collector → analyzer → alerting) and prints each
 * flow's numbered hops and alerts. Then the CLI and the web view against a running `start`, and
 * the same scenario with a real Kafka broker between collector and analyzer (deploy/kafka.sh).
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kafkaBrokers } from '../collector/testing/kafka-broker.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'hoptrace.js');
const EPHEMERAL = ['--port', '0', '--ephemeral'];

interface Run { readonly code: number; readonly stdout: string; readonly stderr: string }

function hoptrace(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The hop lines of one step's section, as `from → to kind operation` (columns collapsed). */
function hopsOf(stdout: string, title: string): string[] {
  const section = stdout.split(/^── /m).find((part) => part.startsWith(title));
  if (!section) throw new Error(`no section '${title}' in:\n${stdout}`);
  return section.split('\n').filter((line) => /^\s+\d+ [ *] /.test(line)).map((line) => line.replace(/^\s+\d+ [ *] /, '').replace(/\s+← ALERT$/, '').replace(/\s{2,}/g, ' ').replace(/ [\d.]+ (µs|ms|s)$/, ''));
}

/** true when `expected` occurs in `hops` in this order (other hops may come between). */
function inOrder(hops: readonly string[], expected: readonly string[]): boolean {
  let at = 0;
  for (const hop of hops) if (at < expected.length && hop.startsWith(expected[at]!)) at += 1;
  return at === expected.length;
}

describe('hoptrace start --exit-after-scenario', { timeout: 180_000 }, () => {
  it('prints the boot, shelve, unshelve and delete sequences, and the alert of the faulty boot', async () => {
    const run = await hoptrace(['start', ...EPHEMERAL, '--exit-after-scenario']);
    expect(run.stderr).toContain('scenario ok: 5 flows as expected');
    expect(run.code).toBe(0);
    const boot = hopsOf(run.stdout, 'boot a server');
    expect(boot[0]).toBe('client → nova-api REST POST /v2.1/servers');
    expect(inOrder(boot, [
      'nova-api → glance REST GET /v2/images/{id}',
      'nova-api → nova-conductor cast schedule_and_build_instances',
      'nova-conductor → nova-scheduler call select_destinations',
      'nova-scheduler → placement REST PUT /allocations/{consumer}',
      'nova-conductor → nova-compute cast build_and_run_instance',
      'nova-compute → neutron REST POST /v2.0/ports',
      'nova-compute → glance REST GET /v2/images/{id}/file',
      'nova-compute → nova-scheduler fanout update_instance_info',
    ])).toBe(true);
    expect(boot.some((hop) => hop.startsWith('nova-compute → database'))).toBe(false);
    const shelve = hopsOf(run.stdout, 'shelve it');
    expect(shelve[0]).toBe('client → nova-api REST POST /v2.1/servers/{id}/action');
    expect(inOrder(shelve, ['nova-api → glance REST POST /v2/images', 'nova-api → nova-compute cast shelve_instance', 'nova-compute → glance REST PUT /v2/images/{id}/file'])).toBe(true);
    expect(inOrder(hopsOf(run.stdout, 'unshelve it'), ['nova-api → nova-conductor cast unshelve_instance', 'nova-conductor → nova-scheduler call select_destinations', 'nova-conductor → nova-compute cast unshelve_instance'])).toBe(true);
    expect(inOrder(hopsOf(run.stdout, 'delete it'), ['nova-api → nova-compute cast terminate_instance', 'nova-compute → placement REST DELETE /allocations/{consumer}'])).toBe(true);
    const fault = hopsOf(run.stdout, 'boot with a fault');
    const call = fault.findIndex((hop) => hop === 'nova-conductor → nova-compute call build_and_run_instance');
    expect(call).toBeGreaterThan(0);
    const faultSection = run.stdout.split(/^── /m).at(-1)!;
    expect(faultSection).toMatch(new RegExp(`^\\s+${call + 1}\\s+nova-conductor → nova-compute\\s+call\\s+build_and_run_instance\\s+[\\d.]+ (µs|ms|s)  ← ALERT$`, 'm'));
    expect(faultSection.match(/← ALERT/g)).toHaveLength(1);
    const sections = run.stdout.split(/^── /m);
    expect(sections.filter((part) => part.includes('\n  no alerts\n'))).toHaveLength(4);
    expect(sections.at(-1)).toMatch(new RegExp(`ALERT \\[critical\\] invariant/rpc-kind: nova-conductor ⇒ nova-compute rpc_call build_and_run_instance \\(#${call + 1}\\).*hop #${call + 1}\\)`));
  });

  it.each([
    [['--operations', 'boot,levitate'], "--operations: unknown 'levitate' (choose from boot, shelve, unshelve, delete, fault)"],
    [['--port', '99999'], "--port must be a port number from 0 to 65535, got '99999'"],
    [['--no-scenario', '--operations', 'boot'], '--no-scenario and --operations contradict each other'],
    [['--jaeger', 'localhost:4318'], "--jaeger must be an http(s) URL, got 'localhost:4318'"],
    [['--kafka', 'nohost'], "--kafka must be host:port[,host:port…], got 'nohost'"],
  ])('exits 2 on bad flags %j', async (args, message) => {
    const run = await hoptrace(['start', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe('hoptrace start (left running)', { timeout: 180_000 }, () => {
  it('serves the flows it printed to the CLI and the web view, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [BIN, 'start', ...EPHEMERAL, '--operations', 'fault', '--json'], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 90_000;
      while (!/"openrc"/.test(stdout) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      const [step, addresses] = stdout.trim().split('\n').map((line) => JSON.parse(line));
      expect(step).toMatchObject({ step: 'fault', flow: { operation: 'boot', status: 'complete' } });
      expect(step.alerts.map((alert: { rule: string }) => alert.rule)).toContain('invariant/rpc-kind');

      const flow = await hoptrace(['flow', step.requestId, '--api', addresses.api]);
      expect(flow.code).toBe(1);
      expect(flow.stdout).toMatch(/nova-conductor → nova-compute\s+call\s+build_and_run_instance/);
      expect(flow.stdout).toContain('alert [critical] invariant/rpc-kind');

      const flows = await hoptrace(['flows', '--operation', 'boot', '--json'], { HOPTRACE_API: addresses.api });
      expect(flows.code).toBe(0);
      expect(JSON.parse(flows.stdout).map((f: { id: string }) => f.id)).toContain(step.flow.id);

      const alerts = await hoptrace(['alerts', '--flow', step.flow.id, '--api', addresses.api]);
      expect(alerts.code).toBe(1);
      expect(alerts.stdout).toContain('invariant/rpc-kind');

      const page = await fetch(`${addresses.web}flows/${step.requestId}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('/web/vendor/cytoscape.min.js');
      expect((await fetch(`${addresses.api}/web/vendor/cytoscape-dagre.min.js`)).status).toBe(200);
      expect((await fetch(`${addresses.api}/api/flows/${step.requestId}/jaeger.json`)).status).toBe(200);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });
});

describe('hoptrace start --kafka', { timeout: 300_000 }, () => {
  it('hands spans from the collector to the analyzer through a real Kafka topic', async () => {
    const brokers = await kafkaBrokers(process.env);
    const run = await hoptrace(['start', ...EPHEMERAL, '--operations', 'fault', '--exit-after-scenario', '--kafka', brokers.join(',')]);
    expect(run.stderr).toContain('scenario ok: 1 flows as expected');
    expect(run.code).toBe(0);
    expect(hopsOf(run.stdout, 'boot with a fault')).toContain('nova-conductor → nova-compute call build_and_run_instance');
    expect(run.stdout).toContain('ALERT [critical] invariant/rpc-kind');
  });
});
