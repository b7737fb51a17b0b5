import type { SpanConsumer } from '../../core/consumer.js';
import { fanOut } from '../../core/consumer.js';
import type { Exporter } from '../exporter/exporter.js';
import { KafkaExporter } from '../exporter/kafka/exporter.js';
import { MemoryExporter } from '../exporter/memory/exporter.js';
import { OtlpHttpExporter } from '../exporter/otlp-http/exporter.js';
import { withRetry } from '../exporter/retry.js';
import type { CollectorMetrics } from '../metrics.js';
import { Admission } from '../processor/admission.js';
import { BatchProcessor } from '../processor/batch.js';
import type { ExporterConfig, ResolvedCollectorConfig } from './config.js';
import { ConfigError } from './config-error.js';

export interface Pipeline {
  /** The receiver's next consumer: the head of the chain. */
  readonly head: SpanConsumer;
  readonly admission: Admission;
  readonly batch: BatchProcessor;
  readonly exporters: readonly Exporter[];
  /** Whether an exporter re-encodes protobuf, so decoded spans should keep their bytes. */
  readonly keepRawSpans: boolean;
  /** Whether every exporter forwards protobuf bytes, so protobuf spans need only a partial decode. */
  readonly forwardOnly: boolean;
  /**
   * Whether attribute maps are best built on first read (DecodedSpan) rather than for every span:
   * spans go to an in-process consumer (the memory exporter), or every exporter writes protobuf
   * (OTLP/JSON attributes are then written as protobuf while checked, and copied from there).
   */
  readonly lazyAttributes: boolean;
}

/**
 * Wires the stages back to front, in this one place:
 *   receiver → admission (bounded queue) → batch → retry → exporter(s).
 * Validation and the flow key happen inside the receiver, before admission, so that rejected
 * spans can be reported in the same request's partial_success.
 */
export function buildPipeline(config: ResolvedCollectorConfig, metrics: CollectorMetrics, next?: SpanConsumer): Pipeline {
  const exporters = config.exporters.map((e) => createExporter(e, next));
  const all = fanOut(...exporters);
  const exported: SpanConsumer = {
    async consume(spans) {
      await all.consume(spans);
      metrics.add('hoptrace_collector_spans_exported_total', spans.length);
    },
  };
  const retried = withRetry(exported, config.retry, () => metrics.add('hoptrace_collector_export_retries_total'));
  const batch = new BatchProcessor(retried, config.batch);
  const admission = new Admission(batch, config.queue);
  metrics.gauge('hoptrace_collector_queue_spans', () => admission.depth);
  metrics.gauge('hoptrace_collector_queue_capacity_spans', () => config.queue.maxSpans);
  const forwardsBytes = (e: ExporterConfig): boolean => (e.type === 'kafka' && e.encoding === 'otlp_proto') || (e.type === 'otlp-http' && e.encoding === 'protobuf');
  const keepRawSpans = config.exporters.some(forwardsBytes);
  const forwardOnly = config.exporters.every(forwardsBytes);
  const lazyAttributes = forwardOnly || config.exporters.some((e) => e.type === 'memory');
  return { head: admission, admission, batch, exporters, keepRawSpans, forwardOnly, lazyAttributes };
}

function createExporter(config: ExporterConfig, next: SpanConsumer | undefined): Exporter {
  switch (config.type) {
    case 'memory':
      if (next === undefined) throw new ConfigError(['exporters: the memory exporter needs deps.next (the analyzer ingest) to hand spans to']);
      return new MemoryExporter(next);
    case 'kafka':
      return new KafkaExporter(config);
    case 'otlp-http':
      return new OtlpHttpExporter(config);
  }
}
