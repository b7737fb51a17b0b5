import { readFileSync } from 'node:fs';
import { startCollector } from './collector.js';
import type { CollectorConfig } from './pipeline/config.js';
import { ConfigError } from './pipeline/config-error.js';

/**
 * The standalone collector: `tsx collector/main.ts [config.json]`. The only place that reads argv
 * and the environment. Without a config file it listens on HOPTRACE_COLLECTOR_HOST (127.0.0.1) :
 * HOPTRACE_COLLECTOR_PORT (4318) and exports to Kafka at HOPTRACE_KAFKA_BROKERS (127.0.0.1:9092),
 * and also forwards to HOPTRACE_FORWARD_OTLP (an OTLP/HTTP traces URL, e.g. Jaeger's) when set.
 * SIGTERM/SIGINT stop it gracefully: in-flight requests are answered and exported first.
 */
async function main(): Promise<void> {
  const path = process.argv[2];
  const config: CollectorConfig = path !== undefined ? (JSON.parse(readFileSync(path, 'utf8')) as CollectorConfig) : {
    receiver: { host: process.env.HOPTRACE_COLLECTOR_HOST ?? '127.0.0.1', port: Number(process.env.HOPTRACE_COLLECTOR_PORT ?? 4318) },
    exporters: [
      { type: 'kafka', brokers: (process.env.HOPTRACE_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',') },
      ...(process.env.HOPTRACE_FORWARD_OTLP ? [{ type: 'otlp-http' as const, endpoint: process.env.HOPTRACE_FORWARD_OTLP }] : []),
    ],
  };
  const collector = await startCollector(config);
  process.stdout.write(`hoptrace collector listening on ${collector.url}/v1/traces\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: shutting down\n`);
    collector.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
