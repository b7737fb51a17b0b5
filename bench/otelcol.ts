/**
 * The collector benchmark's load against a real OpenTelemetry Collector (the official otelcol core
 * with OTLP receiver, batch processor and nop exporter, built by bench/peers/otelcol.sh; config
 * bench/peers/otelcol.yaml): the receive path a collector in front of any backend pays.
 * GOMAXPROCS=1 by default, one core as hoptrace's collector has. Prints JSON
 * (bench/peers/peer-bench.ts `PeerReport`), or `{"skipped": why}` when it cannot be built.
 *
 * Run: `npx tsx bench/otelcol.ts [--quick] [--build] [--seconds 10] [--connections 32] [--gomaxprocs 1]`
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SATURATION_CONNECTIONS } from './loadgen.js';
import { benchPeer } from './peers/peer-bench.js';
import { locatePeer } from './peers/locate.js';
import { freePort } from './peers/process.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, build: { type: 'boolean', default: false }, seconds: { type: 'string' }, connections: { type: 'string', default: String(SATURATION_CONNECTIONS) }, gomaxprocs: { type: 'string', default: '1' } } });
const seconds = Number(values.seconds ?? (values.quick ? 4 : 10));

const located = await locatePeer('otelcol', values.build ? 'build' : 'path');
if (!located.ok) {
  process.stdout.write(`${JSON.stringify({ benchmark: 'otelcol', peer: 'otelcol-core', skipped: located.reason })}\n`);
} else {
  const report = await benchPeer('otelcol', async () => {
    const otlp = await freePort();
    return {
      name: `otelcol-core v0.140.0 (GOMAXPROCS=${values.gomaxprocs})`,
      binary: located.binary,
      args: ['--config', join(import.meta.dirname, 'peers', 'otelcol.yaml')],
      env: { GOMAXPROCS: values.gomaxprocs, OTELCOL_OTLP_HTTP_PORT: String(otlp) },
      tracesUrl: `http://127.0.0.1:${otlp}/v1/traces`,
    };
  }, { seconds, connections: Number(values.connections) });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
