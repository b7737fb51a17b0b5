/**
 * `hoptrace logs ingest` end to end in one process: the simulated-boot fixture written as service
 * log files, ingested into the embedded analyzer and, with --otlp, through a real collector.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerFrom } from '../core/consumer.js';
import type { Span } from '../core/span.js';
import { A, BOOT_FILES, E } from '../analyzer/logs/testdata/boot-fixture.js';
import { startCollector } from '../collector/collector.js';
import { ExitCode } from '../cli/command.js';
import { logsCommand } from '../cli/commands/logs.js';
import { runCli } from '../cli/dispatch.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoptrace-logs-cli-'));
  for (const [file, lines] of Object.entries(BOOT_FILES)) await writeFile(join(dir, file), lines.join('\n') + '\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  const code = await runCli(argv, { stdout, stderr, isTTY: false, env: {}, signal: new AbortController().signal }, [logsCommand]);
  return { code, stdout: Buffer.concat(chunks.out).toString(), stderr: Buffer.concat(chunks.err).toString() };
}

describe('hoptrace logs ingest', () => {
  it('rebuilds the boot from a folder of logs in the embedded analyzer and prints its hops', async () => {
    const { code, stdout } = await run('logs', 'ingest', dir, '--show', '1');
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toContain('read 6 files: 14 lines, 14 records (0 unknown lines skipped, 1 records without a request id)');
    expect(stdout).toContain('2 requests; 1 spanning more than one service: boot ×1');
    expect(stdout).toMatch(/nova-api → nova-conductor\s+cast\s+schedule_and_build_instances \(inferred\)/);
    expect(stdout).toMatch(/nova-conductor → nova-scheduler\s+call\s+select_destinations \(inferred\)/);
  });

  it('prints JSON with every count and the summary', async () => {
    const { code, stdout } = await run('logs', 'ingest', join(dir, 'nova-api.log'), join(dir, 'nova-compute.log'), '--json');
    expect(code).toBe(ExitCode.ok);
    const out = JSON.parse(stdout) as { stats: Record<string, number>; summary: { flows: number; multiService: { id: string; services: string[] }[] }; api: string };
    expect(out.stats).toMatchObject({ files: 2, records: 8, flows: 2 });
    expect(out.summary.multiService.map((f) => [f.id, f.services])).toEqual([[A, ['nova-api', 'nova-compute']]]);
    expect(out.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('sends the spans through a running collector with --otlp', async () => {
    const received: Span[] = [];
    const collector = await startCollector({ receiver: { port: 0 } }, { next: consumerFrom((spans) => void received.push(...spans)) });
    try {
      const { code, stdout } = await run('logs', 'ingest', dir, '--otlp', collector.url);
      expect(code).toBe(ExitCode.ok);
      expect(stdout).toContain(`handed to ${collector.url}/v1/traces`);
      expect(new Set(received.map((s) => s.flowKey))).toEqual(new Set([A, E]));
    } finally {
      await collector.shutdown();
    }
  });

  it('exits 4 when the --otlp endpoint cannot be reached', async () => {
    const port = await freePort();
    const { code, stderr } = await run('logs', 'ingest', dir, '--otlp', `http://127.0.0.1:${port}`);
    expect(code).toBe(ExitCode.unavailable);
    expect(stderr).toContain(`cannot deliver spans to http://127.0.0.1:${port}/v1/traces`);
  }, 60_000);

  it('follows a folder with --follow until the signal, then prints what it found', async () => {
    const live = await mkdtemp(join(tmpdir(), 'hoptrace-logs-follow-'));
    try {
      const controller = new AbortController();
      const stdout = new PassThrough();
      let out = '';
      stdout.on('data', (c: Buffer) => (out += c.toString()));
      const running = runCli(['logs', 'ingest', live, '--follow', '--show', '0'], { stdout, stderr: new PassThrough(), isTTY: false, env: {}, signal: controller.signal }, [logsCommand]);
      await new Promise((r) => setTimeout(r, 300));
      for (const [file, lines] of Object.entries(BOOT_FILES)) await writeFile(join(live, file), lines.join('\n') + '\n');
      const deadline = Date.now() + 15_000;
      while (!out.includes('14 records') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      controller.abort();
      expect(await running).toBe(ExitCode.ok);
      expect(out).toMatch(/^following .*; flows at http:\/\/127\.0\.0\.1:\d+\/api\/flows/);
      expect(out).toContain('2 requests; 1 spanning more than one service: boot ×1');
    } finally {
      await rm(live, { recursive: true, force: true });
    }
  });

  it.each([
    [['logs'], "missing subcommand 'ingest'"],
    [['logs', 'tail'], "unknown subcommand 'tail'"],
    [['logs', 'ingest'], 'missing <file|folder>'],
    [['logs', 'ingest', '/nonexistent/x.log'], "'/nonexistent/x.log': ENOENT"],
    [['logs', 'ingest', '.', '--service', 'nova-api'], '--service must be <file>=<service>'],
    [['logs', 'ingest', '.', '--utc-offset', 'east'], '--utc-offset must be minutes'],
    [['logs', 'ingest', '.', '--from-end'], '--from-end only applies with --follow'],
    [['logs', 'ingest', '.', '--otlp', 'localhost:4318'], '--otlp must be an http(s) URL'],
    [['logs', 'ingest', '.', '--otlp', 'http://127.0.0.1:4318', '--db', 'x.db'], 'cannot be used with --otlp'],
    [['logs', 'ingest', '.', '--bogus'], "unknown option '--bogus'"],
  ])('refuses %j with exit 2: %s', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toContain(message);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
