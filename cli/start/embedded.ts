import { join } from 'node:path';
import { createAlerting } from '../../analyzer/alert/index.js';
import type { Alerting } from '../../analyzer/alert/index.js';
import { startAnalyzer } from '../../analyzer/index.js';
import { startKafkaIngest } from '../../analyzer/ingest/kafka/ingest.js';
import type { Analyzer } from '../../analyzer/index.js';
import { webRouter } from '../../analyzer/web/router.js';
import { startCollector } from '../../collector/collector.js';
import type { Collector } from '../../collector/collector.js';
import type { ExporterConfig } from '../../collector/pipeline/config.js';
import { createTracing } from '../../instrumentation/index.js';
import type { Tracing } from '../../instrumentation/index.js';
import { startCloud } from '../../sim/cloud.js';
import type { Cloud } from '../../sim/cloud.js';
import { forwardFlowsToJaeger } from './jaeger-forward.js';
import type { JaegerForwardStats } from './jaeger-forward.js';
import type { MutableFaults } from './scenario.js';

export interface EmbeddedOptions {
  /** Port of the query API and web view; 0 picks a free one. */
  readonly apiPort: number;
  /** Every other port (cloud services, OTLP receiver) ephemeral instead of its usual number. */
  readonly ephemeralPorts: boolean;
  /** Kafka bootstrap brokers between collector and analyzer; absent = in-process hand-off. */
  readonly kafkaBrokers?: readonly string[];
  /** A Jaeger's OTLP/HTTP base URL (`http://127.0.0.1:4318`) to export completed flows to. */
  readonly jaegerOtlpUrl?: string;
  /** The Jaeger UI's base URL, for the web view's links. */
  readonly jaegerUiUrl?: string;
  /** A Prometheus Alertmanager's base URL (`http://127.0.0.1:9093`) to post every alert to. */
  readonly alertmanagerUrl?: string;
  /** Folder for the openrc file and the services' logs. */
  readonly stateDir: string;
  /** The cloud's fault switches; the object stays live (the scenario flips them). */
  readonly faults: MutableFaults;
  /** Pause between the cloud's state-machine steps, in ms. */
  readonly stepDelayMs: number;
}

/** Everything `hoptrace start` runs in one process. */
export interface Embedded {
  readonly cloud: Cloud;
  readonly tracing: Tracing;
  readonly collector: Collector;
  readonly analyzer: Analyzer;
  readonly alerting: Alerting;
  readonly openrcPath: string;
  readonly logDir: string;
  readonly jaeger?: JaegerForwardStats;
  /** Stops in reverse order of start: cloud, tracing (flushes), collector, analyzer. Safe twice. */
  shutdown(): Promise<void>;
}

/**
 * Starts analyzer (with alerting and the web view on its HTTP server), collector, tracing and the
 * simulated cloud, wired back to front: cloud → shims → OTLP/HTTP → collector → analyzer, with a
 * Kafka topic between collector and analyzer when brokers are given. If one
 * part fails to start, the parts already started are stopped and the error is rethrown.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<Embedded> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    // Alert links point at the API when its port is known before it listens.
    const publicUrl = options.apiPort === 0 ? undefined : `http://127.0.0.1:${options.apiPort}`;
    const alerting = createAlerting({
      ...(publicUrl && { publicUrl }),
      ...(options.alertmanagerUrl && { alertmanager: { url: options.alertmanagerUrl, ...(publicUrl && { publicUrl }) } }),
    });
    stops.push(() => alerting.shutdown());
    const analyzer = await startAnalyzer(
      { port: options.apiPort, quietPeriodMs: 2000 },
      { routes: [(app) => alerting.routes(app), (app) => app.use(webRouter(options.jaegerUiUrl ? { jaegerUiUrl: options.jaegerUiUrl } : {}))] },
    );
    stops.push(() => analyzer.shutdown());
    alerting.attach(analyzer);
    const forward = options.jaegerOtlpUrl ? forwardFlowsToJaeger(analyzer, options.jaegerOtlpUrl) : undefined;
    if (forward) stops.push(() => forward.stop());
    const exporters: ExporterConfig[] = options.kafkaBrokers ? [kafkaExporter(options.kafkaBrokers)] : [{ type: 'memory' }];
    const collector = await startCollector({ receiver: { port: options.ephemeralPorts ? 0 : 4318 }, exporters }, { next: analyzer.ingest });
    stops.push(() => collector.shutdown());
    if (options.kafkaBrokers) {
      // The analyzer's side of the hand-off, reading the topic the collector's exporter has created
      // by now. A group of its own, from the newest record: this analyzer sees every span produced
      // after it joined (before the cloud starts), and no other process's consumers share its partitions.
      const groupId = `hoptrace-start-${process.pid}-${Date.now()}`;
      const ingest = await startKafkaIngest({ brokers: options.kafkaBrokers, topic: KAFKA_TOPIC, groupId, fromBeginning: false }, analyzer.ingest);
      stops.push(() => ingest.stop());
      await ingest.joined;
    }
    const tracing = createTracing({ endpoint: `${collector.url}/v1/traces`, batch: { scheduledDelayMillis: 100 } });
    stops.push(() => tracing.shutdown());
    const logDir = join(options.stateDir, 'logs');
    const cloud = await startCloud({ ephemeralPorts: options.ephemeralPorts, hooksFor: tracing.hooksFor, faults: options.faults, stepDelayMs: options.stepDelayMs, logDir });
    stops.push(() => cloud.shutdown());
    const openrcPath = join(options.stateDir, 'openrc');
    await cloud.writeOpenrc(openrcPath, 'demo');
    let stopping: Promise<void> | undefined;
    return {
      cloud, tracing, collector, analyzer, alerting, openrcPath, logDir,
      ...(forward && { jaeger: forward.stats }),
      shutdown: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The topic between collector and analyzer, as the OpenTelemetry Collector's Kafka exporter names it. */
const KAFKA_TOPIC = 'otlp_spans';

function kafkaExporter(brokers: readonly string[]): ExporterConfig {
  return { type: 'kafka', brokers, topic: KAFKA_TOPIC, encoding: 'otlp_proto', clientId: 'hoptrace-start', partitions: 4, maxRecordBytes: 900_000, timeoutMs: 30_000 };
}
