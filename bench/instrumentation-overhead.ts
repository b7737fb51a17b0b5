/**
 * What the tracing shims add to a REST round trip inside the simulated cloud.
 *
 * Two copies of the same two-service path are started side by side, built from the cloud kit
 * (`createServiceApp`: request id, access log, JSON bodies, error handler; the component HTTP
 * client with keystoneauth's headers): a client calls nova-api `GET /v2.1/images/{id}`, which
 * calls glance `GET /v2/images/{id}` and answers. One copy is wrapped by `createTracing` (three
 * spans per round trip: nova-api SERVER, nova-api CLIENT, glance SERVER, through the real
 * BatchSpanProcessor into an exporter that drops the batches, so the number measures the shims
 * and the SDK, not a network export), the other is not. Requests alternate between the copies in
 * small rounds so both see the same machine load.
 *
 * Run: `npx tsx bench/instrumentation-overhead.ts [--requests 4000] [--warmup 500]`; prints JSON.
 */
import { ExportResultCode } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import os from 'node:os';
import { Router } from 'express';
import { createComponentHttpClient } from '../sim/kit/component.js';
import { createEnvironment } from '../sim/kit/environment.js';
import type { CloudEnvironment } from '../sim/kit/environment.js';
import type { HooksFactory } from '../sim/kit/hooks.js';
import { createServiceApp } from '../sim/kit/rest/app.js';
import { listen } from '../sim/kit/rest/listen.js';
import type { Listening } from '../sim/kit/rest/listen.js';
import { contextOf } from '../sim/kit/rest/request-id.js';
import { createTracing } from '../instrumentation/index.js';

interface Variant {
  readonly url: string;
  readonly servers: readonly Listening[];
}

/** Exports nothing, instantly: the batch processor still runs for real. */
const DROPPING_EXPORTER: SpanExporter = {
  export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: async () => {},
};

async function startVariant(hooksFor?: HooksFactory): Promise<Variant> {
  const env: CloudEnvironment = createEnvironment(hooksFor === undefined ? {} : { hooksFor });
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
  return { url: `${nova.url}/v2.1/images/a1b2`, servers: [glance, nova] };
}

async function roundTrip(url: string): Promise<number> {
  const started = process.hrtime.bigint();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return Number(process.hrtime.bigint() - started) / 1000;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(samples: number[]): { median: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (us: number) => Math.round(us * 10) / 10;
  return { median: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)) };
}

export interface OverheadOptions {
  /** Measured round trips per variant. @default 4000 */
  readonly requests?: number;
  /** Unmeasured round trips per variant first. @default 500 */
  readonly warmup?: number;
}

interface Samples {
  readonly latencyUs: number[];
  cpuUs: number;
}

/** Runs `count` round trips against `url` in one go; records them after the first `skip`. */
async function measure(url: string, count: number, into: Samples | undefined): Promise<void> {
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < count; i += 1) {
    const us = await roundTrip(url);
    into?.latencyUs.push(us);
  }
  const cpu = process.cpuUsage(cpuBefore);
  if (into !== undefined) into.cpuUs += cpu.user + cpu.system;
}

const ROUND = 50;

/**
 * Phase 1 runs the untraced copy alone, before any span exists, so the process has not yet
 * switched on AsyncLocalStorage's async hooks (a process-wide cost of having trace context at
 * all, on Node 20). Phase 2 alternates the two copies in rounds of 50: the difference there is
 * the shims' own cost. Phase 1 vs phase 2 "with" is the whole cost of turning tracing on, but is
 * exposed to drift in machine load between the phases.
 */
export async function instrumentationOverhead(options: OverheadOptions = {}) {
  const requests = options.requests ?? 4000;
  const warmup = options.warmup ?? 500;
  const tracing = createTracing({ exporter: DROPPING_EXPORTER });
  const plain = await startVariant();
  const traced = await startVariant(tracing.hooksFor);
  const untracedProcess: Samples = { latencyUs: [], cpuUs: 0 };
  const samples = { plain: { latencyUs: [], cpuUs: 0 } as Samples, traced: { latencyUs: [], cpuUs: 0 } as Samples };
  try {
    await measure(plain.url, warmup, undefined);
    await measure(plain.url, requests, untracedProcess);
    for (let done = 0; done < warmup + requests; done += ROUND) {
      await measure(plain.url, ROUND, done >= warmup ? samples.plain : undefined);
      await measure(traced.url, ROUND, done >= warmup ? samples.traced : undefined);
    }
  } finally {
    await Promise.all([...plain.servers, ...traced.servers].map((s) => s.close()));
    await tracing.shutdown();
  }
  const without = summary(samples.plain.latencyUs);
  const withShims = summary(samples.traced.latencyUs);
  const before = summary(untracedProcess.latencyUs);
  const pct = (a: number, b: number) => Math.round(((a - b) / b) * 1000) / 10;
  const cpu = (s: Samples) => Math.round(s.cpuUs / s.latencyUs.length);
  return {
    benchmark: 'instrumentation-overhead',
    unit: 'µs per REST round trip (client → nova-api → glance → back)',
    node: process.version,
    loadAverage: os.loadavg()[0],
    requests,
    spansPerRequest: 3,
    without,
    with: withShims,
    overheadPercent: { median: pct(withShims.median, without.median), p95: pct(withShims.p95, without.p95), p99: pct(withShims.p99, without.p99) },
    cpuUsPerRequest: { without: cpu(samples.plain), with: cpu(samples.traced), overheadPercent: pct(cpu(samples.traced), cpu(samples.plain)) },
    beforeAnyTraceContext: { ...before, cpuUsPerRequest: cpu(untracedProcess), medianOverheadPercentOfTracingOn: pct(withShims.median, before.median) },
    exportedSpans: tracing.stats().exportedSpans,
    goal: 'median overhead < 5%',
  };
}

function argument(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : Number(process.argv[index + 1]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const requests = argument('requests');
  const warmup = argument('warmup');
  const result = await instrumentationOverhead({ ...(requests === undefined ? {} : { requests }), ...(warmup === undefined ? {} : { warmup }) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
