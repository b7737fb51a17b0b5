/**
 * Flattens the component benchmarks' JSON into the report's scenario rows, in the issue's order:
 * 1 decode-only ceilings, 2 hoptrace pipelines, 3 peers, 4 flow readiness, 5 query, 6 alerts.
 * A child that failed or was skipped yields rows with `skipped` set, never invented numbers.
 */
import type { AlertsOut, AnalyzerOut, CollectorOut, InstrumentationOut, LoadOut, LogsOut, PeerOut, PipelineOut, PercentilesOut, RateOut } from './report-inputs.js';
import type { LatencyMs, ScenarioRow } from './report-types.js';

/** The outputs the rows are built from; `undefined` (with a reason in `skipped`) when a child did not produce one. */
export interface RowInputs {
  readonly collector?: CollectorOut;
  readonly analyzer?: AnalyzerOut;
  /** The analyzer run at the other store size (full runs measure both 100k and 1M spans). */
  readonly analyzerSmall?: AnalyzerOut;
  readonly alerts?: AlertsOut;
  /** Receive → reconstruct → store: embedded, and through Kafka (bench/pipeline.ts). */
  readonly pipeline?: PipelineOut;
  readonly jaeger?: PeerOut;
  readonly otelcol?: PeerOut;
  /** Extras of the full run: log ingest (issue 9) and the tracing shims' overhead (issue 3). */
  readonly logs?: LogsOut;
  readonly instrumentation?: InstrumentationOut;
  /** Why each missing input is missing, by name. */
  readonly skipped: Readonly<Record<string, string>>;
}

const latency = (p: PercentilesOut | LoadOut['latencyMs'] | undefined): LatencyMs | null => (p === undefined ? null : { p50: p.p50, p95: p.p95, p99: p.p99 });
const cpuPerMillion = (rate: RateOut | undefined): number | null => (rate?.spansPerCpuS === undefined || rate.spansPerCpuS === 0 ? null : Math.round((1e6 / rate.spansPerCpuS) * 100) / 100);

/**
 * What a pipeline row's rate means (a median, where it ran more than once), and the bytes it
 * wrote per span against those it kept.
 */
function pipelineNote(s: NonNullable<PipelineOut['scenarios']>[number]): string {
  const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
  const written = s.writtenBytesPerSpan ?? undefined;
  const stored = s.storedBytesPerSpan ?? undefined;
  const io = written === undefined ? undefined : `${kb(written)} written per span${stored === undefined ? '' : ` for ${kb(stored)} stored`}`;
  return noteOf([medianNote(s.runsSpansPerS), 'spans/s until the analyzer has taken every span', io]);
}

/** `median of 3 runs (min–max)` for a scenario that ran more than once. */
function medianNote(runs: readonly number[] = []): string | undefined {
  return runs.length > 1 ? `median of ${runs.length} runs (${Math.min(...runs)}–${Math.max(...runs)})` : undefined;
}

/** A row's note: its clauses that have something to say, joined by `; ` ('' when none do). */
function noteOf(clauses: readonly (string | undefined)[]): string {
  return clauses.filter((clause) => clause !== undefined).join('; ');
}

function skippedRow(id: string, group: ScenarioRow['group'], title: string, why: string): ScenarioRow {
  return { id, group, title, spansPerS: null, latencyMs: null, cpuSecondsPerMillionSpans: null, peakMemoryMiB: null, skipped: why };
}

function ceilingRows(inputs: RowInputs): ScenarioRow[] {
  const c = inputs.collector?.ceilings;
  const rows: [string, string, RateOut | undefined][] = [
    ['ceiling/json-parse', 'decode only: JSON.parse of the OTLP/JSON bodies', c?.jsonParse],
    ['ceiling/protobufjs-decode', 'decode only: protobufjs decode of the OTLP/protobuf bodies', c?.protobufjsDecode],
    ['ceiling/hoptrace-json-decode', 'hoptrace JSON decoder into Spans (flow key, validation)', c?.hoptraceJsonDecode],
    ['ceiling/hoptrace-proto-decode', 'hoptrace protobuf decoder into Spans (flow key, validation)', c?.hoptraceProtoDecode],
    ['ceiling/hoptrace-json-decode-in-process', 'hoptrace JSON decoder as the in-process path runs it (from the bytes, attribute maps on first read)', c?.hoptraceJsonDecodeInProcess],
    ['ceiling/hoptrace-proto-decode-in-process', 'hoptrace protobuf decoder as the in-process path runs it (attribute maps on first read)', c?.hoptraceProtoDecodeInProcess],
  ];
  return rows.map(([id, title, rate]) => (rate === undefined
    ? skippedRow(id, 1, title, inputs.skipped.collector ?? 'not in the collector benchmark output')
    : { id, group: 1, title, spansPerS: rate.spansPerS ?? null, latencyMs: null, cpuSecondsPerMillionSpans: cpuPerMillion(rate), peakMemoryMiB: null, note: 'one thread, same process, no I/O' }));
}

function collectorRows(inputs: RowInputs): ScenarioRow[] {
  const out = inputs.collector?.scenarios;
  if (out === undefined) return [skippedRow('collector', 2, 'hoptrace collector', inputs.skipped.collector ?? 'no output')];
  const titles: Record<string, string> = {
    'in-process': 'hoptrace collector → in-process hand-off (counting consumer)',
    kafka: 'hoptrace collector → Kafka exporter (real broker, acks=all)',
    overload: 'hoptrace collector overloaded (slow exporter, 4× connections)',
  };
  const rows: ScenarioRow[] = out.map((s) => {
    const statuses = s.load?.statuses ?? {};
    const refused = Object.entries(statuses).filter(([code]) => code !== '200').map(([code, n]) => `${n}×${code}`).join(' ');
    const fixed = (s.offeredRequestsPerS ?? 0) > 0;
    const note = noteOf([medianNote(s.runsSpansPerS), refused === '' ? undefined : `answers besides 200: ${refused}`]);
    return {
      id: `collector/${s.pipeline}/${s.encoding}${fixed ? '/fixed-rate' : ''}`,
      group: 2,
      title: `${titles[s.pipeline] ?? s.pipeline}, OTLP/${s.encoding}${fixed ? `, fixed ${s.offeredRequestsPerS} req/s offered` : ''}`,
      spansPerS: s.load?.acceptedSpansPerS ?? null,
      latencyMs: latency(s.load?.latencyMs),
      cpuSecondsPerMillionSpans: s.cpuSecondsPerMillionSpans ?? null,
      peakMemoryMiB: s.peakRssMiB ?? null,
      ...(note === '' ? {} : { note }),
    };
  });
  if (inputs.skipped.kafka !== undefined) rows.push(skippedRow('collector/kafka', 2, titles.kafka!, inputs.skipped.kafka));
  const pipelineTitles: Record<string, string> = {
    embedded: 'hoptrace embedded: collector → analyzer → SQLite, one process',
    alerting: 'the same with alerting attached, as npm start runs it',
    threaded: 'the same with the store written from its own thread (writerThread)',
    unstored: 'bound: the same with a store that discards every write (receive → reconstruct only)',
    kafka: 'hoptrace collector → Kafka → analyzer → SQLite (real broker)',
  };
  const pipelines = inputs.pipeline?.scenarios;
  if (pipelines === undefined) rows.push(skippedRow('pipeline', 2, 'hoptrace collector → analyzer → SQLite', inputs.skipped.pipeline ?? 'no output'));
  for (const s of pipelines ?? []) {
    rows.push({ id: `pipeline/${s.pipeline}`, group: 2, title: `${pipelineTitles[s.pipeline] ?? s.pipeline}, OTLP/protobuf`, spansPerS: s.endToEndSpansPerS ?? null, latencyMs: latency(s.load?.latencyMs), cpuSecondsPerMillionSpans: s.cpuSecondsPerMillionSpans ?? null, peakMemoryMiB: s.peakRssMiB ?? null, note: pipelineNote(s) });
  }
  if (pipelines !== undefined && inputs.skipped.kafka !== undefined) rows.push(skippedRow('pipeline/kafka', 2, pipelineTitles.kafka!, inputs.skipped.kafka));
  const ingest = inputs.analyzer?.ingest;
  rows.push(ingest === undefined
    ? skippedRow('analyzer/ingest', 2, 'analyzer ingest → reconstruct → store (SQLite)', inputs.skipped.analyzer ?? 'no output')
    : { id: 'analyzer/ingest', group: 2, title: 'analyzer ingest → reconstruct → store (SQLite), end to end', spansPerS: ingest.endToEndSpansPerSecond ?? null, latencyMs: null, cpuSecondsPerMillionSpans: ingest.cpuSecondsPerMillionSpans ?? null, peakMemoryMiB: null, note: `${ingest.spans ?? '?'} spans of scripted boots in 512-span batches` });
  const beyond = inputs.analyzer?.beyondCap;
  if (beyond !== undefined) {
    rows.push({ id: 'analyzer/ingest-beyond-cap', group: 2, title: `the same beyond the in-flight limit (${beyond.maxInFlightFlows ?? '?'} flows), spans taken`, spansPerS: beyond.consumeSpansPerSecond ?? null, latencyMs: null, cpuSecondsPerMillionSpans: beyond.cpuSecondsPerMillionSpans ?? null, peakMemoryMiB: null, note: `${beyond.flows ?? '?'} flows that never complete by time; ${beyond.completedEarly ?? '?'} completed early by the limit` });
  }
  return rows;
}

function peerRows(name: 'jaeger' | 'otelcol', title: string, inputs: RowInputs): ScenarioRow[] {
  const out = inputs[name];
  const why = out?.skipped ?? (out === undefined ? inputs.skipped[name] ?? 'no output' : undefined);
  if (why !== undefined || out?.scenarios === undefined) return [skippedRow(name, 3, title, why ?? 'no scenarios')];
  return out.scenarios.map((s) => ({
    id: `${name}/${s.encoding}`,
    group: 3,
    title: `${out.peer ?? title}, OTLP/${s.encoding}`,
    spansPerS: s.load?.acceptedSpansPerS ?? null,
    latencyMs: latency(s.load?.latencyMs),
    cpuSecondsPerMillionSpans: s.cpuSecondsPerMillionSpans ?? null,
    peakMemoryMiB: s.peakRssMiB ?? null,
  }));
}

function analyzerRows(inputs: RowInputs): ScenarioRow[] {
  const rows: ScenarioRow[] = [];
  const ready = inputs.analyzer?.ready;
  rows.push(ready?.readyAfterLastSpanMs === undefined
    ? skippedRow('ready', 4, 'flow ready after its last span, 200 concurrent boots', inputs.skipped.analyzer ?? 'no output')
    : { id: 'ready', group: 4, title: `flow ready after its last span, ${ready.concurrentBoots ?? '?'} concurrent boots`, spansPerS: null, latencyMs: latency(ready.readyAfterLastSpanMs), cpuSecondsPerMillionSpans: null, peakMemoryMiB: null });
  const sizes = [inputs.analyzerSmall, inputs.analyzer].filter((a): a is AnalyzerOut => a?.query !== undefined);
  if (sizes.length === 0) rows.push(skippedRow('query', 5, 'GET /api/flows/{id}', inputs.skipped.analyzer ?? 'no output'));
  for (const a of sizes) {
    const q = a.query!;
    const k = `${Math.round((q.storedSpans ?? 0) / 1000)}k`;
    const add = (id: string, title: string, p: PercentilesOut | undefined): void => {
      if (p !== undefined) rows.push({ id: `query/${k}/${id}`, group: 5, title: `${title} at ${k} stored spans`, spansPerS: null, latencyMs: latency(p), cpuSecondsPerMillionSpans: null, peakMemoryMiB: null });
    };
    add('http', 'GET /api/flows/{id} over HTTP from a client process', q.httpGetFlowMs);
    add('http-floor', 'HTTP floor: a bare node:http server answering one flow body, same client', q.httpFloorMs);
    add('http-same-process', 'GET /api/flows/{id} from a fetch client inside the analyzer process', q.httpSameProcessFetchMs);
    add('in-process', 'getFlow in process', q.inProcessGetFlowMs);
    add('bare-sqlite-spans', 'bare SQLite: spans of one request', q.bareSqliteSpansOfRequestMs);
    add('bare-sqlite-flow', 'bare SQLite: flow row by alias + JSON.parse', q.bareSqliteFlowRowMs);
  }
  const u = inputs.analyzer?.queryUnderIngest;
  if (u?.underIngest?.httpGetFlowMs !== undefined) {
    const k = `${Math.round((u.storedSpansBefore ?? 0) / 1000)}k`;
    const ingest = u.underIngest.ingest?.achievedSpansPerSecond;
    rows.push({ id: `query/${k}/under-ingest`, group: 5, title: `GET /api/flows/{id} at ${k} stored spans while ingesting ${ingest ?? '?'} spans/s`, spansPerS: ingest ?? null, latencyMs: latency(u.underIngest.httpGetFlowMs), cpuSecondsPerMillionSpans: u.underIngest.serverCpuSecondsPerMillionSpans ?? null, peakMemoryMiB: null });
  }
  const search = inputs.analyzer?.search;
  if (search !== undefined) {
    const flows = `${search.inFlightFlows ?? '?'} flows in flight and ${search.storedFlows ?? '?'} stored, fetch client in process`;
    rows.push({ id: 'search/flows', group: 5, title: `GET /api/flows?limit=20 with ${flows}`, spansPerS: null, latencyMs: latency(search.flowsMs), cpuSecondsPerMillionSpans: null, peakMemoryMiB: null });
    rows.push({ id: 'search/traces', group: 5, title: `GET /api/traces?service=nova-api&limit=20 (Jaeger) with ${flows}`, spansPerS: null, latencyMs: latency(search.tracesMs), cpuSecondsPerMillionSpans: null, peakMemoryMiB: null });
    const burst = search.afterBurst;
    if (burst !== undefined) {
      const held = burst.loopHeldMs === undefined ? '?' : `${burst.loopHeldMs.p50} ms at the median, ${burst.loopHeldMs.max ?? burst.loopHeldMs.p99} at most`;
      rows.push({ id: 'search/after-burst', group: 5, title: `the same right after one more span for each flow in flight, taken at full speed (${burst.bursts ?? '?'} bursts)`, spansPerS: null, latencyMs: latency(burst.flowsMs), cpuSecondsPerMillionSpans: null, peakMemoryMiB: null, note: `event loop held ${held} while answering` });
    }
  }
  return rows;
}

function alertRows(inputs: RowInputs): ScenarioRow[] {
  const a = inputs.alerts;
  if (a === undefined) return [skippedRow('alerts', 6, 'violating span → alert', inputs.skipped.alerts ?? 'no output')];
  const rows: ScenarioRow[] = [];
  if (a.scripted?.latencyMs !== undefined) rows.push({ id: 'alerts/scripted', group: 6, title: `violating span handed to the analyzer → alert (${a.scripted.flows ?? '?'} flows)`, spansPerS: null, latencyMs: latency(a.scripted.latencyMs), cpuSecondsPerMillionSpans: null, peakMemoryMiB: null });
  if (a.pipeline?.latencyMs !== undefined) rows.push({ id: 'alerts/pipeline', group: 6, title: `simulated cloud → OTLP → collector → analyzer → alert (${a.pipeline.boots ?? '?'} boots)`, spansPerS: null, latencyMs: latency(a.pipeline.latencyMs), cpuSecondsPerMillionSpans: null, peakMemoryMiB: null });
  return rows;
}

export function scenarioRows(inputs: RowInputs): ScenarioRow[] {
  return [
    ...ceilingRows(inputs),
    ...collectorRows(inputs),
    ...peerRows('jaeger', 'Jaeger v2 (memory storage)', inputs),
    ...peerRows('otelcol', 'OpenTelemetry Collector core (nop exporter)', inputs),
    ...analyzerRows(inputs),
    ...alertRows(inputs),
  ];
}
