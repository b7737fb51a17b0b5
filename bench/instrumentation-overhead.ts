/**
 * What the tracing shims add to REST round trips inside the simulated cloud, with and without
 * instrumentation in the same run.
 *
 * Two scenarios (`instrumentation-overhead/targets.ts`), each started several times side by side:
 * - `cloud`: the whole simulated cloud (`startCloud`); a client with a keystone token polls
 *   nova-api `GET /v2.1/servers/{id}` of a booted server, as `openstack server create --wait`
 *   does: keystonemiddleware (cached token), the API and cell database lookups, the view. Traced:
 *   the SERVER span and the db CLIENT spans.
 * - `hop`: two kit services (`createServiceApp`, the component HTTP client with keystoneauth's
 *   headers): the client calls nova-api `GET /v2.1/images/{id}`, which calls glance. Traced:
 *   nova-api SERVER, nova-api CLIENT, glance SERVER.
 * Spans go through the real BatchSpanProcessor into the real OTLP/HTTP protobuf exporter, which
 * posts them to a loopback sink that reads and discards them: every span is converted and
 * serialised as in production. That export runs on the processor's timer, wherever it lands;
 * `exports` reports its time per traced request (`deferredUsPerRequest`) to add to the traced
 * copy's CPU (`cpuUsPerRequest.withExportsUs`). Each scenario also runs a second plain copy
 * (control: the noise floor, an A/A test) and a shims-only copy (the shims over a non-recording
 * tracer), all interleaved in small rounds whose order rotates (`instrumentation-overhead/compare.ts`).
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
import { ProxyTracerProvider } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { createTracing, SCOPE_NAME, tracingHooks } from '../instrumentation/index.js';
import type { Tracing } from '../instrumentation/index.js';
import { createDb } from '../sim/kit/db.js';
import type { ComponentInstance, HooksFactory, ServiceHooks } from '../sim/kit/hooks.js';
import { compare, interleave, pairedPercent, percentile, round1 } from './instrumentation-overhead/compare.js';
import { timedOtlpExporter } from './instrumentation-overhead/exporter.js';
import type { ExportTime } from './instrumentation-overhead/exporter.js';
import { cloudTarget, hopTarget, startOtlpSink } from './instrumentation-overhead/targets.js';
import type { Target } from './instrumentation-overhead/targets.js';

/**
 * Where the cloud scenario's overhead goes (`--components`): one layer wrapped at a time, its
 * shim over a non-recording tracer (`…Shim`) and with the SDK's spans (`…Traced`): the server
 * listener wrapper (1 SERVER span) and the db wrapper (2 CLIENT spans), as paired % and µs.
 */
async function components(tracing: Tracing, nonRecording: Tracer, requests: number, warmup: number) {
  const only = (layer: 'wrapRequestListener' | 'wrapDb', hooks: (instance: ComponentInstance) => ServiceHooks): HooksFactory => (instance) => ({ [layer]: hooks(instance)[layer] });
  const shims = (instance: ComponentInstance) => tracingHooks(nonRecording, { service: instance.service });
  const copies = {
    plain: await cloudTarget(),
    serverShim: await cloudTarget(only('wrapRequestListener', shims)),
    serverTraced: await cloudTarget(only('wrapRequestListener', tracing.hooksFor)),
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

/** CPU µs per db statement, plain and traced: the per-span cost without the network (export included). */
async function perSpanCost(tracing: Tracing) {
  const context = { request_id: 'req-00000000-0000-4000-8000-000000000000', global_request_id: null, user_id: null, project_id: null };
  const statement = { operation: 'SELECT', table: 'instances', database: 'nova_cell1' } as const;
  const plain = createDb();
  const traced = tracing.hooksFor({ service: 'nova-conductor', host: 'controller' }).wrapDb?.(createDb()) ?? plain;
  const best = async (run: () => Promise<unknown>, flush: () => Promise<void>) => {
    let fastest = Infinity;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const before = process.cpuUsage();
      for (let i = 0; i < 10_000; i += 1) await run();
      await flush();
      const used = process.cpuUsage(before);
      fastest = Math.min(fastest, (used.user + used.system) / 10_000);
    }
    return Math.round(fastest * 100) / 100;
  };
  const plainUs = await best(() => plain.run(context, statement, () => 1), async () => {});
  const tracedUs = await best(() => traced.run(context, statement, () => 1), () => tracing.forceFlush());
  return { unit: 'CPU µs per db statement, best of 5 × 10000, the traced ones exported (protobuf, loopback)', plain: plainUs, traced: tracedUs, spanCost: Math.round((tracedUs - plainUs) * 100) / 100 };
}

/** The export work behind `requests` traced round trips, per request (see the header comment). */
function exportsPer(time: ExportTime, before: ExportTime, requests: number) {
  const us = time.us - before.us;
  return { calls: time.calls - before.calls, spans: time.spans - before.spans, deferredUsPerRequest: round1(us / requests) };
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
  const sink = await startOtlpSink();
  const { exporter, time } = timedOtlpExporter(sink.url);
  const tracing = createTracing({ exporter });
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
  const scenario = async (copies: Awaited<ReturnType<typeof start>>) => {
    await tracing.forceFlush();
    const before = { ...time };
    const result = await compare(copies, requests, warmup);
    await tracing.forceFlush();
    const exports = exportsPer(time, before, requests + warmup);
    return { ...result, cpuUsPerRequest: { ...result.cpuUsPerRequest, withExportsUs: Math.round(result.cpuUsPerRequest.with + exports.deferredUsPerRequest) }, exports };
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
        cloud: { request: 'GET /v2.1/servers/{id} on the simulated cloud (token, db lookups)', spansPerRequest: 3, ...(await scenario(cloud)) },
        hop: { request: 'GET nova-api → GET glance through the kit HTTP client', spansPerRequest: 3, ...(await scenario(hop)) },
      },
      ...(options.components === true ? { components: await components(tracing, nonRecording, requests, warmup) } : {}),
      perSpan: await perSpanCost(tracing),
      exportedSpans: tracing.stats().exportedSpans,
      otlpSink: { ...sink.stats },
      goal: 'median overhead < 5%',
      contextManager: 'none (createTracing default): spans parent through the RequestContext, no process-wide promise hook',
    };
  } finally {
    for (const target of targets) await target.stop();
    await tracing.shutdown();
    await sink.close();
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
