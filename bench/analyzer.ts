/**
 * Analyzer benchmarks (issue 5): `GET /api/flows/{id}` latency at 1,000,000 stored spans beside a
 * bare SQLite lookup; flow ready time after the last span under 200 concurrent boots; sustained
 * ingest → reconstruct → store rate; memory per in-flight flow.
 *
 * Run: `npx tsx bench/analyzer.ts [--quick]` (quick: 100,000 stored spans, fewer samples); prints JSON.
 */
import os from 'node:os';
import { benchIngest } from './analyzer-ingest.js';
import { benchReady } from './analyzer-ready.js';
import { benchQuery } from './analyzer-query.js';

const quick = process.argv.includes('--quick');
const loadBefore = os.loadavg();

const query = await benchQuery(quick ? 100_000 : 1_000_000, quick ? 2000 : 10_000);
const ready = await benchReady(200);
const ingest = await benchIngest(quick ? 2000 : 8000, quick ? 1000 : 2000);

const report = {
  benchmark: 'analyzer',
  quick,
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', memoryBytes: os.totalmem(), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage1mBefore: loadBefore[0], loadAverage1mAfter: os.loadavg()[0] },
  payload: { flow: 'scripted boot (analyzer/testing/boot.ts)', spansPerFlow: 26, hopsPerFlow: 14 },
  goals: { httpGetFlowP99Ms: 2, readyP95Ms: 2000 },
  query,
  ready,
  ingest,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
