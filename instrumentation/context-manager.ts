import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

let attempted = false;

/**
 * Makes sure the process has an AsyncLocalStorage context manager, which the shims need so a
 * span started by the server middleware is the parent of the calls the handler makes. Installs
 * one the first time it is called; if the host already registered a context manager, that one
 * is kept (the OpenTelemetry API allows only one per process).
 */
export function ensureContextManager(): void {
  if (attempted) return;
  attempted = true;
  const manager = new AsyncLocalStorageContextManager().enable();
  if (!context.setGlobalContextManager(manager)) manager.disable();
}
