/**
 * deploy/docker-compose.yml's Node services, run as compose would run them, without Docker (there
 * is no Docker engine here; this is the boundary the test cannot cross). Each service's own
 * `command` and `environment` are read from the file and started on the host, with the compose
 * network's names mapped to loopback: `kafka:9092` → the real broker (deploy/kafka.sh),
 * `jaeger:4318` → a test OTLP receiver, `0.0.0.0` → 127.0.0.1, fixed ports → free ones, `/data` →
 * a temporary folder. A span sent to the collector must come out of the analyzer's API and reach
 * the forward endpoint: the commands exist and read the environment the file gives them.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decodeProtoRequest } from '../collector/otlp/decode-proto.js';
import { kafkaBrokers } from '../collector/testing/kafka-broker.js';
import { makeSdkSpans, sendWithSdk } from '../collector/testing/otel.js';
import { Attr } from '../core/attributes.js';
import { startOtlpReceiver } from '../instrumentation/testing/otlp-receiver.js';
import type { OtlpTestReceiver } from '../instrumentation/testing/otlp-receiver.js';
import { freePort } from '../bench/peers/process.js';
import { waitFor } from './wait-for.js';

const ROOT = join(import.meta.dirname, '..');

interface ComposeService {
  readonly command: readonly string[];
  readonly environment: Readonly<Record<string, string | number>>;
  readonly ports?: readonly string[];
}

const compose = parse(readFileSync(join(ROOT, 'deploy', 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
const children: ChildProcess[] = [];
let dir = '';
let forward: OtlpTestReceiver;
let collectorUrl = '';
let analyzerUrl = '';

/** Starts a compose service's command on the host with its environment, names mapped by `map`. */
function startService(name: string, map: (value: string) => string): ChildProcess {
  const service = compose.services[name]!;
  const [program, ...args] = service.command;
  expect(program).toBe('node');
  const env = Object.fromEntries(Object.entries(service.environment).map(([k, v]) => [k, map(String(v))]));
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, HOPTRACE_KAFKA_GROUP: `compose-test-${randomBytes(3).toString('hex')}` }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) process.stderr.write(`compose service ${name} exited ${code}:\n${stderr}\n`);
  });
  children.push(child);
  return child;
}

beforeAll(async () => {
  const [broker] = await kafkaBrokers(process.env);
  dir = mkdtempSync(join(tmpdir(), 'hoptrace-compose-'));
  forward = await startOtlpReceiver();
  const [collectorPort, analyzerPort] = [await freePort(), await freePort()];
  const map = (value: string): string =>
    value
      .replace('kafka:9092', broker!)
      .replace('http://jaeger:4318/v1/traces', forward.endpoint)
      .replace('0.0.0.0', '127.0.0.1')
      .replace(/^4318$/, String(collectorPort))
      .replace(/^16686$/, String(analyzerPort))
      .replace(/^\/data\//, `${dir}/`);
  startService('collector', map);
  startService('analyzer', map);
  collectorUrl = `http://127.0.0.1:${collectorPort}`;
  analyzerUrl = `http://127.0.0.1:${analyzerPort}`;
  await waitFor('the collector to be ready', async () => ((await fetch(`${collectorUrl}/ready`)).ok ? true : undefined), 60_000);
  await waitFor('the analyzer to answer', async () => ((await fetch(`${analyzerUrl}/api/services`)).ok ? true : undefined), 60_000);
}, 120_000);

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
  await forward?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('deploy/docker-compose.yml services on the host', { timeout: 120_000 }, () => {
  it('publishes the collector on 4318 and the analyzer on 16687, both on loopback', () => {
    expect(compose.services.collector!.ports).toEqual(['127.0.0.1:4318:4318']);
    expect(compose.services.analyzer!.ports).toEqual(['127.0.0.1:16687:16686']);
    expect(Object.keys(compose.services).sort()).toEqual(['analyzer', 'collector', 'jaeger', 'kafka']);
  });

  it('carries a span from the collector through Kafka to the analyzer API, and forwards it to Jaeger', async () => {
    const spans = makeSdkSpans({ spans: 4 });
    const requestId = spans[0]!.attributes[Attr.requestId] as string;
    expect((await sendWithSdk(`${collectorUrl}/v1/traces`, 'protobuf', spans)).code).toBe(0);
    const flow = await waitFor('the flow in the analyzer', async () => {
      const res = await fetch(`${analyzerUrl}/api/flows/${requestId}`);
      return res.ok ? ((await res.json()) as { id: string; spanCount: number }) : undefined;
    }, 60_000);
    expect(flow).toMatchObject({ id: requestId, spanCount: 4 });
    const forwarded = forward.requests.flatMap((r) => decodeProtoRequest(r.body)).filter((s) => s.attributes[Attr.requestId] === requestId);
    expect(forwarded).toHaveLength(4);
  });
});
