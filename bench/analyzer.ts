/**
 * Analyzer benchmarks (issue 5): `GET /api/flows/{id}` latency at 1,000,000 stored spans beside a
 * bare SQLite lookup; the same latency while the analyzer ingests 10,000 spans/s, beside the idle
 * numbers of the same run; flow ready time after the last span under 200 concurrent boots;
 * sustained ingest → reconstruct → store rate; memory per in-flight flow; the same ingest beyond
 * the in-flight flow limit (20 000 by default; 2 000 with --quick); flow search with as many
 * flows in flight as stored (20 000 each; 2 000 with --quick).
 *
 * Run: `npx tsx bench/analyzer.ts [--quick] [--only query,query-under-ingest,ready,ingest,beyond-cap,search]` (quick: 100,000 stored
 * spans, fewer samples; --only: just these parts, the others are left out of the report); prints JSON.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { benchBeyondCap, benchIngest } from './analyzer-ingest.js';
import { benchReady } from './analyzer-ready.js';
import { benchSearch } from './analyzer-search.js';
import { benchQuery } from './analyzer-query.js';
import { benchQueryUnderIngest } from './analyzer-query-ingest.js';

const PARTS = ['query', 'query-under-ingest', 'ready', 'ingest', 'beyond-cap', 'search'] as const;
/** Offered ingest rate while `query-under-ingest` asks (spans/s). */
const UNDER_INGEST_SPANS_PER_SECOND = 10_000;
const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } }, strict: true });
const quick = values.quick;
const only = new Set(values.only?.split(',') ?? PARTS);
const unknown = [...only].filter((part) => !(PARTS as readonly string[]).includes(part));
if (unknown.length > 0) throw new Error(`--only takes ${PARTS.join(', ')}; unknown: ${unknown.join(', ')}`);
const loadBefore = os.loadavg();

const query = only.has('query') ? await benchQuery(quick ? 100_000 : 1_000_000, quick ? 2000 : 10_000) : undefined;
const queryUnderIngest = only.has('query-under-ingest') ? await benchQueryUnderIngest(quick ? 100_000 : 1_000_000, quick ? 2000 : 10_000, UNDER_INGEST_SPANS_PER_SECOND) : undefined;
const ready = only.has('ready') ? await benchReady(200) : undefined;
const ingest = only.has('ingest') ? await benchIngest(quick ? 2000 : 8000, quick ? 1000 : 2000) : undefined;
const beyondCap = only.has('beyond-cap') ? await benchBeyondCap(quick ? 2000 : 20_000) : undefined;
const search = only.has('search') ? await benchSearch(quick ? 2000 : 20_000, quick ? 20 : 50) : undefined;

const report = {
  benchmark: 'analyzer',
  quick,
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', memoryBytes: os.totalmem(), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage1mBefore: loadBefore[0], loadAverage1mAfter: os.loadavg()[0] },
  payload: { flow: 'scripted boot (analyzer/testing/boot.ts)', spansPerFlow: 26, hopsPerFlow: 14 },
  goals: { httpGetFlowP99Ms: 2, readyP95Ms: 2000 },
  query,
  queryUnderIngest,
  ready,
  ingest,
  beyondCap,
  search,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
