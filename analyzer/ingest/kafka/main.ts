/**
 * The Kafka ingester: an analyzer (query API + store) fed from the collector's topic by the
 * consumer-group ingest — the Kafka half of `collector → Kafka → analyzer`. Run several with the
 * same group to share the partitions (each with its own database).
 *
 *   tsx analyzer/ingest/kafka/main.ts
 *
 * Environment (the only place it is read): HOPTRACE_KAFKA_BROKERS (127.0.0.1:9092, comma-separated),
 * HOPTRACE_KAFKA_TOPIC (otlp_spans), HOPTRACE_KAFKA_GROUP (hoptrace-analyzer), HOPTRACE_KAFKA_ENCODING
 * (otlp_proto | otlp_json), HOPTRACE_ANALYZER_DB (hoptrace-flows.db), HOPTRACE_ANALYZER_HOST
 * (127.0.0.1), HOPTRACE_ANALYZER_PORT (16686). SIGTERM/SIGINT: the ingest finishes and commits its
 * batch, then the analyzer writes every span it holds.
 */
import { startAnalyzer } from '../../index.js';
import { KAFKA_INGEST_DEFAULTS } from './config.js';
import { startKafkaIngest } from './ingest.js';

async function main(): Promise<number> {
  const env = process.env;
  const analyzer = await startAnalyzer({
    dbPath: env['HOPTRACE_ANALYZER_DB'] ?? 'hoptrace-flows.db',
    host: env['HOPTRACE_ANALYZER_HOST'] ?? '127.0.0.1',
    port: Number(env['HOPTRACE_ANALYZER_PORT'] ?? 16686),
  });
  const encoding = env['HOPTRACE_KAFKA_ENCODING'] === 'otlp_json' ? 'otlp_json' : 'otlp_proto';
  const ingest = await startKafkaIngest(
    {
      brokers: (env['HOPTRACE_KAFKA_BROKERS'] ?? KAFKA_INGEST_DEFAULTS.brokers.join(',')).split(','),
      topic: env['HOPTRACE_KAFKA_TOPIC'] ?? KAFKA_INGEST_DEFAULTS.topic,
      groupId: env['HOPTRACE_KAFKA_GROUP'] ?? KAFKA_INGEST_DEFAULTS.groupId,
      encoding,
    },
    analyzer.ingest,
  ).catch(async (error: unknown) => {
    await analyzer.shutdown();
    throw error;
  });
  process.stdout.write(`hoptrace ingester: reading Kafka into the analyzer; query API on ${analyzer.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await ingest.stop();
  await analyzer.shutdown();
  return 0;
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`hoptrace ingester: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
});
