import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { DropContext } from './rpc/client.js';

/** How a Tracing exports; every field is optional. */
export interface TracingOptions {
  /**
   * OTLP/HTTP traces endpoint, the full URL including the path.
   * @default 'http://127.0.0.1:4318/v1/traces'
   */
  readonly endpoint?: string;
  /**
   * Body encoding on the wire: `protobuf` (`application/x-protobuf`) or `json` (`application/json`).
   * @default 'protobuf'
   */
  readonly encoding?: 'protobuf' | 'json';
  /** Replaces the OTLP exporter (tests: an InMemorySpanExporter); `endpoint` and `encoding` are then unused. */
  readonly exporter?: SpanExporter;
  /**
   * The fault switch: return true to send that RPC hop without trace context. Request ids still
   * travel, so the analyzer can stitch the flow; the callee's span roots a new trace.
   * @example ({ from, method }) => from === 'nova-conductor' && method === 'build_and_run_instance'
   */
  readonly dropContext?: DropContext;
  /**
   * Also install an AsyncLocalStorage context manager (unless the process has one), so spans the
   * host starts under `context.with`, and calls made with no RequestContext after an `await`,
   * find their parent implicitly. Not needed by the simulated services, which pass their
   * RequestContext explicitly (see `scope.ts`); on Node 20 it makes every promise in the process
   * run an async hook. A context manager the host registers itself before `createTracing` is
   * honoured either way.
   * @default false
   */
  readonly asyncContext?: boolean;
  /** The batch span processor of each component. */
  readonly batch?: BatchOptions;
  /** Told about every export failure (after the exporter's own retries); must not throw. @default ignore (failures are still counted) */
  readonly onError?: (error: Error) => void;
}

export interface BatchOptions {
  /** Spans held per component before new ones are dropped; >= 1. @default 2048 */
  readonly maxQueueSize?: number;
  /** Spans per export request; 1..maxQueueSize. @default 512 */
  readonly maxExportBatchSize?: number;
  /** Milliseconds between scheduled exports; >= 0. @default 200 (the Collector batch processor's timeout) */
  readonly scheduledDelayMillis?: number;
  /** Milliseconds one export may take before it is abandoned; >= 1. @default 30000 */
  readonly exportTimeoutMillis?: number;
}

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4318/v1/traces';

export const DEFAULT_BATCH: Required<BatchOptions> = Object.freeze({
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 200,
  exportTimeoutMillis: 30_000,
});

export interface ResolvedOptions {
  readonly endpoint: string;
  readonly encoding: 'protobuf' | 'json';
  readonly batch: Required<BatchOptions>;
}

/** Checks every option at once; throws one TypeError listing each problem by key. */
export function resolveOptions(options: TracingOptions): ResolvedOptions {
  const problems: string[] = [];
  const endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
  if (!/^https?:\/\//.test(endpoint) || !URL.canParse(endpoint)) problems.push(`endpoint: ${JSON.stringify(endpoint)} is not an http(s) URL`);
  const encoding = options.encoding ?? 'protobuf';
  if (encoding !== 'protobuf' && encoding !== 'json') problems.push(`encoding: ${JSON.stringify(encoding)} is neither "protobuf" nor "json"`);
  const batch = { ...DEFAULT_BATCH, ...options.batch };
  const atLeast = (key: keyof BatchOptions, min: number): void => {
    if (!Number.isInteger(batch[key]) || batch[key] < min) problems.push(`batch.${key}: ${batch[key]} must be an integer >= ${min}`);
  };
  atLeast('maxQueueSize', 1);
  atLeast('maxExportBatchSize', 1);
  atLeast('scheduledDelayMillis', 0);
  atLeast('exportTimeoutMillis', 1);
  if (batch.maxExportBatchSize > batch.maxQueueSize) problems.push(`batch.maxExportBatchSize: ${batch.maxExportBatchSize} exceeds batch.maxQueueSize ${batch.maxQueueSize}`);
  if (problems.length > 0) throw new TypeError(`invalid tracing options: ${problems.join('; ')}`);
  return { endpoint, encoding, batch };
}
