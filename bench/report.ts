/**
 * Builds `npm run bench`'s one JSON report from the component benchmarks' outputs, and renders it
 * as a readable table. Pure: the runner (bench/run.ts) gathers the inputs and writes the file.
 */
import type { AlertsOut, AnalyzerOut, CollectorOut, InstrumentationOut, LogsOut, PeerOut, PipelineOut } from './report-inputs.js';
import { goalRows } from './report-goals.js';
import { scenarioRows } from './report-rows.js';
import type { RowInputs } from './report-rows.js';
import type { BenchReport, ChildRun, Machine } from './report-types.js';

export interface ReportParts {
  readonly date: string;
  readonly mode: BenchReport['mode'];
  readonly seconds: number;
  readonly machine: Machine;
  /** Child runs by name: collector, analyzer, analyzer-100k, alerts, jaeger, otelcol, and extras. */
  readonly runs: Readonly<Record<string, ChildRun>>;
  /** Reasons for scenarios left out before any child ran (e.g. `kafka`: no broker). */
  readonly skipped: Readonly<Record<string, string>>;
}

function rowInputs(parts: ReportParts): RowInputs {
  const skipped: Record<string, string> = { ...parts.skipped };
  const output = <T>(name: string): T | undefined => {
    const run = parts.runs[name];
    if (run === undefined) {
      skipped[name] ??= 'not run';
      return undefined;
    }
    if (run.error !== undefined) skipped[name] = `failed: ${run.error}`;
    return run.output as T | undefined;
  };
  return {
    collector: output<CollectorOut>('collector'),
    analyzer: output<AnalyzerOut>('analyzer'),
    ...(parts.runs['analyzer-100k'] === undefined ? {} : { analyzerSmall: output<AnalyzerOut>('analyzer-100k') }),
    alerts: output<AlertsOut>('alerts'),
    pipeline: output<PipelineOut>('pipeline'),
    jaeger: output<PeerOut>('jaeger'),
    otelcol: output<PeerOut>('otelcol'),
    ...(parts.runs.logs === undefined ? {} : { logs: output<LogsOut>('logs') }),
    ...(parts.runs['instrumentation-overhead'] === undefined ? {} : { instrumentation: output<InstrumentationOut>('instrumentation-overhead') }),
    skipped,
  };
}

export function buildReport(parts: ReportParts): BenchReport {
  const inputs = rowInputs(parts);
  const payload = inputs.collector?.payload;
  return {
    schema: 'hoptrace-bench/1',
    date: parts.date,
    mode: parts.mode,
    seconds: parts.seconds,
    machine: parts.machine,
    payload: {
      spansPerRequest: payload?.spansPerRequest ?? null,
      attributesPerSpan: payload?.attributesPerSpan ?? null,
      bytesPerSpan: { json: payload?.bytesPerSpan?.json ?? null, protobuf: payload?.bytesPerSpan?.protobuf ?? null },
      analyzerSpansPerFlow: inputs.analyzer?.payload?.spansPerFlow ?? null,
    },
    scenarios: scenarioRows(inputs),
    goals: goalRows(inputs),
    runs: parts.runs,
  };
}

/** A number for a table cell: whole above 100, one decimal above 10, else up to three significant digits. */
const cell = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : x >= 100 ? String(Math.round(x)) : Number.isInteger(x) ? String(x) : x >= 10 ? x.toFixed(1) : String(Number(x.toPrecision(3))));

/** Columns before `textColumns` are left-aligned text; the rest are right-aligned numbers. */
function table(header: readonly string[], rows: readonly (readonly string[])[], textColumns: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => r.map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The report as plain-text tables: machine and payload, scenarios, goals. */
export function formatReport(report: BenchReport): string {
  const m = report.machine;
  const p = report.payload;
  const head = [
    `hoptrace bench (${report.mode}) ${report.date}, ${report.seconds} s`,
    `machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}, ${m.platform}, load average ${m.loadAverage.start} → ${m.loadAverage.end}`,
    `payload: ${cell(p.spansPerRequest)} spans/request, ${cell(p.attributesPerSpan)} attributes/span, ${cell(p.bytesPerSpan.protobuf)} B/span protobuf, ${cell(p.bytesPerSpan.json)} B/span JSON; analyzer flows ${cell(p.analyzerSpansPerFlow)} spans`,
  ];
  const scenarios = table(
    ['#', 'scenario', 'spans/s', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU s/M spans', 'peak MiB'],
    report.scenarios.map((s) => (s.skipped !== undefined
      ? [String(s.group), `${s.title} — skipped: ${s.skipped}`, '', '', '', '', '', '']
      : [String(s.group), s.title, cell(s.spansPerS), cell(s.latencyMs?.p50), cell(s.latencyMs?.p95), cell(s.latencyMs?.p99), cell(s.cpuSecondsPerMillionSpans), cell(s.peakMemoryMiB)])),
    2,
  );
  const goals = table(
    ['goal', 'target', 'actual', 'per CPU', 'met'],
    report.goals.map((g) => [g.goal, g.target, cell(g.actual), cell(g.cpuNormalised), g.met === null ? 'unknown' : g.met ? 'yes' : 'NO']),
    2,
  );
  return [...head, '', scenarios, '', goals, ''].join('\n');
}
