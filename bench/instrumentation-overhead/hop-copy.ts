/**
 * One copy of the `hop` scenario in a process of its own: `--warmup` round trips, then
 * `--requests` measured. Prints one JSON line: CPU per request of the process and of its main
 * thread alone (proc-io.ts), and the exporter's synchronous time per request. Copies:
 * - `plain`: no hooks;
 * - `traced`: every shim, spans exported through the real OTLP/HTTP protobuf exporter to a
 *   loopback sink (as `instrumentation-overhead.ts` does);
 * - `dropped`: every shim, each batch dropped unserialised by the exporter;
 * - `client-span`: only nova-api's HTTP-client shim, its `traceparent` taken off again before
 *   the call: one recording span per request and nothing else on the wire;
 * - `client-span-dropped`: the same, each batch dropped unserialised;
 * - `sdk-span`: no shim; the OpenTelemetry SDK's own tracer (a BasicTracerProvider without span
 *   processors) starts a span before each of nova-api's calls and ends it after: what any
 *   recording span costs there, hoptrace's code aside.
 * `hop-processes.ts` runs the copies alternately; under `node --cpu-prof` this is also the
 * profiling aid for one copy.
 * Run: `node --import tsx bench/instrumentation-overhead/hop-copy.ts --copy traced [--requests 5000] [--warmup 1500]`.
 */
import { parseArgs } from 'node:util';
import type { ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { createTracing } from '../../instrumentation/index.js';
import type { Tracing } from '../../instrumentation/index.js';
import type { HooksFactory } from '../../sim/kit/hooks.js';
import type { HttpClient } from '../../sim/kit/http-client.js';
import { mainThreadCpuUs } from '../proc-io.js';
import { timedOtlpExporter } from './exporter.js';
import { hopTarget, startOtlpSink } from './targets.js';
import type { Target } from './targets.js';

export const HOP_COPIES = ['plain', 'traced', 'dropped', 'client-span', 'client-span-dropped', 'sdk-span'] as const;
export type HopCopy = (typeof HOP_COPIES)[number];

export interface HopCopyResult {
  readonly copy: HopCopy;
  readonly requests: number;
  readonly cpuUsPerRequest: number;
  /** null where `/proc` has no thread times. */
  readonly mainThreadCpuUsPerRequest: number | null;
  readonly exportUsPerRequest: number;
  /** Batches the exporter was given while measured (none for `dropped` copies). */
  readonly exports: number;
  readonly exportedSpans: number;
}

const dropEverything: SpanExporter = {
  export: (_spans, done: (result: ExportResult) => void) => done({ code: 0 }),
  shutdown: async () => undefined,
  forceFlush: async () => undefined,
};

/** The HTTP-client shim alone, the header it adds removed before the plain client sends. */
function clientSpanOnly(tracing: Tracing): HooksFactory {
  return (instance) => {
    const wrap = tracing.hooksFor(instance).wrapHttpClient!;
    const withoutTraceparent = (client: HttpClient): HttpClient => (request) => {
      const { traceparent: _dropped, ...headers } = request.headers ?? {};
      return client({ ...request, headers });
    };
    return { wrapHttpClient: (client) => wrap(withoutTraceparent(client)) };
  };
}

/** A bare SDK span around each of nova-api's calls, ended when the call settles. */
function sdkSpanOnly(): HooksFactory {
  const tracer = new BasicTracerProvider().getTracer('hop-copy');
  return () => ({
    wrapHttpClient: (client) => (request) => {
      const span = tracer.startSpan(request.method);
      const call = client(request);
      call.then(() => span.end(), () => span.end());
      return call;
    },
  });
}

function hooksOf(copy: HopCopy, tracing: Tracing): HooksFactory | undefined {
  if (copy === 'plain') return undefined;
  if (copy === 'sdk-span') return sdkSpanOnly();
  return copy.startsWith('client-span') ? clientSpanOnly(tracing) : tracing.hooksFor;
}

async function roundTrips(target: Target, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(target.url, { headers: target.headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET ${target.url} answered ${response.status}`);
  }
}

export async function runHopCopy(copy: HopCopy, requests: number, warmup: number): Promise<HopCopyResult> {
  const sink = await startOtlpSink();
  const timed = timedOtlpExporter(sink.url);
  const tracing = createTracing({ exporter: copy.endsWith('dropped') ? dropEverything : timed.exporter });
  const target = await hopTarget(hooksOf(copy, tracing));
  try {
    await roundTrips(target, warmup);
    await tracing.forceFlush();
    const [cpu, mainCpu, exportUs, exports] = [process.cpuUsage(), mainThreadCpuUs(), timed.time.us, timed.time.calls];
    await roundTrips(target, requests);
    await tracing.forceFlush();
    const used = process.cpuUsage(cpu);
    const mainUsed = mainCpu === undefined ? undefined : mainThreadCpuUs()! - mainCpu;
    return {
      copy,
      requests,
      cpuUsPerRequest: Math.round((used.user + used.system) / requests),
      mainThreadCpuUsPerRequest: mainUsed === undefined ? null : Math.round(mainUsed / requests),
      exportUsPerRequest: Math.round((timed.time.us - exportUs) / requests),
      exports: timed.time.calls - exports,
      exportedSpans: tracing.stats().exportedSpans,
    };
  } finally {
    await target.stop();
    await tracing.shutdown();
    await sink.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { copy: { type: 'string', default: 'traced' }, requests: { type: 'string', default: '5000' }, warmup: { type: 'string', default: '1500' } } });
  if (!(HOP_COPIES as readonly string[]).includes(values.copy)) throw new Error(`--copy must be one of ${HOP_COPIES.join(', ')}`);
  const result = await runHopCopy(values.copy as HopCopy, Number(values.requests), Number(values.warmup));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
