import { KAFKA_DEFAULTS } from '../exporter/kafka/config.js';
import { OTLP_HTTP_DEFAULTS } from '../exporter/otlp-http/config.js';
import type { ExporterConfig, ResolvedCollectorConfig } from './config.js';
import { DEFAULTS } from './config.js';
import { ConfigError } from './config-error.js';

type Obj = Record<string, unknown>;

/**
 * Applies defaults and checks a collector configuration (from code or a JSON file), reporting
 * every problem at once — `batch.maxSpans must be an integer >= 1, got 0` — then freezes it.
 * Unknown keys are problems too (a typo must not silently fall back to a default).
 */
export function resolveConfig(input: unknown): ResolvedCollectorConfig {
  const problems: string[] = [];
  const root = section(input, '', problems);
  known(root, '', ['receiver', 'queue', 'batch', 'retry', 'exporters'], problems);
  const r = section(root.receiver, 'receiver', problems);
  const q = section(root.queue, 'queue', problems);
  const b = section(root.batch, 'batch', problems);
  const t = section(root.retry, 'retry', problems);
  const d = DEFAULTS;
  known(r, 'receiver', Object.keys(d.receiver), problems);
  known(q, 'queue', Object.keys(d.queue), problems);
  known(b, 'batch', Object.keys(d.batch), problems);
  known(t, 'retry', Object.keys(d.retry), problems);
  const config: ResolvedCollectorConfig = {
    receiver: {
      host: str(r, 'receiver', 'host', d.receiver.host, problems),
      port: int(r, 'receiver', 'port', d.receiver.port, 0, 65535, problems),
      tracesPath: str(r, 'receiver', 'tracesPath', d.receiver.tracesPath, problems, (v) => v.startsWith('/') || 'must start with /'),
      maxBodyBytes: int(r, 'receiver', 'maxBodyBytes', d.receiver.maxBodyBytes, 1, 2 ** 31 - 1, problems),
      maxInFlightBytes: int(r, 'receiver', 'maxInFlightBytes', d.receiver.maxInFlightBytes, 1, Number.MAX_SAFE_INTEGER, problems),
    },
    queue: {
      maxSpans: int(q, 'queue', 'maxSpans', d.queue.maxSpans, 1, Number.MAX_SAFE_INTEGER, problems),
      retryAfterMs: int(q, 'queue', 'retryAfterMs', d.queue.retryAfterMs, 0, 3_600_000, problems),
    },
    batch: {
      maxSpans: int(b, 'batch', 'maxSpans', d.batch.maxSpans, 1, 1_000_000, problems),
      timeoutMs: int(b, 'batch', 'timeoutMs', d.batch.timeoutMs, 0, 60_000, problems),
    },
    retry: {
      initialIntervalMs: int(t, 'retry', 'initialIntervalMs', d.retry.initialIntervalMs, 1, 60_000, problems),
      maxIntervalMs: int(t, 'retry', 'maxIntervalMs', d.retry.maxIntervalMs, 1, 300_000, problems),
      maxElapsedMs: int(t, 'retry', 'maxElapsedMs', d.retry.maxElapsedMs, 0, 600_000, problems),
    },
    exporters: exporters(root.exporters, problems),
  };
  const { maxBodyBytes, maxInFlightBytes } = config.receiver;
  if (maxInFlightBytes < maxBodyBytes) problems.push(`receiver.maxInFlightBytes must be at least receiver.maxBodyBytes (${maxBodyBytes}), got ${maxInFlightBytes}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

function exporters(value: unknown, problems: string[]): ExporterConfig[] {
  if (value === undefined) return [{ type: 'memory' }];
  if (!Array.isArray(value) || value.length === 0) {
    problems.push('exporters must be a non-empty array');
    return [];
  }
  return value.map((item, i) => exporter(item, `exporters[${i}]`, problems));
}

function exporter(value: unknown, key: string, problems: string[]): ExporterConfig {
  const e = section(value, key, problems);
  switch (e.type) {
    case 'memory':
      known(e, key, ['type'], problems);
      return { type: 'memory' };
    case 'kafka': {
      const k = KAFKA_DEFAULTS;
      known(e, key, ['type', ...Object.keys(k)], problems);
      let brokers = k.brokers;
      if (e.brokers !== undefined) {
        if (Array.isArray(e.brokers) && e.brokers.length > 0 && e.brokers.every((x) => typeof x === 'string' && /^[^:\s]+:\d+$/.test(x))) brokers = e.brokers as string[];
        else problems.push(`${key}.brokers must be a non-empty array of "host:port" strings`);
      }
      const encoding = str(e, key, 'encoding', k.encoding, problems, (v) => v === 'otlp_proto' || v === 'otlp_json' || 'must be otlp_proto or otlp_json');
      return {
        type: 'kafka',
        brokers,
        topic: str(e, key, 'topic', k.topic, problems, (v) => /^[A-Za-z0-9._-]{1,249}$/.test(v) || 'must be a Kafka topic name'),
        encoding: encoding as 'otlp_proto' | 'otlp_json',
        clientId: str(e, key, 'clientId', k.clientId, problems),
        partitions: int(e, key, 'partitions', k.partitions, 1, 10_000, problems),
        maxRecordBytes: int(e, key, 'maxRecordBytes', k.maxRecordBytes, 1024, 100_000_000, problems),
        timeoutMs: int(e, key, 'timeoutMs', k.timeoutMs, 1, 600_000, problems),
      };
    }
    case 'otlp-http': {
      const o = OTLP_HTTP_DEFAULTS;
      known(e, key, ['type', 'endpoint', ...Object.keys(o)], problems);
      const endpoint = str(e, key, 'endpoint', '', problems, (v) => /^https?:\/\/\S+$/.test(v) || 'must be an http(s) URL');
      if (e.endpoint === undefined) problems.push(`${key}.endpoint is required`);
      const encoding = str(e, key, 'encoding', o.encoding, problems, (v) => v === 'protobuf' || v === 'json' || 'must be protobuf or json');
      return { type: 'otlp-http', endpoint, encoding: encoding as 'protobuf' | 'json', timeoutMs: int(e, key, 'timeoutMs', o.timeoutMs, 1, 600_000, problems) };
    }
    default:
      problems.push(`${key}.type must be one of memory, kafka, otlp-http, got ${JSON.stringify(e.type)}`);
      return { type: 'memory' };
  }
}

function section(value: unknown, key: string, problems: string[]): Obj {
  if (value === undefined) return {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Obj;
  problems.push(`${key || 'the configuration'} must be an object`);
  return {};
}

function known(obj: Obj, key: string, keys: readonly string[], problems: string[]): void {
  for (const k of Object.keys(obj)) if (!keys.includes(k)) problems.push(`${key ? `${key}.` : ''}${k} is not a known setting (known: ${keys.join(', ')})`);
}

function int(obj: Obj, key: string, field: string, fallback: number, min: number, max: number, problems: string[]): number {
  const value = obj[field];
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${key}.${field} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return fallback;
}

function str(obj: Obj, key: string, field: string, fallback: string, problems: string[], check?: (v: string) => true | string): string {
  const value = obj[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') {
    problems.push(`${key}.${field} must be a non-empty string, got ${JSON.stringify(value)}`);
    return fallback;
  }
  const verdict = check?.(value) ?? true;
  if (verdict !== true) {
    problems.push(`${key}.${field} ${verdict}, got ${JSON.stringify(value)}`);
    return fallback;
  }
  return value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
