import { describe, expect, it } from 'vitest';
import { DEFAULTS } from './config.js';
import { ConfigError } from './config-error.js';
import { resolveConfig } from './validate.js';

function problemsOf(input: unknown): readonly string[] {
  try {
    resolveConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('resolveConfig', () => {
  it('applies the defaults in code to an empty configuration, and freezes the result', () => {
    const config = resolveConfig({});
    expect(config.receiver).toEqual({ host: '127.0.0.1', port: 4318, tracesPath: '/v1/traces', maxBodyBytes: 64 * 1024 * 1024, maxInFlightBytes: 256 * 1024 * 1024 });
    expect(config.queue).toEqual(DEFAULTS.queue);
    expect(config.batch).toEqual({ maxSpans: 8192, timeoutMs: 5 });
    expect(config.exporters).toEqual([{ type: 'memory' }]);
    expect(Object.isFrozen(config.receiver)).toBe(true);
  });

  it('fills exporter defaults: Kafka topic otlp_spans, encoding otlp_proto', () => {
    const [kafka] = resolveConfig({ exporters: [{ type: 'kafka' }] }).exporters;
    expect(kafka).toMatchObject({ type: 'kafka', brokers: ['127.0.0.1:9092'], topic: 'otlp_spans', encoding: 'otlp_proto' });
  });

  it('reports every problem at once, each naming its key', () => {
    const problems = problemsOf({
      receiver: { port: -1, tracesPath: 'v1/traces', maxBodyBytes: 0 },
      batch: { maxSpans: 0, timeoutMs: 'soon' },
      queue: { maxSpan: 10 },
      exporters: [{ type: 'kafka', encoding: 'avro', brokers: 'localhost' }, { type: 'otlp-http' }, { type: 'zipkin' }],
    });
    expect(problems).toEqual([
      'queue.maxSpan is not a known setting (known: maxSpans, retryAfterMs)',
      'receiver.port must be an integer from 0 to 65535, got -1',
      'receiver.tracesPath must start with /, got "v1/traces"',
      'receiver.maxBodyBytes must be an integer from 1 to 2147483647, got 0',
      'batch.maxSpans must be an integer from 1 to 1000000, got 0',
      'batch.timeoutMs must be an integer from 0 to 60000, got "soon"',
      'exporters[0].brokers must be a non-empty array of "host:port" strings',
      'exporters[0].encoding must be otlp_proto or otlp_json, got "avro"',
      'exporters[1].endpoint is required',
      'exporters[2].type must be one of memory, kafka, otlp-http, got "zipkin"',
    ]);
  });

  it('refuses an in-flight byte budget smaller than one request', () => {
    expect(problemsOf({ receiver: { maxBodyBytes: 2048, maxInFlightBytes: 1024 } })).toEqual(['receiver.maxInFlightBytes must be at least receiver.maxBodyBytes (2048), got 1024']);
  });

  it('refuses a configuration that is not an object, and an empty exporter list', () => {
    expect(problemsOf(42)).toEqual(['the configuration must be an object']);
    expect(problemsOf({ exporters: [] })).toEqual(['exporters must be a non-empty array']);
  });
});
