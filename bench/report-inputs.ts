/**
 * The parts of each component benchmark's JSON that the report reads, as the benchmarks print them
 * (bench/collector.ts, bench/analyzer.ts, bench/alerts.ts, bench/jaeger.ts, bench/otelcol.ts).
 * Everything is optional: a child that failed or changed shape yields a skipped row, not a crash.
 */

export interface RateOut {
  readonly spansPerS?: number;
  readonly spansPerCpuS?: number;
}

export interface LoadOut {
  readonly statuses?: Readonly<Record<string, number>>;
  readonly acceptedSpansPerS?: number;
  readonly latencyMs?: { readonly p50: number; readonly p95: number; readonly p99: number };
}

export interface CollectorOut {
  readonly payload?: { readonly spansPerRequest?: number; readonly attributesPerSpan?: number; readonly bytesPerSpan?: { readonly json?: number; readonly protobuf?: number } };
  readonly ceilings?: { readonly jsonParse?: RateOut; readonly protobufjsDecode?: RateOut; readonly hoptraceJsonDecode?: RateOut; readonly hoptraceProtoDecode?: RateOut; readonly hoptraceJsonDecodeInProcess?: RateOut; readonly hoptraceProtoDecodeInProcess?: RateOut };
  readonly scenarios?: readonly {
    readonly pipeline: string;
    readonly encoding: string;
    /** 0 or absent: saturation; otherwise the fixed offered rate in requests/s. */
    readonly offeredRequestsPerS?: number;
    readonly load?: LoadOut;
    readonly collectorCpuS?: number;
    readonly cpuSecondsPerMillionSpans?: number;
    readonly peakRssMiB?: number;
    readonly ratioToCeiling?: number;
    readonly cpuRatioToCeiling?: number;
    /** Spans/s of every run, when the scenario ran more than once (the other fields are the median run's). */
    readonly runsSpansPerS?: readonly number[];
  }[];
}

export interface PercentilesOut {
  readonly count?: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max?: number;
}

export interface AnalyzerOut {
  readonly payload?: { readonly spansPerFlow?: number };
  readonly query?: { readonly storedSpans?: number; readonly httpGetFlowMs?: PercentilesOut; readonly httpFloorMs?: PercentilesOut; readonly httpSameProcessFetchMs?: PercentilesOut; readonly inProcessGetFlowMs?: PercentilesOut; readonly bareSqliteSpansOfRequestMs?: PercentilesOut; readonly bareSqliteFlowRowMs?: PercentilesOut };
  readonly queryUnderIngest?: {
    readonly storedSpansBefore?: number;
    readonly idle?: { readonly httpGetFlowMs?: PercentilesOut };
    readonly underIngest?: { readonly httpGetFlowMs?: PercentilesOut; readonly ingest?: { readonly achievedSpansPerSecond?: number }; readonly serverCpuSecondsPerMillionSpans?: number };
  };
  readonly ready?: { readonly concurrentBoots?: number; readonly spans?: number; readonly readyAfterLastSpanMs?: PercentilesOut };
  readonly ingest?: { readonly spans?: number; readonly consumeSpansPerSecond?: number; readonly endToEndSpansPerSecond?: number; readonly cpuSecondsPerMillionSpans?: number };
  readonly search?: {
    readonly storedFlows?: number; readonly inFlightFlows?: number; readonly flowsMs?: PercentilesOut; readonly tracesMs?: PercentilesOut;
    readonly afterBurst?: { readonly bursts?: number; readonly flowsMs?: PercentilesOut; readonly loopHeldMs?: PercentilesOut };
  };
  readonly beyondCap?: { readonly flows?: number; readonly maxInFlightFlows?: number; readonly spans?: number; readonly completedEarly?: number; readonly consumeSpansPerSecond?: number; readonly cpuSecondsPerMillionSpans?: number };
}

export interface AlertsOut {
  readonly scripted?: { readonly flows?: number; readonly latencyMs?: PercentilesOut };
  readonly pipeline?: { readonly boots?: number; readonly latencyMs?: PercentilesOut };
}

export interface PeerOut {
  readonly peer?: string;
  readonly skipped?: string;
  readonly scenarios?: readonly {
    readonly encoding: string;
    readonly load?: LoadOut;
    readonly cpuSecondsPerMillionSpans?: number;
    readonly spansPerCpuS?: number;
    readonly peakRssMiB?: number;
  }[];
}

export interface LogsOut {
  readonly stages?: { readonly 'parse+group'?: { readonly medianLinesPerSecond?: number; readonly medianLinesPerCpuSecond?: number } };
}

export interface InstrumentationOut {
  readonly scenarios?: Readonly<Record<string, { readonly overheadPercent?: { readonly median?: number }; readonly cpuUsPerRequest?: { readonly overheadPercent?: number } }>>;
}

export interface PipelineOut {
  readonly scenarios?: readonly {
    readonly pipeline: string;
    readonly load?: LoadOut;
    readonly endToEndSpansPerS?: number;
    readonly cpuSecondsPerMillionSpans?: number;
    readonly peakRssMiB?: number;
    /** Bytes passed to write(2) per span (WAL, checkpoint), the load generator's left out. */
    readonly writtenBytesPerSpan?: number | null;
    /** Database file size per span after shutdown. */
    readonly storedBytesPerSpan?: number | null;
    /** Spans/s of every run, when the pipeline ran more than once (the other fields are the median run's). */
    readonly runsSpansPerS?: readonly number[];
  }[];
}
