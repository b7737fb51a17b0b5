import type { KafkaExporterConfig } from '../exporter/kafka/config.js';
import type { OtlpHttpExporterConfig } from '../exporter/otlp-http/config.js';
import type { RetryOptions } from '../exporter/retry.js';
import type { AdmissionOptions } from '../processor/admission.js';
import type { BatchOptions } from '../processor/batch.js';

export interface ReceiverConfig {
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host: string;
  /** TCP port; 0 picks a free one (tests). @default 4318 (OTLP/HTTP) */
  readonly port: number;
  /** The export path. @default '/v1/traces' */
  readonly tracesPath: string;
  /**
   * Largest request body, in bytes, both as received and after gunzip; larger is answered 413.
   * Minimum 1. @default 67108864 (64 MiB, the OTLP specification's recommendation)
   */
  readonly maxBodyBytes: number;
  /**
   * Request body bytes held at once by all requests together (as received, plus decompressed);
   * past it new data is answered 429. At least maxBodyBytes. @default 268435456 (256 MiB)
   */
  readonly maxInFlightBytes: number;
}

/** The in-process hand-off to `deps.next` (the analyzer's ingest). */
export interface MemoryExporterConfig {
  readonly type: 'memory';
}

export type ExporterConfig = MemoryExporterConfig | KafkaExporterConfig | OtlpHttpExporterConfig;

/** A collector, fully resolved: every field has its value (defaults applied). */
export interface ResolvedCollectorConfig {
  readonly receiver: ReceiverConfig;
  /** The bounded queue between receiver and exporters. */
  readonly queue: AdmissionOptions;
  readonly batch: BatchOptions;
  /** Retries of a failed export while the sender's request waits. */
  readonly retry: RetryOptions;
  /** Where batches go; several get every batch (fan-out). At least one. @default [{ type: 'memory' }] */
  readonly exporters: readonly ExporterConfig[];
}

type DeepPartial<T> = { readonly [K in keyof T]?: T[K] extends readonly (infer U)[] ? readonly DeepPartial<U>[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * What a user writes (JSON file, code): any field may be left out and gets its default.
 * Exporters need their `type`; the `otlp-http` one its `endpoint`.
 */
export type CollectorConfig = DeepPartial<ResolvedCollectorConfig>;

export const DEFAULTS: Omit<ResolvedCollectorConfig, 'exporters'> = {
  receiver: { host: '127.0.0.1', port: 4318, tracesPath: '/v1/traces', maxBodyBytes: 64 * 1024 * 1024, maxInFlightBytes: 256 * 1024 * 1024 },
  queue: { maxSpans: 200_000, retryAfterMs: 1000 },
  batch: { maxSpans: 8192, timeoutMs: 5 },
  retry: { initialIntervalMs: 100, maxIntervalMs: 2000, maxElapsedMs: 5000 },
};
