/**
 * The collector's self-telemetry: counters and gauges, read as a flat record (`metrics()`) or as
 * Prometheus text exposition (`GET /metrics`). A series is named like Prometheus names it,
 * labels included: `hoptrace_collector_spans_rejected_total{reason="invalid_trace_id"}`.
 */

/** Every metric family, with its type and help text. */
export const METRIC_FAMILIES = {
  hoptrace_collector_requests_total: ['counter', 'Export requests answered, by HTTP status code.'],
  hoptrace_collector_requests_refused_total: ['counter', 'Export requests answered with 4xx/5xx, by reason.'],
  hoptrace_collector_spans_received_total: ['counter', 'Spans decoded from export requests.'],
  hoptrace_collector_spans_accepted_total: ['counter', 'Spans acknowledged to the sender (exported downstream).'],
  hoptrace_collector_spans_rejected_total: ['counter', 'Spans rejected as invalid and reported in partial_success, by reason.'],
  hoptrace_collector_spans_refused_total: ['counter', 'Valid spans refused with 429/503 (the sender retries them), by reason.'],
  hoptrace_collector_spans_exported_total: ['counter', 'Spans handed to the exporter and acknowledged by it.'],
  hoptrace_collector_export_retries_total: ['counter', 'Export attempts retried after a retryable failure.'],
  hoptrace_collector_queue_spans: ['gauge', 'Spans accepted by the receiver and not yet acknowledged by the exporter.'],
  hoptrace_collector_receiver_bytes_in_flight: ['gauge', 'Request body bytes the receiver holds now (received and decompressed).'],
  hoptrace_collector_queue_capacity_spans: ['gauge', 'Most spans the queue holds before refusing requests.'],
} as const;

export type MetricFamily = keyof typeof METRIC_FAMILIES;

export class CollectorMetrics {
  readonly #counters = new Map<string, number>();
  readonly #gauges = new Map<string, () => number>();

  /** Adds `value` to a counter series; series appear at their first add. */
  add(family: MetricFamily, value = 1, labels?: Readonly<Record<string, string>>): void {
    const series = seriesName(family, labels);
    this.#counters.set(series, (this.#counters.get(series) ?? 0) + value);
  }

  /** Registers a gauge read at snapshot time. */
  gauge(family: MetricFamily, read: () => number): void {
    this.#gauges.set(family, read);
  }

  /** Every series and its current value. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [series, value] of this.#counters) out[series] = value;
    for (const [series, read] of this.#gauges) out[series] = read();
    return out;
  }

  /** Prometheus text exposition format 0.0.4. */
  prometheus(): string {
    const snapshot = this.snapshot();
    const lines: string[] = [];
    for (const [family, [type, help]] of Object.entries(METRIC_FAMILIES)) {
      lines.push(`# HELP ${family} ${help}`, `# TYPE ${family} ${type}`);
      for (const [series, value] of Object.entries(snapshot)) {
        if (series === family || series.startsWith(`${family}{`)) lines.push(`${series} ${value}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}

function seriesName(family: string, labels?: Readonly<Record<string, string>>): string {
  if (labels === undefined) return family;
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`);
  return `${family}{${pairs.join(',')}}`;
}
