/**
 * hoptrace's instrumentation shims: plain decorators for the simulated services' REST, RPC and
 * database layers, and the SDK set-up that exports their spans over OTLP/HTTP. Most callers need
 * only `createTracing(...).hooksFor`; the individual shims are exported for tests and for hosts
 * that assemble their own TracerProvider.
 */
export { createTracing, SCOPE_NAME, SCOPE_VERSION } from './sdk.js';
export type { Tracing, TracingStats } from './sdk.js';
export { DEFAULT_BATCH, DEFAULT_ENDPOINT } from './options.js';
export type { BatchOptions, TracingOptions } from './options.js';
export type { ExportStats } from './exporter.js';
export { tracingHooks } from './hooks.js';
export type { TracingHooksOptions } from './hooks.js';
export { restServerListener, restServerMiddleware } from './rest/server.js';
export type { ExchangeClassifier, FinishedExchange, RestServerOptions } from './rest/server.js';
export { traceHttpClient } from './rest/client.js';
export type { HttpClientTracingOptions } from './rest/client.js';
export { SubjectTokenScopes } from './rest/subject-tokens.js';
export { novaOperation, novaOperationAttributes } from './rest/nova-operation.js';
export type { NovaExchange } from './rest/nova-operation.js';
export { traceRpcClient } from './rpc/client.js';
export type { DropContext, RpcClientTracingOptions, RpcHopDescription } from './rpc/client.js';
export { traceDispatcher } from './rpc/dispatcher.js';
export { RPC_SYSTEM } from './rpc/attributes.js';
export { traceDb, DB_SYSTEM } from './db.js';
export type { ShimOptions } from './traced-call.js';
export { extractTraceContext, injectTraceContext, TRACEPARENT, TRACESTATE } from './propagation.js';
