/**
 * The shape of `npm run bench`'s one JSON report (bench/results/<date>-<quick|full>.json), and of
 * what the runner hands the report writer. Schema `hoptrace-bench/1`; documented in bench/README.md.
 */
import type { AllocationShare, LayerShare } from './profile-layers.js';

export interface LatencyMs {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** One measured (or skipped) scenario, flattened from a component benchmark's own JSON. */
export interface ScenarioRow {
  /** Stable id, e.g. `collector/in-process/protobuf`. */
  readonly id: string;
  /** The scenario number: 1 ceiling, 2 hoptrace pipelines, 3 peers, 4 readiness, 5 query, 6 alerts. */
  readonly group: 1 | 2 | 3 | 4 | 5 | 6;
  readonly title: string;
  /** Accepted (or decoded, or ingested) spans per wall-clock second; null where not a rate. */
  readonly spansPerS: number | null;
  /** Per request (load), per query, or per flow/alert; null where not measured. */
  readonly latencyMs: LatencyMs | null;
  /** CPU seconds of the process doing the work per million spans; null where not measured. */
  readonly cpuSecondsPerMillionSpans: number | null;
  /** Peak resident memory of the process doing the work, MiB; null where not measured. */
  readonly peakMemoryMiB: number | null;
  /** Why the scenario did not run (peer not buildable, broker absent, benchmark failed). */
  readonly skipped?: string;
  readonly note?: string;
}

/** One goal of issue 7, measured in this run. */
export interface GoalRow {
  readonly goal: string;
  /** e.g. `>= 1.0` or `<= 2 ms`. */
  readonly target: string;
  /** The measured value (a ratio or milliseconds), null when its inputs were skipped. */
  readonly actual: number | null;
  /** Same comparison on CPU seconds instead of wall-clock, where it applies. */
  readonly cpuNormalised?: number | null;
  readonly met: boolean | null;
  /** What was divided by what, or where the number comes from. */
  readonly basis: string;
}

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly hostname: string;
  /** 1-minute load average when the run started and when it ended: the shared machine's noise. */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

export interface PayloadShape {
  readonly spansPerRequest: number | null;
  readonly attributesPerSpan: number | null;
  readonly bytesPerSpan: { readonly json: number | null; readonly protobuf: number | null };
  readonly analyzerSpansPerFlow: number | null;
}

/** One component benchmark run as a child process. */
export interface ChildRun {
  readonly command: string;
  readonly seconds: number;
  /** The child's own CPU seconds and peak RSS (getrusage via bench/report-usage.ts). */
  readonly usage: { readonly cpuS: number; readonly maxRssMiB: number } | null;
  /** The JSON it printed; absent when it failed. */
  readonly output?: unknown;
  readonly error?: string;
  /** With `--profile`: the CPU of its profiled threads by hoptrace layer (profile-layers.ts). */
  readonly profileLayers?: readonly LayerShare[];
  /** With `--alloc`: the bytes its threads allocated by hoptrace layer (alloc-sampling.ts, profile-layers.ts). */
  readonly allocationLayers?: readonly AllocationShare[];
}

export interface BenchReport {
  readonly schema: 'hoptrace-bench/1';
  readonly date: string;
  readonly mode: 'quick' | 'full';
  readonly seconds: number;
  readonly machine: Machine;
  readonly payload: PayloadShape;
  readonly scenarios: readonly ScenarioRow[];
  readonly goals: readonly GoalRow[];
  /** Every child benchmark's raw JSON, keyed by name (`collector`, `analyzer`, `jaeger`, …). */
  readonly runs: Readonly<Record<string, ChildRun>>;
}
