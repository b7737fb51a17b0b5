/**
 * Log ingest throughput on one core: oslo.log lines parsed into records and grouped into flows by
 * request id (the goal: at least 200,000 lines/s), plus the same with span building.
 *
 * Input: the real `OpenStack_2k.log` sample (read from `<repo>/../shared/data/`, never copied into
 * the repository) replicated in memory to `--lines` lines (default 300,000); each copy's request
 * ids and instance uuids are rewritten so the copies are distinct requests on distinct servers,
 * as a longer log would be. Each stage runs
 * `--rounds` times (default 5) after one warm-up round; the best and median rounds are reported.
 *
 * Run: `npx tsx bench/logs.ts [--lines 300000] [--rounds 5]`; prints JSON.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LogFlowGrouper } from '../analyzer/logs/group.js';
import { logFlowsToSpans, parseOsloLog } from '../analyzer/logs/index.js';
import { ServiceResolver } from '../analyzer/logs/service-of.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '300000' }, rounds: { type: 'string', default: '5' } } });
const targetLines = Number(values.lines);
const rounds = Number(values.rounds);
const sample = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data/OpenStack_2k.log');
if (!existsSync(sample)) {
  console.error(`bench/logs.ts needs ${sample} (loghub OpenStack_2k.log, kept outside the repository)`);
  process.exit(1);
}

const original = readFileSync(sample, 'utf8').replace(/\s+$/, '');
const sampleLines = original.split('\n').length;
const copies = Math.ceil(targetLines / sampleLines);
// Every uuid (request ids and instance uuids) gets the copy's number as its first 8 hex digits.
const UUID_HEAD = /[0-9a-f]{8}(?=-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/g;
const text = Array.from({ length: copies }, (_, i) => original.replace(UUID_HEAD, i.toString(16).padStart(8, '0'))).join('\r\n') + '\r\n';
const lines = copies * sampleLines;

interface Stage {
  readonly name: string;
  run(): number; // returns something derived from the work, so it cannot be optimised away
}

const stages: Stage[] = [
  { name: 'parse', run: () => parseOsloLog(text).records.length },
  {
    name: 'parse+group',
    run: () => {
      const grouper = new LogFlowGrouper(new ServiceResolver());
      for (const record of parseOsloLog(text).records) grouper.add(record);
      return grouper.flows().length;
    },
  },
  { name: 'parse+group+spans', run: () => logFlowsToSpans(parseOsloLog(text).records).flows.reduce((n, f) => n + f.spans.length, 0) },
];

const results: Record<string, unknown> = {};
for (const stage of stages) {
  const output = stage.run(); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    stage.run();
    wall.push(Number(process.hrtime.bigint() - start) / 1e9);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1e6);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  results[stage.name] = {
    output,
    bestLinesPerSecond: Math.round(lines / Math.min(...wall)),
    medianLinesPerSecond: Math.round(lines / median(wall)),
    /** Lines per second of CPU time: what one core does when other processes share the machine. */
    medianLinesPerCpuSecond: Math.round(lines / median(cpu)),
    medianSeconds: Number(median(wall).toFixed(3)),
  };
}

const grouped = results['parse+group'] as { medianLinesPerSecond: number; medianLinesPerCpuSecond: number };
console.log(
  JSON.stringify(
    {
      benchmark: 'logs',
      input: { sample: 'OpenStack_2k.log', lines, copies, bytes: Buffer.byteLength(text) },
      machine: { cpus: os.cpus().length, loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)), node: process.version },
      stages: results,
      goal: { metric: 'parse+group median lines/s (wall, and per CPU-second)', target: 200_000, metWall: grouped.medianLinesPerSecond >= 200_000, metCpu: grouped.medianLinesPerCpuSecond >= 200_000 },
    },
    null,
    2,
  ),
);
