import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

let attempted = false;

/**
 * Makes sure the process has an AsyncLocalStorage context manager (`createTracing` with
 * `asyncContext`), for hosts that read the active span or start spans under `context.with`; the
 * shims themselves parent through the RequestContext (`scope.ts`) and do not need one. Installs
 * one the first time it is called; if the host already registered a context manager, that one
 * is kept (the OpenTelemetry API allows only one per process). On Node 20 it makes every promise
 * in the process run an async hook.
 */
export function ensureContextManager(): void {
  if (attempted) return;
  attempted = true;
  const manager = new AsyncLocalStorageContextManager().enable();
  if (!context.setGlobalContextManager(manager)) manager.disable();
}
