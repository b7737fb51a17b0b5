import { describe, expect, it } from 'vitest';
import { buildReport, formatReport } from './report.js';
import type { ReportParts } from './report.js';
import { parseOutput } from './report-child-run.js';
import { parseUsage, usageLine } from './report-usage-line.js';

const load = (spansPerS: number, statuses: Record<string, number> = { 200: 10 }) => ({ statuses, acceptedSpansPerS: spansPerS, latencyMs: { p50: 1, p95: 2, p99: 3 } });
const pct = (p99: number) => ({ count: 10, p50: p99 / 4, p95: p99 / 2, p99 });

const collector = {
  payload: { spansPerRequest: 100, attributesPerSpan: 20, bytesPerSpan: { json: 1800, protobuf: 800 } },
  ceilings: { jsonParse: { spansPerS: 100_000, spansPerCpuS: 125_000 }, protobufjsDecode: { spansPerS: 80_000, spansPerCpuS: 100_000 }, hoptraceJsonDecode: { spansPerS: 50_000, spansPerCpuS: 60_000 }, hoptraceProtoDecode: { spansPerS: 70_000, spansPerCpuS: 90_000 } },
  scenarios: [
    { pipeline: 'in-process', encoding: 'protobuf', load: load(60_000), collectorCpuS: 1, cpuSecondsPerMillionSpans: 20, peakRssMiB: 150, ratioToCeiling: 0.75, cpuRatioToCeiling: 0.5, runsSpansPerS: [58_000, 60_000, 61_500] },
    { pipeline: 'in-process', encoding: 'protobuf', offeredRequestsPerS: 100, load: load(10_000), collectorCpuS: 0.5, cpuSecondsPerMillionSpans: 15, peakRssMiB: 120, ratioToCeiling: 0.12, cpuRatioToCeiling: 0.7 },
    { pipeline: 'in-process', encoding: 'json', load: load(40_000), collectorCpuS: 1, cpuSecondsPerMillionSpans: 25, peakRssMiB: 160, ratioToCeiling: 0.4, cpuRatioToCeiling: 0.32 },
    { pipeline: 'overload', encoding: 'protobuf', load: load(10_000, { 200: 5, 429: 7 }), collectorCpuS: 1, cpuSecondsPerMillionSpans: 30, peakRssMiB: 200, ratioToCeiling: 0.1, cpuRatioToCeiling: 0.1 },
  ],
};
const analyzer = {
  payload: { spansPerFlow: 26 },
  query: { storedSpans: 1_040_000, httpGetFlowMs: pct(1.5), inProcessGetFlowMs: pct(0.2), bareSqliteSpansOfRequestMs: pct(0.1), bareSqliteFlowRowMs: pct(0.1) },
  ready: { concurrentBoots: 200, readyAfterLastSpanMs: pct(2400) },
  ingest: { spans: 52_000, endToEndSpansPerSecond: 24_000, cpuSecondsPerMillionSpans: 40 },
  search: { storedFlows: 2000, inFlightFlows: 2000, flowsMs: pct(8), tracesMs: pct(30), afterBurst: { bursts: 5, flowsMs: pct(400), loopHeldMs: { count: 5, p50: 3, p95: 9, p99: 9, max: 9 } } },
  beyondCap: { flows: 4000, maxInFlightFlows: 2000, spans: 104_000, completedEarly: 2000, consumeSpansPerSecond: 30_000, cpuSecondsPerMillionSpans: 35 },
};
const jaeger = { peer: 'jaeger-v2', scenarios: [{ encoding: 'protobuf', load: load(50_000), cpuSecondsPerMillionSpans: 16, spansPerCpuS: 62_500, peakRssMiB: 300 }] };

function parts(runs: ReportParts['runs'], skipped: Record<string, string> = {}): ReportParts {
  const machine = { cpuModel: 'Test CPU', cores: 2, memoryGiB: 8, node: 'v20.0.0', platform: 'linux', hostname: 'bench', loadAverage: { start: 1, end: 2 } };
  return { date: '2026-01-01T00:00:00.000Z', mode: 'full', seconds: 60, machine, runs, skipped };
}

const ok = (output: unknown) => ({ command: 'node bench/x.ts', seconds: 1, usage: { cpuS: 1, maxRssMiB: 100 }, output });

describe('bench report', () => {
  const report = buildReport(parts({
    collector: ok(collector),
    analyzer: ok(analyzer),
    pipeline: ok({ scenarios: [{ pipeline: 'embedded', load: load(30_000), endToEndSpansPerS: 33_000, cpuSecondsPerMillionSpans: 45, peakRssMiB: 180, writtenBytesPerSpan: 5_650, storedBytesPerSpan: 1_410, runsSpansPerS: [31_000, 33_000, 35_500] }, { pipeline: 'alerting', load: load(28_000), endToEndSpansPerS: 30_000, cpuSecondsPerMillionSpans: 50, peakRssMiB: 190, writtenBytesPerSpan: 5_650, storedBytesPerSpan: 1_410 }, { pipeline: 'threaded', load: load(33_000), endToEndSpansPerS: 36_000, cpuSecondsPerMillionSpans: 50, peakRssMiB: 200, writtenBytesPerSpan: 5_700, storedBytesPerSpan: 1_420 }, { pipeline: 'unstored', load: load(45_000), endToEndSpansPerS: 48_000, cpuSecondsPerMillionSpans: 25, peakRssMiB: 300, writtenBytesPerSpan: null, storedBytesPerSpan: null }] }),
    alerts: ok({ scripted: { flows: 150, latencyMs: pct(80) }, pipeline: { boots: 5, latencyMs: pct(1200) } }),
    jaeger: ok(jaeger),
    otelcol: ok({ benchmark: 'otelcol', skipped: 'not built; run `bench/peers/otelcol.sh build`' }),
  }, { kafka: 'no Kafka broker' }));

  it('carries the documented top-level shape with the machine and the payload', () => {
    expect(report.schema).toBe('hoptrace-bench/1');
    expect(report.mode).toBe('full');
    expect(report.machine.cpuModel).toBe('Test CPU');
    expect(report.payload).toEqual({ spansPerRequest: 100, attributesPerSpan: 20, bytesPerSpan: { json: 1800, protobuf: 800 }, analyzerSpansPerFlow: 26 });
    expect(Object.keys(report.runs)).toEqual(['collector', 'analyzer', 'pipeline', 'alerts', 'jaeger', 'otelcol']);
  });

  it('flattens every component into scenario rows grouped by the issue number', () => {
    const byId = new Map(report.scenarios.map((s) => [s.id, s]));
    expect(byId.get('ceiling/protobufjs-decode')).toMatchObject({ group: 1, spansPerS: 80_000, cpuSecondsPerMillionSpans: 10 });
    expect(byId.get('collector/in-process/protobuf')).toMatchObject({ group: 2, spansPerS: 60_000, latencyMs: { p50: 1, p95: 2, p99: 3 }, cpuSecondsPerMillionSpans: 20, peakMemoryMiB: 150 });
    expect(byId.get('collector/in-process/protobuf/fixed-rate')?.title).toContain('fixed 100 req/s offered');
    expect(byId.get('collector/in-process/protobuf')?.note).toBe('median of 3 runs (58000–61500)');
    expect(byId.get('collector/in-process/json')?.note).toBeUndefined();
    expect(byId.get('collector/overload/protobuf')?.note).toBe('answers besides 200: 7×429');
    expect(byId.get('collector/kafka')?.skipped).toBe('no Kafka broker');
    expect(byId.get('pipeline/embedded')).toMatchObject({ group: 2, spansPerS: 33_000, cpuSecondsPerMillionSpans: 45, peakMemoryMiB: 180 });
    expect(byId.get('pipeline/unstored')).toMatchObject({ group: 2, spansPerS: 48_000, cpuSecondsPerMillionSpans: 25 });
    expect(byId.get('pipeline/alerting')).toMatchObject({ group: 2, spansPerS: 30_000, title: 'the same with alerting attached, as npm start runs it, OTLP/protobuf' });
    expect(byId.get('pipeline/embedded')?.note).toBe('median of 3 runs (31000–35500); spans/s until the analyzer has taken every span; 5.7 kB written per span for 1.4 kB stored');
    expect(byId.get('pipeline/unstored')?.note).toBe('spans/s until the analyzer has taken every span');
    expect(byId.get('pipeline/unstored')?.title).toContain('discards every write');
    expect(byId.get('pipeline/threaded')).toMatchObject({ group: 2, spansPerS: 36_000, cpuSecondsPerMillionSpans: 50 });
    expect(byId.get('pipeline/threaded')?.title).toContain('writer');
    expect(byId.get('pipeline/kafka')?.skipped).toBe('no Kafka broker');
    expect(byId.get('jaeger/protobuf')).toMatchObject({ group: 3, spansPerS: 50_000, peakMemoryMiB: 300 });
    expect(byId.get('otelcol')?.skipped).toContain('otelcol.sh build');
    expect(byId.get('ready')?.latencyMs?.p95).toBe(1200);
    expect(byId.get('analyzer/ingest-beyond-cap')).toMatchObject({ group: 2, spansPerS: 30_000, cpuSecondsPerMillionSpans: 35, note: '4000 flows that never complete by time; 2000 completed early by the limit' });
    expect(byId.get('analyzer/ingest-beyond-cap')?.title).toContain('(2000 flows)');
    expect(byId.get('search/flows')).toMatchObject({ group: 5, latencyMs: { p99: 8 } });
    expect(byId.get('search/traces')?.title).toBe('GET /api/traces?service=nova-api&limit=20 (Jaeger) with 2000 flows in flight and 2000 stored, fetch client in process');
    expect(byId.get('search/after-burst')).toMatchObject({ group: 5, latencyMs: { p99: 400 }, note: 'event loop held 3 ms at the median, 9 at most while answering' });
    expect(byId.get('query/1040k/http')?.latencyMs?.p99).toBe(1.5);
    expect(byId.get('alerts/pipeline')?.group).toBe(6);
    expect([...report.scenarios.map((s) => s.group)]).toEqual([...report.scenarios.map((s) => s.group)].sort());
  });

  it('measures each goal against its peer or ceiling from the same run', () => {
    const goal = (prefix: string) => report.goals.find((g) => g.goal.startsWith(prefix))!;
    expect(goal('collector ingest, OTLP/protobuf, one core, vs Jaeger')).toMatchObject({ actual: 1.2, cpuNormalised: 0.8, met: true });
    expect(goal('collector ingest, OTLP/protobuf, one core, vs OpenTelemetry')).toMatchObject({ actual: null, met: null });
    expect(goal('collector ingest, OTLP/JSON')).toMatchObject({ actual: 0.4, met: false });
    expect(goal('flow ready')).toMatchObject({ actual: 1200, met: true });
    expect(goal('alert after the violating span through')).toMatchObject({ actual: 1200, met: false });
    expect(goal('GET /api/flows')).toMatchObject({ actual: 1.5, met: true });
    expect(goal('embedded pipeline')).toMatchObject({ actual: 0.55, met: true });
    expect(goal('embedded pipeline').basis).toContain('discards every write reaches 0.8');
    expect(goal('embedded pipeline').basis).toContain("with the store's writer thread: 0.6");
    expect(goal('memory bounded')).toMatchObject({ actual: 7, met: true });
  });

  it('leaves the flow-lookup goal unknown when fewer spans were stored than it is stated at', () => {
    const quick = buildReport(parts({ analyzer: ok({ ...analyzer, query: { ...analyzer.query, storedSpans: 104_000, httpGetFlowMs: pct(2.5) } }) }));
    const row = quick.goals.find((g) => g.goal.startsWith('GET /api/flows'))!;
    expect(row).toMatchObject({ actual: 2.5, met: null });
    expect(row.goal).toContain('104k stored spans');
    expect(row.basis).toContain('unknown below 1M stored spans');
  });

  it('adds the extras\' goals only when their benchmarks ran', () => {
    expect(report.goals.some((g) => g.goal.startsWith('oslo.log'))).toBe(false);
    const full = buildReport(parts({
      logs: ok({ stages: { 'parse+group': { medianLinesPerSecond: 150_000, medianLinesPerCpuSecond: 300_000 } } }),
      'instrumentation-overhead': ok({ scenarios: { hop: { overheadPercent: { median: 3.5 }, cpuUsPerRequest: { overheadPercent: 6 } } } }),
    }));
    expect(full.goals.find((g) => g.goal.startsWith('oslo.log'))).toMatchObject({ actual: 150_000, cpuNormalised: 300_000, met: false });
    expect(full.goals.find((g) => g.goal.includes('hop round trip'))).toMatchObject({ actual: 3.5, cpuNormalised: 6, met: true });
  });

  it('marks a failed child as skipped with its error instead of inventing numbers', () => {
    const failed = buildReport(parts({ analyzer: { command: 'node bench/analyzer.ts', seconds: 3, usage: null, error: 'exit 1: boom' } }));
    expect(failed.scenarios.find((s) => s.id === 'ready')?.skipped).toBe('failed: exit 1: boom');
    expect(failed.goals.every((g) => g.met === null)).toBe(true);
  });

  it('renders the scenarios and goals as tables', () => {
    const text = formatReport(report);
    expect(text).toContain('machine: Test CPU, 2 cores, 8 GiB, node v20.0.0');
    expect(text).toMatch(/jaeger-v2, OTLP\/protobuf\s+50000\s+1\s+2\s+3\s+16\s+300/);
    expect(text).toMatch(/vs Jaeger v2\s+>= 1\.0\s+1\.2\s+0\.8\s+yes/);
    expect(text).toContain('skipped: no Kafka broker');
  });
});

describe('child output', () => {
  it('reads JSON printed after other lines and the usage line among stderr noise', () => {
    expect(parseOutput('warming up\n{\n  "a": 1\n}\n')).toEqual({ a: 1 });
    expect(() => parseOutput('nothing here')).toThrow('printed no JSON');
    expect(parseUsage(`noise\n${usageLine({ cpuS: 1.234, maxRssMiB: 99.6 })}\n`)).toEqual({ cpuS: 1.23, maxRssMiB: 100 });
    expect(parseUsage('killed')).toBeNull();
  });
});
