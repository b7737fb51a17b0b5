import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ComponentInstance, ServiceHooks } from '../../sim/kit/hooks.js';
import { createTracing } from '../sdk.js';
import type { Tracing } from '../sdk.js';
import type { TracingOptions } from '../options.js';

/** A Tracing that exports into memory, for shim tests. */
export interface MemoryTracing {
  readonly tracing: Tracing;
  readonly exporter: InMemorySpanExporter;
  /** Hooks for `service` on `host` (default `controller`). */
  hooks(service: string, host?: string): ServiceHooks;
  /** Flushes every component and returns every span finished so far, in export order. */
  spans(): Promise<ReadableSpan[]>;
}

export function memoryTracing(options: Omit<TracingOptions, 'exporter'> = {}): MemoryTracing {
  const exporter = new InMemorySpanExporter();
  const tracing = createTracing({ ...options, exporter, batch: { scheduledDelayMillis: 10, ...options.batch } });
  return {
    tracing,
    exporter,
    hooks: (service, host = 'controller') => tracing.hooksFor({ service, host } satisfies ComponentInstance),
    spans: async () => {
      await tracing.forceFlush();
      return exporter.getFinishedSpans();
    },
  };
}
