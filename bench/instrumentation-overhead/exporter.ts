import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ExportResult } from '@opentelemetry/core';

/** Time spent in the exporter's synchronous part, where spans are read, converted and serialised. */
export interface ExportTime {
  calls: number;
  spans: number;
  /** Wall µs inside `export()` before it returned (the HTTP post continues asynchronously). */
  us: number;
}

/**
 * The real OTLP/HTTP protobuf exporter (the one `createTracing` uses by default) to `url`, timed:
 * every span is read and serialised to the bytes a collector would receive, on the same thread
 * as the requests. The batch processor calls it on its own timer, so that work lands in whichever
 * copy's round is running; `time` says how much there was, to count it against the traced copy.
 */
export function timedOtlpExporter(url: string): { exporter: SpanExporter; time: ExportTime } {
  const inner = new OTLPTraceExporter({ url });
  const time: ExportTime = { calls: 0, spans: 0, us: 0 };
  const exporter: SpanExporter = {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
      const started = performance.now();
      try {
        inner.export(spans, done);
      } finally {
        time.calls += 1;
        time.spans += spans.length;
        time.us += (performance.now() - started) * 1000;
      }
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush(),
  };
  return { exporter, time };
}
