import { describe, expect, it } from 'vitest';
import { isRetryableError } from '../../../core/errors.js';
import { makeSpans } from '../../testing/spans.js';
import { resolveConfig } from '../../pipeline/validate.js';
import type { KafkaExporterConfig } from './config.js';
import { KafkaExporter } from './exporter.js';

describe('KafkaExporter without a broker', () => {
  const config = resolveConfig({ exporters: [{ type: 'kafka', brokers: ['127.0.0.1:1'] }] }).exporters[0] as KafkaExporterConfig;

  it('refuses batches retryably before it is connected, and is not ready', async () => {
    const exporter = new KafkaExporter(config);
    expect(exporter.ready()).toBe(false);
    const error = await exporter.consume(makeSpans(2)).catch((e: unknown) => e);
    expect(isRetryableError(error)).toBe(true);
    await exporter.shutdown();
    await exporter.shutdown();
  });

  it('fails to start, in bounded time, when no broker answers', async () => {
    const started = Date.now();
    await expect(new KafkaExporter(config).start()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(25_000);
  });
});
