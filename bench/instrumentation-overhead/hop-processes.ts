/**
 * The `hop` scenario with each copy in a process of its own (`hop-copy.ts`), the copies taking
 * turns run after run, so no copy shares a heap, a JIT or a batch processor's timer with
 * another, and a drift of the machine's speed falls on every copy alike. Reports each copy's
 * median over the runs and what it adds to the plain copy's median. This is how
 * `bench/README.md` splits the traced hop's cost; `instrumentation-overhead.ts` interleaves
 * copies in one process instead, which is quicker but lets them slow each other.
 * Run: `npx tsx bench/instrumentation-overhead/hop-processes.ts [--runs 8] [--requests 5000]
 * [--warmup 1500] [--copies plain,traced,dropped,client-span]`; prints JSON.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { percentile } from './compare.js';
import { HOP_COPIES } from './hop-copy.js';
import type { HopCopy, HopCopyResult } from './hop-copy.js';

const run = promisify(execFile);
const COPY_PROGRAM = fileURLToPath(new URL('./hop-copy.ts', import.meta.url));

async function runCopy(copy: HopCopy, requests: number, warmup: number): Promise<HopCopyResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', COPY_PROGRAM, '--copy', copy, '--requests', String(requests), '--warmup', String(warmup)]);
  return JSON.parse(stdout) as HopCopyResult;
}

type Measure = 'cpuUsPerRequest' | 'mainThreadCpuUsPerRequest' | 'exportUsPerRequest';
const CPU_MEASURES: readonly Measure[] = ['cpuUsPerRequest', 'mainThreadCpuUsPerRequest'];
const MEASURES: readonly Measure[] = [...CPU_MEASURES, 'exportUsPerRequest'];

/** Median of one measure over a copy's runs; null when a run lacks it. */
function median(results: readonly HopCopyResult[], measure: Measure): number | null {
  const values = results.map((r) => r[measure]);
  return values.some((v) => v === null) ? null : percentile(values as number[], 50);
}

export async function hopProcesses(copies: readonly HopCopy[], runs: number, requests: number, warmup: number) {
  const startedAt = new Date().toISOString();
  const loadBefore = os.loadavg()[0]!;
  const results = new Map<HopCopy, HopCopyResult[]>(copies.map((copy) => [copy, []]));
  for (let i = 0; i < runs; i += 1) {
    const order = i % 2 === 0 ? copies : [...copies].reverse();
    for (const copy of order) results.get(copy)!.push(await runCopy(copy, requests, warmup));
  }
  const mediansOf = (copy: HopCopy): Record<Measure, number | null> => Object.fromEntries(MEASURES.map((m) => [m, median(results.get(copy)!, m)])) as Record<Measure, number | null>;
  const medians = Object.fromEntries(copies.map((copy) => [copy, mediansOf(copy)])) as Record<HopCopy, Record<Measure, number | null>>;
  const plain = medians.plain;
  /** A copy's CPU medians less the plain copy's. */
  const addedBy = (copy: HopCopy) => Object.fromEntries(CPU_MEASURES.map((m) => [m, medians[copy][m] === null || plain![m] === null ? null : medians[copy][m]! - plain![m]!]));
  const added = plain === undefined ? undefined : Object.fromEntries(copies.filter((c) => c !== 'plain').map((copy) => [copy, addedBy(copy)]));
  return {
    benchmark: 'instrumentation-overhead/hop-processes',
    unit: 'µs per round trip (medians over runs)',
    startedAt,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage1mBefore: loadBefore, loadAverage1mAfter: os.loadavg()[0] },
    runs,
    requests,
    warmup,
    medians,
    ...(added === undefined ? {} : { addedToPlain: added }),
    runsByCopy: Object.fromEntries(copies.map((copy) => [copy, results.get(copy)!.map((r) => r.cpuUsPerRequest)])),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '8' }, requests: { type: 'string', default: '5000' }, warmup: { type: 'string', default: '1500' }, copies: { type: 'string', default: HOP_COPIES.join(',') } } });
  const copies = values.copies.split(',') as HopCopy[];
  const unknown = copies.filter((c) => !(HOP_COPIES as readonly string[]).includes(c));
  if (unknown.length > 0) throw new Error(`unknown copies: ${unknown.join(', ')} (known: ${HOP_COPIES.join(', ')})`);
  process.stdout.write(`${JSON.stringify(await hopProcesses(copies, Number(values.runs), Number(values.requests), Number(values.warmup)), null, 2)}\n`);
}
