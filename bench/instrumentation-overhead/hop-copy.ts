/**
 * Profiling aid, not a benchmark: repeats the `hop` scenario's round trip on one copy (traced
 * by default, `--plain` without hooks) so `node --cpu-prof` sees the shims' share of it.
 * Run: `node --cpu-prof --cpu-prof-dir <dir> --import tsx bench/instrumentation-overhead/profile-hop.ts [--plain] [--requests 20000]`.
 */
import { createTracing } from '../../instrumentation/index.js';
import { timedOtlpExporter } from './exporter.js';
import { hopTarget, startOtlpSink } from './targets.js';

const index = process.argv.indexOf('--requests');
const requests = index === -1 ? 20_000 : Number(process.argv[index + 1]);
const sink = await startOtlpSink();
const tracing = createTracing({ exporter: timedOtlpExporter(sink.url).exporter });
const target = await hopTarget(process.argv.includes('--plain') ? undefined : tracing.hooksFor);
const cpu = process.cpuUsage();
for (let i = 0; i < requests; i += 1) {
  const response = await fetch(target.url, { headers: target.headers });
  await response.arrayBuffer();
}
await tracing.forceFlush();
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ requests, cpuUsPerRequest: Math.round((used.user + used.system) / requests), spans: tracing.stats().exportedSpans })}\n`);
await target.stop();
await tracing.shutdown();
await sink.close();
