/**
 * The `hoptrace` binary as users run it (bin/hoptrace.js → tsx → cli/main.ts), one subcommand at a
 * time, against an HTTP API serving fixture flows with the real alerting module (shipped models)
 * evaluating them. Exit codes are those of cli/command.ts.
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBootFlow } from '../analyzer/web/testing/fixture-flow.js';
import { startFixtureApi } from '../cli/testing/fixture-api.js';
import type { FixtureApi } from '../cli/testing/fixture-api.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'hoptrace.js');
const clean = fixtureBootFlow();
const faulty = fixtureBootFlow({ id: 'req-faulty00-0000-4000-8000-000000000000', withFault: true });
const badHop = faulty.hops.find((hop) => hop.to === 'database')!;
const unnamed = { ...fixtureBootFlow({ id: 'req-0000aaaa-0000-4000-8000-000000000000' }), operation: 'unknown' };
let api: FixtureApi;

interface Run { readonly code: number; readonly stdout: string; readonly stderr: string }

function hoptrace(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, HOPTRACE_API: api.url, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  api = await startFixtureApi([clean, faulty, unnamed]);
});
afterAll(() => api.close());

describe.concurrent('hoptrace', { timeout: 90_000 }, () => {
  it('lists its subcommands on --help and exits 0', async () => {
    const run = await hoptrace('--help');
    expect(run.code).toBe(0);
    for (const name of ['start', 'flow', 'flows', 'alerts', 'models', 'logs']) expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('exits 2 with the usage when run without a command', async () => {
    const run = await hoptrace();
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Usage: hoptrace <command>');
  });

  it('names an unknown command and exits 2', async () => {
    const run = await hoptrace('flwo');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'flwo'");
  });

  it.each(['flow', 'flows', 'alerts', 'models'])('%s --help prints its usage and exits 0', async (name) => {
    const run = await hoptrace(name, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: hoptrace ${name}`);
  });

  it('exits 4 naming the address when the analyzer is unreachable', async () => {
    const run = await hoptrace('flows', '--api', 'http://127.0.0.1:1');
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('cannot reach the analyzer at http://127.0.0.1:1');
  });
});

describe.concurrent('hoptrace flow', { timeout: 90_000 }, () => {
  it('prints the numbered hops of a clean flow and exits 0', async () => {
    const run = await hoptrace('flow', clean.id);
    expect(run.code).toBe(0);
    const hops = run.stdout.split('\n').filter((line) => /^\s+\d+ [ *] /.test(line));
    expect(hops).toHaveLength(clean.hops.length);
    expect(hops[4]).toMatch(/5 \* nova-api → nova-conductor\s+cast\s+schedule_and_build_instances/);
  });

  it('finds the flow by any of its request ids', async () => {
    const run = await hoptrace('flow', clean.aliases[1]!, '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ id: clean.id, alerts: [] });
  });

  it('shows the alert of a faulty flow and exits 1', async () => {
    const run = await hoptrace('flow', faulty.id);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`alert [critical] invariant/compute-no-database: nova-compute → database db UPDATE instances (#${badHop.seq})`);
    expect(run.stdout).toMatch(new RegExp(`${badHop.seq}\\s+nova-compute → database\\s+db\\s+UPDATE instances`));
  });

  it('passes --format dot through', async () => {
    const run = await hoptrace('flow', clean.id, '--format', 'dot');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"nova-api" -> "nova-conductor"');
  });

  it('exits 3 for an unknown request id', async () => {
    const run = await hoptrace('flow', 'req-00000000-0000-4000-8000-000000000000');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("no flow with request id 'req-00000000-0000-4000-8000-000000000000'");
  });

  it.each([
    [[], 'missing <request-id>'],
    [['req-1', '--format', 'svg'], "--format must be one of text, json, dot, mermaid, got 'svg'"],
    [['req-1', 'req-2'], "unexpected argument 'req-2'"],
    [['req-1', '--verbose'], "unknown option '--verbose'"],
  ])('exits 2 on bad arguments %j', async (args, message) => {
    const run = await hoptrace('flow', ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("Run 'hoptrace flow --help' for usage.");
  });
});

describe.concurrent('hoptrace flows', { timeout: 90_000 }, () => {
  it('lists flows as a table', async () => {
    const run = await hoptrace('flows', '--operation', 'boot', '--since', '1d');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^STATUS\s+OPERATION\s+STARTED\s+DURATION\s+HOPS\s+REQUEST ID$/);
    expect(run.stdout).toContain(clean.id);
    expect(run.stdout).toContain(faulty.id);
  });

  it('prints JSON with --json, leaving out unnamed requests and saying so', async () => {
    const run = await hoptrace('flows', '--json');
    expect(JSON.parse(run.stdout).map((flow: { id: string }) => flow.id)).toEqual([clean.id, faulty.id]);
    expect(run.stderr).toContain('(1 unnamed requests left out; --all shows them)');
  });

  it('includes unnamed requests with --all', async () => {
    const run = await hoptrace('flows', '--all', '--json');
    expect(JSON.parse(run.stdout).map((flow: { id: string }) => flow.id)).toEqual([clean.id, faulty.id, unnamed.id]);
  });

  it.each([
    [['--status', 'done'], "--status must be one of in_progress, complete, failed, got 'done'"],
    [['--limit', '0'], "--limit must be an integer from 1 to 1000, got '0'"],
    [['--since', 'yesterday'], "--since must be a duration like 10m or an ISO 8601 time, got 'yesterday'"],
    [['boot'], "unexpected argument 'boot'"],
  ])('exits 2 on bad arguments %j', async (args, message) => {
    const run = await hoptrace('flows', ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe('hoptrace alerts', { timeout: 90_000 }, () => {
  it('lists alerts and exits 1 when there are some', async () => {
    const run = await hoptrace('alerts');
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(new RegExp(`^\\[critical\\] invariant/compute-no-database: nova-compute → database db UPDATE instances .*\\(flow ${faulty.id}, hop #${badHop.seq}\\)$`, 'm'));
  });

  it('exits 0 when a flow has none', async () => {
    const run = await hoptrace('alerts', '--flow', clean.id);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('no alerts');
  });

  it('exits 2 on a bad flag', async () => {
    const run = await hoptrace('alerts', '--since');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--since'");
  });

  it('--follow prints each new alert as one JSON line and stops on SIGINT with exit 0', async () => {
    const child = spawn(process.execPath, [BIN, 'alerts', '--follow', '--json'], { env: { ...process.env, HOPTRACE_API: api.url } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // tsx starts in about a second; add faulty flows until the follower has printed an alert.
    const deadline = Date.now() + 20_000;
    let n = 0;
    while (!stdout.includes('\n') && Date.now() < deadline) {
      api.add(fixtureBootFlow({ id: `req-live0000-0000-4000-8000-${String(n++).padStart(12, '0')}`, withFault: true }));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const first = JSON.parse(stdout.split('\n')[0]!);
    expect(first).toMatchObject({ flowId: expect.stringMatching(/^req-live0000-/), rule: 'invariant/compute-no-database', hop: { seq: badHop.seq } });
  });
});

describe('hoptrace models', { timeout: 90_000 }, () => {
  it('lists the shipped models and invariants', async () => {
    const run = await hoptrace('models');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}boot {9}shipped/m);
    expect(run.stdout).toContain('(none; hoptrace models learn <operation>)');
  });

  it('shows one model as YAML', async () => {
    const run = await hoptrace('models', 'show', 'boot');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('apiVersion: hoptrace/v1');
    expect(run.stdout).toContain('kind: FlowModel');
  });

  it('exits 3 for an operation without a model', async () => {
    const run = await hoptrace('models', 'show', 'levitate');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('no model or baseline for operation "levitate"');
  });

  it('learns a baseline, then accepts the hop an alert names into it', async () => {
    const learned = await hoptrace('models', 'learn', 'boot');
    expect(learned.code).toBe(0);
    expect(learned.stdout).toMatch(/^learned the boot baseline from \d+ flows: \d+ hops$/m);
    const [alert] = api.alerting.list().filter((a) => a.flowId === faulty.id);
    const accepted = await hoptrace('models', 'accept', 'boot', '--alert', alert!.id, '--json');
    expect(accepted.code).toBe(0);
    const hops = JSON.parse(accepted.stdout).spec.hops as { from: string; to: string }[];
    expect(hops.some((hop) => hop.from === 'nova-compute' && hop.to === 'database')).toBe(true);
  });

  it.each([
    [['learn'], 'learn needs an <operation>'],
    [['accept', 'boot'], 'accept needs --alert <id>, or all of --from, --to, --kind, --operation (missing --from, --to, --kind, --operation)'],
    [['accept', 'boot', '--from', 'a', '--to', 'b', '--kind', 'teleport', '--operation', 'x'], "--kind must be one of http, rpc_call, rpc_cast, rpc_fanout, db, got 'teleport'"],
    [['forget', 'boot'], "unknown action 'forget' (show, learn or accept)"],
  ])('exits 2 on bad arguments %j', async (args, message) => {
    const run = await hoptrace('models', ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
