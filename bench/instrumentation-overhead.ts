/**
 * What the tracing shims add to REST round trips inside the simulated cloud, with and without
 * instrumentation in the same run.
 *
 * Two scenarios, each started twice side by side (one copy wrapped by `createTracing`, one not):
 * - `cloud`: the whole simulated cloud (`startCloud`); a client with a keystone token polls
 *   nova-api `GET /v2.1/servers/{id}` of a booted server, as `openstack server create --wait`
 *   does: keystonemiddleware (cached token), the API and cell database lookups, the view. Traced:
 *   the SERVER span and the db CLIENT spans.
 * - `hop`: two kit services (`createServiceApp`, the component HTTP client with keystoneauth's
 *   headers): the client calls nova-api `GET /v2.1/images/{id}`, which calls glance. Traced:
 *   nova-api SERVER, nova-api CLIENT, glance SERVER.
 * Spans go through the real BatchSpanProcessor into an exporter that drops them, so the numbers
 * measure the shims and the SDK, not an export over the network. Each scenario also runs a
 * second plain copy (control: the noise floor, an A/A test) and a shims-only copy (the shims over
 * a non-recording tracer), all interleaved in small rounds whose order rotates (see `compare`).
 * Overheads are reported per percentile and as a paired per-round estimate, with CPU per request
 * beside latency because latency on a shared machine is noisy.
 * Tracing runs as `createTracing` sets it up by default: no async context manager (the shims find
 * parents through the RequestContext the services pass), so no process-wide promise hook is
 * installed and the plain copies pay nothing for the traced ones.
 * Last, the CPU cost of one span alone (a traced against a plain db statement, no network).
 *
 * Run: `npx tsx bench/instrumentation-overhead.ts [--requests 3000] [--warmup 300] [--components]`;
 * prints JSON. `--components` adds the cloud scenario's overhead split by layer (`components`).
 */
import os from 'node:os';
import { ExportResultCode } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { Router } from 'express';
import { ProxyTracerProvider } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { createTracing, SCOPE_NAME, tracingHooks } from '../instrumentation/index.js';
import { startCloud } from '../sim/cloud.js';
import { createComponentHttpClient } from '../sim/kit/component.js';
import { createDb } from '../sim/kit/db.js';
import { CIRROS_IMAGE, NETWORKS } from '../sim/kit/devstack.js';
import { createEnvironment } from '../sim/kit/environment.js';
import type { ComponentInstance, HooksFactory, ServiceHooks } from '../sim/kit/hooks.js';
import { createServiceApp } from '../sim/kit/rest/app.js';
import { listen } from '../sim/kit/rest/listen.js';
import { contextOf } from '../sim/kit/rest/request-id.js';
import { novaClient } from '../sim/nova/testing/client.js';

/** One copy of a scenario: the request to repeat and how to stop it. */
interface Target {
  readonly url: string;
  readonly headers: Record<string, string>;
  stop(): Promise<void>;
}

/** Exports nothing, instantly: the batch processor still runs for real. */
const DROPPING_EXPORTER: SpanExporter = {
  export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: async () => {},
};

async function cloudTarget(hooksFor?: HooksFactory): Promise<Target> {
  const cloud = await startCloud({ ephemeralPorts: true, stepDelayMs: 0, ...(hooksFor === undefined ? {} : { hooksFor }) });
  const nova = await novaClient(cloud.endpoints['nova-api'], cloud.endpoints.keystone);
  const privateNet = NETWORKS.find((n) => n.name === 'private')!.id;
  const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'bench', imageRef: CIRROS_IMAGE.id, flavorRef: '42', networks: [{ uuid: privateNet }] } } });
  const id = (created.body as { server: { id: string } }).server.id;
  await nova.waitFor(id, (s) => s?.['status'] === 'ACTIVE');
  return { url: `${cloud.endpoints['nova-api']}/v2.1/servers/${id}`, headers: { 'x-auth-token': nova.token, accept: 'application/json' }, stop: () => cloud.shutdown() };
}

async function hopTarget(hooksFor?: HooksFactory): Promise<Target> {
  const env = createEnvironment(hooksFor === undefined ? {} : { hooksFor });
  const glanceRoutes = Router().get('/v2/images/:id', (req, res) => {
    res.json({ id: req.params['id'], name: 'cirros', status: 'active' });
  });
  const glance = await listen(createServiceApp({ env, instance: { service: 'glance', host: 'controller' }, errors: 'glance', routes: glanceRoutes, auth: 'none' }), '127.0.0.1', 0);
  env.endpoints.glance = glance.url;
  const http = createComponentHttpClient(env, { service: 'nova-api', host: 'controller' });
  const novaRoutes = Router().get('/v2.1/images/:id', async (req, res) => {
    const image = await http({ method: 'GET', url: `${env.endpoints.glance}/v2/images/${req.params['id']}`, urlTemplate: '/v2/images/{image_id}', context: contextOf(res) });
    res.json({ image: image.body });
  });
  const nova = await listen(createServiceApp({ env, instance: { service: 'nova-api', host: 'controller' }, errors: 'nova', routes: novaRoutes, auth: 'none' }), '127.0.0.1', 0);
  return { url: `${nova.url}/v2.1/images/a1b2`, headers: {}, stop: async () => void (await Promise.all([nova.close(), glance.close()])) };
}

interface Samples {
  readonly latencyUs: number[];
  /** The median of each measured round, in cycle order: rounds of all copies in one cycle pair up. */
  readonly roundMedians: number[];
  cpuUs: number;
}

/** `count` sequential round trips; recorded into `into` unless it is undefined (warm-up). */
async function measure(target: Target, count: number, into: Samples | undefined): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const round: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = process.hrtime.bigint();
    const response = await fetch(target.url, { headers: target.headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET ${target.url} answered ${response.status}`);
    round.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  const cpu = process.cpuUsage(cpuBefore);
  if (into === undefined) return;
  into.cpuUs += cpu.user + cpu.system;
  into.latencyUs.push(...round);
  into.roundMedians.push(percentile(round, 50));
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const pct = (a: number, b: number) => round1(((a - b) / b) * 100);
const percentiles = (s: readonly number[]) => ({ median: round1(percentile(s, 50)), p95: round1(percentile(s, 95)), p99: round1(percentile(s, 99)) });

/**
 * The paired estimate: per cycle, `copy`'s round median against the plain copy's round median of
 * the same cycle (measured moments apart), as a %; the median over cycles. Robust to the load
 * drifting during the run, which shifts both rounds of a cycle alike.
 */
function pairedPercent(copy: Samples, plain: Samples): number {
  return round1(percentile(copy.roundMedians.map((m, i) => ((m - plain.roundMedians[i]!) / plain.roundMedians[i]!) * 100), 50));
}

const ROUND = 20;
type Copy = 'plain' | 'traced' | 'control' | 'shimsOnly';

/**
 * Rounds of ROUND requests on each copy in turn, the order rotating every cycle so no copy always
 * follows the same one (a GC or a neighbour's burst then lands on each alike). Copies: plain,
 * traced, control (a second plain copy: its difference from plain is the noise floor, an A/A
 * test) and shimsOnly (the shims over a non-recording tracer: propagation, attributes and the
 * context switch without the SDK's spans), so the overhead splits into shims and SDK.
 */
async function compare(copies: Readonly<Record<Copy, Target>>, requests: number, warmup: number) {
  const names = Object.keys(copies) as Copy[];
  const samples = await interleave(copies, requests, warmup);
  const at = Object.fromEntries(names.map((n) => [n, percentiles(samples[n].latencyUs)])) as Record<Copy, ReturnType<typeof percentiles>>;
  const cpu = (s: Samples) => Math.round(s.cpuUs / s.latencyUs.length);
  const vsPlain = (n: Copy) => ({ median: pct(at[n].median, at.plain.median), p95: pct(at[n].p95, at.plain.p95), p99: pct(at[n].p99, at.plain.p99), pairedMedian: pairedPercent(samples[n], samples.plain) });
  return {
    without: at.plain,
    with: at.traced,
    overheadPercent: vsPlain('traced'),
    addedMedianUs: round1(at.traced.median - at.plain.median),
    cpuUsPerRequest: { without: cpu(samples.plain), with: cpu(samples.traced), overheadPercent: pct(cpu(samples.traced), cpu(samples.plain)) },
    shimsOnly: { latency: at.shimsOnly, overheadPercent: vsPlain('shimsOnly'), cpuOverheadPercent: pct(cpu(samples.shimsOnly), cpu(samples.plain)) },
    noiseFloor: { ...vsPlain('control'), cpuPercent: pct(cpu(samples.control), cpu(samples.plain)) },
  };
}

/** The rotating rounds of `compare`, over any set of copies. */
async function interleave<N extends string>(copies: Readonly<Record<N, Target>>, requests: number, warmup: number): Promise<Record<N, Samples>> {
  const names = Object.keys(copies) as N[];
  const samples = Object.fromEntries(names.map((n) => [n, { latencyUs: [], roundMedians: [], cpuUs: 0 }])) as unknown as Record<N, Samples>;
  for (let done = 0, cycle = 0; done < warmup + requests; done += ROUND, cycle += 1) {
    const shift = cycle % names.length;
    for (const name of [...names.slice(shift), ...names.slice(0, shift)]) await measure(copies[name], ROUND, done >= warmup ? samples[name] : undefined);
  }
  return samples;
}

/**
 * Where the cloud scenario's overhead goes (`--components`): one layer wrapped at a time, its
 * shim over a non-recording tracer (`…Shim`) and with the SDK's spans (`…Traced`): the server
 * middleware (1 SERVER span) and the db wrapper (2 CLIENT spans), as paired % and µs.
 */
async function components(tracing: ReturnType<typeof createTracing>, nonRecording: Tracer, requests: number, warmup: number) {
  const only = (layer: 'serverMiddleware' | 'wrapDb', hooks: (instance: ComponentInstance) => ServiceHooks): HooksFactory => (instance) => ({ [layer]: hooks(instance)[layer] });
  const shims = (instance: ComponentInstance) => tracingHooks(nonRecording, { service: instance.service });
  const copies = {
    plain: await cloudTarget(),
    serverShim: await cloudTarget(only('serverMiddleware', shims)),
    serverTraced: await cloudTarget(only('serverMiddleware', tracing.hooksFor)),
    dbShim: await cloudTarget(only('wrapDb', shims)),
    dbTraced: await cloudTarget(only('wrapDb', tracing.hooksFor)),
  };
  try {
    const samples = await interleave(copies, requests, warmup);
    const plain = percentile(samples.plain.roundMedians, 50);
    const row = (name: keyof typeof copies) => ({ pairedPercent: pairedPercent(samples[name], samples.plain), addedMedianUs: round1(percentile(samples[name].roundMedians, 50) - plain) });
    return { plainMedianUs: round1(plain), serverShim: row('serverShim'), serverTraced: row('serverTraced'), dbShim: row('dbShim'), dbTraced: row('dbTraced') };
  } finally {
    for (const copy of Object.values(copies)) await copy.stop();
  }
}

/** CPU µs per db statement, plain, traced, and a bare SDK span: the per-span cost without the network. */
async function perSpanCost(tracing: ReturnType<typeof createTracing>) {
  const context = { request_id: 'req-00000000-0000-4000-8000-000000000000', global_request_id: null, user_id: null, project_id: null };
  const statement = { operation: 'SELECT', table: 'instances', database: 'nova_cell1' } as const;
  const plain = createDb();
  const traced = tracing.hooksFor({ service: 'nova-conductor', host: 'controller' }).wrapDb?.(createDb()) ?? plain;
  const best = async (run: () => Promise<unknown>) => {
    let fastest = Infinity;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const before = process.cpuUsage();
      for (let i = 0; i < 10_000; i += 1) await run();
      const used = process.cpuUsage(before);
      fastest = Math.min(fastest, (used.user + used.system) / 10_000);
    }
    return Math.round(fastest * 100) / 100;
  };
  const plainUs = await best(() => plain.run(context, statement, () => 1));
  const tracedUs = await best(() => traced.run(context, statement, () => 1));
  return { unit: 'CPU µs per db statement, best of 5 × 10000', plain: plainUs, traced: tracedUs, spanCost: Math.round((tracedUs - plainUs) * 100) / 100 };
}

export interface OverheadOptions {
  /** Measured round trips per copy and scenario. @default 3000 */
  readonly requests?: number;
  /** Unmeasured round trips per copy first. @default 300 */
  readonly warmup?: number;
  /** Also split the cloud scenario's overhead by layer (see `components`). @default false */
  readonly components?: boolean;
}

export async function instrumentationOverhead(options: OverheadOptions = {}) {
  const requests = options.requests ?? 3000;
  const warmup = options.warmup ?? 300;
  const tracing = createTracing({ exporter: DROPPING_EXPORTER });
  const targets: Target[] = [];
  const nonRecording = new ProxyTracerProvider().getTracer(SCOPE_NAME);
  const start = async (make: (hooksFor?: HooksFactory) => Promise<Target>) => {
    const copies = {
      plain: await make(),
      traced: await make(tracing.hooksFor),
      control: await make(),
      shimsOnly: await make((instance) => tracingHooks(nonRecording, { service: instance.service })),
    };
    targets.push(...Object.values(copies));
    return copies;
  };
  try {
    const cloud = await start(cloudTarget);
    const hop = await start(hopTarget);
    return {
      benchmark: 'instrumentation-overhead',
      unit: 'µs per REST round trip',
      node: process.version,
      cpus: os.cpus().length,
      loadAverageAtStart: Math.round(os.loadavg()[0]! * 10) / 10,
      requests,
      scenarios: {
        cloud: { request: 'GET /v2.1/servers/{id} on the simulated cloud (token, db lookups)', spansPerRequest: 3, ...(await compare(cloud, requests, warmup)) },
        hop: { request: 'GET nova-api → GET glance through the kit HTTP client', spansPerRequest: 3, ...(await compare(hop, requests, warmup)) },
      },
      ...(options.components === true ? { components: await components(tracing, nonRecording, requests, warmup) } : {}),
      perSpan: await perSpanCost(tracing),
      exportedSpans: tracing.stats().exportedSpans,
      goal: 'median overhead < 5%',
      contextManager: 'none (createTracing default): spans parent through the RequestContext, no process-wide promise hook',
    };
  } finally {
    for (const target of targets) await target.stop();
    await tracing.shutdown();
  }
}

function argument(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : Number(process.argv[index + 1]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const requests = argument('requests');
  const warmup = argument('warmup');
  const result = await instrumentationOverhead({ ...(requests === undefined ? {} : { requests }), ...(warmup === undefined ? {} : { warmup }), components: process.argv.includes('--components') });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
