import type { SpanConsumer } from '../core/consumer.js';
import { CollectorMetrics } from './metrics.js';
import { buildPipeline } from './pipeline/build.js';
import type { CollectorConfig } from './pipeline/config.js';
import { resolveConfig } from './pipeline/validate.js';
import { startReceiver } from './receiver/otlp-http/server.js';

/** A running collector. */
export interface Collector {
  /** The receiver's base URL, `http://127.0.0.1:<port>`; export to `${url}/v1/traces`. */
  readonly url: string;
  /** Every self-telemetry series and its value (as served on `/metrics`). */
  metrics(): Record<string, number>;
  /**
   * Graceful stop: refuses new connections, answers the requests in flight (their spans are
   * exported first), flushes, disconnects the exporters. Safe to call twice.
   */
  shutdown(): Promise<void>;
}

export interface CollectorDeps {
  /** Where the `memory` exporter hands batches (the analyzer's ingest). */
  readonly next?: SpanConsumer;
}

/**
 * Validates `config` (throws ConfigError listing every problem), connects the exporters, then
 * listens. Resolves once the receiver accepts requests.
 */
export async function startCollector(config: CollectorConfig, deps: CollectorDeps = {}): Promise<Collector> {
  const resolved = resolveConfig(config);
  const metrics = new CollectorMetrics();
  const pipeline = buildPipeline(resolved, metrics, deps.next);
  const started: typeof pipeline.exporters[number][] = [];
  try {
    for (const exporter of pipeline.exporters) {
      await exporter.start();
      started.push(exporter);
    }
  } catch (error) {
    await Promise.allSettled(started.map((e) => e.shutdown()));
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const receiver = await startReceiver(resolved.receiver, {
    pipeline: pipeline.head,
    metrics,
    decoding: { keepRaw: pipeline.keepRawSpans, forwardOnly: pipeline.forwardOnly, lazyAttributes: pipeline.lazyAttributes },
    ready: () => stopping === undefined && pipeline.exporters.every((e) => e.ready()),
  }).catch(async (error: unknown) => {
    await Promise.allSettled(started.map((e) => e.shutdown()));
    throw error;
  });
  return {
    url: receiver.url,
    metrics: () => metrics.snapshot(),
    shutdown() {
      stopping ??= (async () => {
        await receiver.close();
        await pipeline.batch.flush();
        await Promise.allSettled(pipeline.exporters.map((e) => e.shutdown()));
      })();
      return stopping;
    },
  };
}
