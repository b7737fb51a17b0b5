import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { Attr } from '../core/attributes.js';
import type { ComponentInstance, HooksFactory, ServiceHooks } from '../sim/kit/hooks.js';
import { ensureContextManager } from './context-manager.js';
import { probeContextManager } from './scope.js';
import { SharedExporter } from './exporter.js';
import { PooledIdGenerator } from './id-generator.js';
import type { ExportStats } from './exporter.js';
import { tracingHooks } from './hooks.js';
import { CompactTracer } from './span/compact-tracer.js';
import { resolveOptions } from './options.js';
import type { ResolvedOptions, TracingOptions } from './options.js';

/** The instrumentation scope every shim span carries. */
export const SCOPE_NAME = 'hoptrace-instrumentation';
export const SCOPE_VERSION = '0.1.0';
const SCOPE = Object.freeze({ name: SCOPE_NAME, version: SCOPE_VERSION });
/** The SDK's default `spanLimits.attributeCountLimit`. */
const ATTRIBUTE_COUNT_LIMIT = 128;

export interface Tracing {
  /** The shims for one component instance, emitting under that instance's own resource. */
  readonly hooksFor: HooksFactory;
  /** Exports every finished span now; resolves when the endpoint has them (or the export failed). */
  forceFlush(): Promise<void>;
  /** Flushes and releases everything; safe twice. Later `hooksFor` calls return empty hooks. */
  shutdown(): Promise<void>;
  /** Counts so far. */
  stats(): TracingStats;
}

export interface TracingStats extends ExportStats {
  /** Times a shim failed internally; the request it traced went on (reported to `onError` too). */
  readonly shimErrors: number;
}

/**
 * Tracing for a simulated cloud: one tracer per component instance, each with its own resource
 * (`service.name`, `service.instance.id` = `<service>@<host>`, `host.name`) and its own real
 * BatchSpanProcessor, and one OTLP/HTTP exporter shared by all (JSON or protobuf). The tracer
 * (`span/compact-tracer.ts`) records spans compactly on the request path and leaves the SDK's
 * per-span conversions to the processor's export (`span/compact-span.ts`). It samples as the
 * SDK's default does (parent-based, always on) with the SDK's default attribute limit (128), and
 * does not read `OTEL_TRACES_SAMPLER` or the `OTEL_*_LIMIT` variables. Nothing is
 * registered globally (with `asyncContext`, an AsyncLocalStorage context manager if the process
 * has none): spans find their parents through the RequestContext the services pass around. A
 * context manager the host registered before this call is honoured (`scope.ts`).
 * Options are validated up front (TypeError listing every problem); after that, telemetry never
 * breaks its host: export failures go to `onError` and are counted.
 */
export function createTracing(options: TracingOptions = {}): Tracing {
  const resolved = resolveOptions(options);
  if (options.asyncContext === true) ensureContextManager();
  probeContextManager();
  const onError = options.onError ?? (() => undefined);
  const exporter = new SharedExporter(options.exporter ?? otlpExporter(resolved), onError);
  let shimErrors = 0;
  const onInternalError = (error: unknown): void => {
    shimErrors += 1;
    try {
      onError(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // the host's handler must not break the request either
    }
  };
  const idGenerator = new PooledIdGenerator();
  const components = new Map<string, { processor: BatchSpanProcessor; hooks: ServiceHooks }>();
  let closing: Promise<void> | undefined;

  const hooksFor: HooksFactory = (instance) => {
    if (closing !== undefined) return {};
    const key = instanceId(instance);
    let component = components.get(key);
    if (component === undefined) {
      const processor = new BatchSpanProcessor(exporter, resolved.batch);
      const resource = defaultResource().merge(resourceFromAttributes(resourceAttributes(instance)));
      const tracer = new CompactTracer({ processor, resource, scope: SCOPE, attributeCountLimit: ATTRIBUTE_COUNT_LIMIT, onError: onInternalError }, idGenerator);
      const hooks = tracingHooks(tracer, { service: instance.service, onInternalError, ...(options.dropContext === undefined ? {} : { dropContext: options.dropContext }) });
      components.set(key, (component = { processor, hooks }));
    }
    return component.hooks;
  };

  const processors = (): BatchSpanProcessor[] => [...components.values()].map((c) => c.processor);
  return {
    hooksFor,
    forceFlush: async () => {
      await Promise.allSettled(processors().map((p) => p.forceFlush()));
    },
    shutdown: () => {
      closing ??= (async () => {
        await Promise.allSettled(processors().map((p) => p.shutdown()));
        await exporter.close();
      })();
      return closing;
    },
    stats: () => ({ ...exporter.stats, shimErrors }),
  };
}

function otlpExporter({ endpoint, encoding }: ResolvedOptions): SpanExporter {
  return encoding === 'json' ? new OtlpJsonExporter({ url: endpoint }) : new OtlpProtoExporter({ url: endpoint });
}

function instanceId(instance: ComponentInstance): string {
  return `${instance.service}@${instance.host}`;
}

function resourceAttributes(instance: ComponentInstance): Record<string, string> {
  const attributes: Record<string, string> = { [Attr.serviceName]: instance.service, [Attr.serviceInstanceId]: instanceId(instance) };
  if (instance.host !== '') attributes[Attr.hostName] = instance.host;
  return attributes;
}
