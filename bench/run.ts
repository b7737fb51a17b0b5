/**
 * `npm run bench [-- --quick] [--only a,b] [--profile] [--alloc] [--from report.json]`: runs every component benchmark as its own
 * child process (each prints JSON), one after another to keep them out of each other's way, and
 * merges their outputs into one report: bench/results/<date>-<quick|full>.json, the date suffixed
 * b, c, … when a report of that day is there already (report-file.ts; schema in
 * bench/report-types.ts) plus the tables on stdout. Progress goes to stderr.
 *
 * Children: collector (ceilings, in-process, Kafka, overload), pipeline (collector → analyzer →
 * SQLite embedded and through Kafka), analyzer (query, readiness, ingest;
 * the full run also at 100k spans), alerts, jaeger and otelcol (the peers; the full run builds a
 * missing peer, the quick run skips it with the reason), and in the full run logs and
 * instrumentation-overhead as extras. Kafka comes from HOPTRACE_KAFKA_BROKERS or
 * `deploy/kafka.sh start` (a broker the run started is stopped at its end); without a broker the
 * Kafka scenarios are skipped with the reason.
 * `--profile` runs every child with `--cpu-prof` into bench/results/profiles/ and adds each one's CPU
 * by hoptrace layer to its run in the report (profile-layers.ts); `--alloc` samples every child's
 * allocations into bench/results/alloc/ (alloc-sampling.ts) and adds its bytes allocated by layer.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { kafkaBrokers, stopDevBrokerIfStartedLater } from '../collector/testing/kafka-broker.js';
import { buildReport, formatReport } from './report.js';
import { runChild } from './report-child-run.js';
import { freshReportPath } from './report-file.js';
import { allocationShares, layerShares, profileFiles } from './profile-layers.js';
import type { BenchReport, ChildRun, Machine } from './report-types.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, profile: { type: 'boolean', default: false }, alloc: { type: 'boolean', default: false }, from: { type: 'string' } } });

// `--from <report.json>`: rebuild a saved report (its raw runs) with the current report writer.
if (values.from !== undefined) {
  const saved = JSON.parse(readFileSync(values.from, 'utf8')) as BenchReport;
  const rebuilt = buildReport({ date: saved.date, mode: saved.mode, seconds: saved.seconds, machine: saved.machine, runs: saved.runs, skipped: {} });
  writeFileSync(values.from, `${JSON.stringify(rebuilt, null, 2)}\n`);
  process.stdout.write(`${formatReport(rebuilt)}\nreport: ${values.from}\n`);
  process.exit(0);
}
const quick = values.quick;
const only = values.only?.split(',');
const results = join(import.meta.dirname, 'results');
const started = Date.now();
const loadAtStart = os.loadavg()[0]!;

const skipped: Record<string, string> = {};
const releaseBroker = await stopDevBrokerIfStartedLater(process.env);
let kafka = true;
try {
  await kafkaBrokers(process.env);
} catch (error) {
  kafka = false;
  skipped.kafka = (error as Error).message.split('\n')[0]!;
}

const plan: [string, string, string[]][] = [
  ['collector', 'collector.ts', [...(quick ? ['--quick', '--seconds', '3'] : []), ...(kafka ? [] : ['--no-kafka'])]],
  ['pipeline', 'pipeline.ts', [...(quick ? ['--quick'] : []), ...(kafka ? [] : ['--no-kafka'])]],
  ['analyzer', 'analyzer.ts', quick ? ['--quick'] : []],
  ...(quick ? [] : [['analyzer-100k', 'analyzer.ts', ['--quick', '--only', 'query']] as [string, string, string[]]]),
  ['alerts', 'alerts.ts', quick ? ['--flows', '150', '--boots', '5'] : []],
  ['jaeger', 'jaeger.ts', quick ? ['--quick', '--seconds', '2'] : ['--build']],
  ['otelcol', 'otelcol.ts', quick ? ['--quick', '--seconds', '2'] : ['--build']],
  ...(quick ? [] : [['logs', 'logs.ts', ['--lines', '100000', '--rounds', '3']], ['instrumentation-overhead', 'instrumentation-overhead.ts', ['--requests', '1500']]] as [string, string, string[]][]),
];

const runs: Record<string, ChildRun> = {};
const profileDir = values.profile ? join(results, 'profiles') : undefined;
const allocDir = values.alloc ? join(results, 'alloc') : undefined;
try {
  for (const [name, file, args] of plan) {
    if (only !== undefined && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name} (${file} ${args.join(' ')}) … `);
    const childProfiles = profileDir === undefined ? undefined : join(profileDir, name);
    const childAlloc = allocDir === undefined ? undefined : join(allocDir, name);
    if (childAlloc !== undefined) mkdirSync(childAlloc, { recursive: true });
    const run = await runChild(join(import.meta.dirname, file), args, { timeoutMs: (quick ? 3 : 30) * 60_000, profileDir: childProfiles, allocDir: childAlloc });
    runs[name] = run.error !== undefined ? run : {
      ...run,
      ...(childProfiles === undefined ? {} : { profileLayers: layerShares(profileFiles([childProfiles])) }),
      ...(childAlloc === undefined ? {} : { allocationLayers: allocationShares(profileFiles([childAlloc], '.heapprofile')) }),
    };
    process.stderr.write(run.error === undefined ? `${run.seconds} s\n` : `failed after ${run.seconds} s: ${run.error}\n`);
  }
} finally {
  await releaseBroker();
}

const cpu = os.cpus();
const machine: Machine = {
  cpuModel: cpu[0]?.model ?? 'unknown',
  cores: cpu.length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  hostname: os.hostname(),
  loadAverage: { start: Math.round(loadAtStart * 10) / 10, end: Math.round(os.loadavg()[0]! * 10) / 10 },
};
const date = new Date(started).toISOString();
const mode = quick ? 'quick' : 'full';
const report = buildReport({ date, mode, seconds: Math.round((Date.now() - started) / 1000), machine, runs, skipped });
mkdirSync(results, { recursive: true });
const file = freshReportPath(results, date.slice(0, 10), mode, only);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${formatReport(report)}\nreport: ${relative(process.cwd(), file)}\n`);
