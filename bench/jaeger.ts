/**
 * The collector benchmark's load against a real Jaeger v2 (built from its Go module by
 * bench/peers/jaeger.sh): OTLP/HTTP receiver, batch processor, memory storage, query on loopback
 * (bench/peers/jaeger.yaml), GOMAXPROCS=1 by default so that it has one core as hoptrace's
 * collector does. Prints JSON (bench/peers/peer-bench.ts `PeerReport`), or `{"skipped": why}`.
 *
 * Run: `npx tsx bench/jaeger.ts [--quick] [--build] [--seconds 10] [--connections 32] [--gomaxprocs 1]`
 * (`--build` builds Jaeger when the cache has none; without it a missing binary is a skip).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SATURATION_CONNECTIONS } from './loadgen.js';
import { benchPeer } from './peers/peer-bench.js';
import { locatePeer } from './peers/locate.js';
import { freePort } from './peers/process.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, build: { type: 'boolean', default: false }, seconds: { type: 'string' }, connections: { type: 'string', default: String(SATURATION_CONNECTIONS) }, gomaxprocs: { type: 'string', default: '1' } } });
const seconds = Number(values.seconds ?? (values.quick ? 4 : 10));

/** Jaeger's query API lists the services of the spans it stored; none means nothing was kept. */
async function storedServices(queryUrl: string): Promise<string> {
  const response = await fetch(`${queryUrl}/api/services`);
  const services = ((await response.json()) as { data?: string[] | null }).data ?? [];
  if (services.length === 0) throw new Error(`Jaeger accepted the load but ${queryUrl}/api/services lists no service`);
  return `query API lists ${services.length} services (${services.slice(0, 3).join(', ')}${services.length > 3 ? ', …' : ''})`;
}

const located = await locatePeer('jaeger', values.build ? 'build' : 'path');
if (!located.ok) {
  process.stdout.write(`${JSON.stringify({ benchmark: 'jaeger', peer: 'jaeger-v2', skipped: located.reason })}\n`);
} else {
  const report = await benchPeer('jaeger', async () => {
    const [otlp, query, grpc, health] = [await freePort(), await freePort(), await freePort(), await freePort()];
    return {
      name: `jaeger-v2 (GOMAXPROCS=${values.gomaxprocs})`,
      binary: located.binary,
      args: ['--config', join(import.meta.dirname, 'peers', 'jaeger.yaml')],
      // OTEL_TRACES_SAMPLER: Jaeger traces its own query API (the check below) and, on SIGTERM,
      // spends 10 s failing to export that to 127.0.0.1:4317; its OTLP receiver is not traced.
      env: { GOMAXPROCS: values.gomaxprocs, OTEL_TRACES_SAMPLER: 'always_off', JAEGER_OTLP_HTTP_PORT: String(otlp), JAEGER_QUERY_HTTP_PORT: String(query), JAEGER_QUERY_GRPC_PORT: String(grpc), JAEGER_HEALTH_PORT: String(health) },
      tracesUrl: `http://127.0.0.1:${otlp}/v1/traces`,
      check: () => storedServices(`http://127.0.0.1:${query}`),
    };
  }, { seconds, connections: Number(values.connections) });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
