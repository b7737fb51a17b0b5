import type { Target } from './targets.js';

/** Requests per round: copies take turns round by round (see `interleave`). */
const ROUND = 20;

export interface Samples {
  readonly latencyUs: number[];
  /** The median of each measured round, in cycle order: rounds of all copies in one cycle pair up. */
  readonly roundMedians: number[];
  cpuUs: number;
}

/** `count` sequential round trips; recorded into `into` unless it is undefined (warm-up). */
async function measure(target: Target, count: number, into: Samples | undefined): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const round: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = process.hrtime.bigint();
    const response = await fetch(target.url, { headers: target.headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET ${target.url} answered ${response.status}`);
    round.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  const cpu = process.cpuUsage(cpuBefore);
  if (into === undefined) return;
  into.cpuUs += cpu.user + cpu.system;
  into.latencyUs.push(...round);
  into.roundMedians.push(percentile(round, 50));
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;
const pct = (a: number, b: number): number => round1(((a - b) / b) * 100);
const percentiles = (s: readonly number[]) => ({ median: round1(percentile(s, 50)), p95: round1(percentile(s, 95)), p99: round1(percentile(s, 99)) });

/**
 * The paired estimate: per cycle, `copy`'s round median against the plain copy's round median of
 * the same cycle (measured moments apart), as a %; the median over cycles. Robust to the load
 * drifting during the run, which shifts both rounds of a cycle alike.
 */
export function pairedPercent(copy: Samples, plain: Samples): number {
  return round1(percentile(copy.roundMedians.map((m, i) => ((m - plain.roundMedians[i]!) / plain.roundMedians[i]!) * 100), 50));
}

export type Copy = 'plain' | 'traced' | 'control' | 'shimsOnly';

/**
 * Rounds of ROUND requests on each copy in turn, the order rotating every cycle so no copy always
 * follows the same one (a GC or a neighbour's burst then lands on each alike). Copies: plain,
 * traced, control (a second plain copy: its difference from plain is the noise floor, an A/A
 * test) and shimsOnly (the shims over a non-recording tracer: propagation, attributes and the
 * context switch without the SDK's spans), so the overhead splits into shims and SDK.
 * CPU per request is the whole process's CPU during a copy's rounds: the traced copy's includes
 * the batch processor's exports (span conversion, protobuf, the HTTP post) that fell in them.
 */
export async function compare(copies: Readonly<Record<Copy, Target>>, requests: number, warmup: number) {
  const names = Object.keys(copies) as Copy[];
  const samples = await interleave(copies, requests, warmup);
  const at = Object.fromEntries(names.map((n) => [n, percentiles(samples[n].latencyUs)])) as Record<Copy, ReturnType<typeof percentiles>>;
  const cpu = (s: Samples) => Math.round(s.cpuUs / s.latencyUs.length);
  const vsPlain = (n: Copy) => ({ median: pct(at[n].median, at.plain.median), p95: pct(at[n].p95, at.plain.p95), p99: pct(at[n].p99, at.plain.p99), pairedMedian: pairedPercent(samples[n], samples.plain) });
  return {
    without: at.plain,
    with: at.traced,
    overheadPercent: vsPlain('traced'),
    addedMedianUs: round1(at.traced.median - at.plain.median),
    cpuUsPerRequest: { without: cpu(samples.plain), with: cpu(samples.traced), overheadPercent: pct(cpu(samples.traced), cpu(samples.plain)), addedUs: cpu(samples.traced) - cpu(samples.plain) },
    shimsOnly: { latency: at.shimsOnly, overheadPercent: vsPlain('shimsOnly'), cpuOverheadPercent: pct(cpu(samples.shimsOnly), cpu(samples.plain)) },
    noiseFloor: { ...vsPlain('control'), cpuPercent: pct(cpu(samples.control), cpu(samples.plain)) },
  };
}

/** The rotating rounds of `compare`, over any set of copies. */
export async function interleave<N extends string>(copies: Readonly<Record<N, Target>>, requests: number, warmup: number): Promise<Record<N, Samples>> {
  const names = Object.keys(copies) as N[];
  const samples = Object.fromEntries(names.map((n) => [n, { latencyUs: [], roundMedians: [], cpuUs: 0 }])) as unknown as Record<N, Samples>;
  for (let done = 0, cycle = 0; done < warmup + requests; done += ROUND, cycle += 1) {
    const shift = cycle % names.length;
    for (const name of [...names.slice(shift), ...names.slice(0, shift)]) await measure(copies[name], ROUND, done >= warmup ? samples[name] : undefined);
  }
  return samples;
}
