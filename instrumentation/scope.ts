import { context, trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { RequestContext } from '../sim/kit/context.js';

/**
 * Where a shim finds the parent of the span it starts, without a process-wide async context
 * manager (on Node 20 an AsyncLocalStorage manager makes every promise in the process run a hook;
 * on a simulated cloud round trip that hook alone costs more than the spans).
 *
 * The simulated services already pass their RequestContext explicitly to every db statement,
 * HTTP call and RPC message made for a request. So the span that opens a request's work (the
 * REST server span, the RPC dispatcher span) is attached to that request's RequestContext, and
 * the shims read it back from the context they are handed. The attachment is a symbol-keyed
 * property: object spread copies it (a service deriving a context keeps the parent), while JSON,
 * the `_context_<key>` RPC envelope and the logs, which read string keys, never see it.
 *
 * Order of precedence for the parent (`parentOf`):
 * 1. the active context, when it holds a span: the host registered a context manager and called
 *    `context.with` itself, which is the most specific statement there is;
 * 2. the scope attached to the RequestContext of the call;
 * 3. the synchronous scope (`withSyncScope`): a call that carries no RequestContext (keystone
 *    token validation) made in the synchronous part of a request's middleware chain;
 * 4. the active context as it is (ROOT_CONTEXT without a context manager): a new trace.
 */
const SCOPE = Symbol('hoptrace.traceScope');

interface Scoped {
  [SCOPE]?: Context;
}

let syncScope: Context | undefined;

/** Makes `scope` the parent of the spans started for `requestContext` (and its spread copies). */
export function attachScope(requestContext: RequestContext, scope: Context): void {
  (requestContext as Scoped)[SCOPE] = scope;
}

/** The scope attached to `requestContext`, if any. */
export function scopeOf(requestContext: RequestContext | undefined): Context | undefined {
  return requestContext === undefined ? undefined : (requestContext as Scoped)[SCOPE];
}

/** The context to parent a span on, for a call made on behalf of `requestContext` (see above). */
export function parentOf(requestContext: RequestContext | undefined): Context {
  const active = context.active();
  if (trace.getSpan(active) !== undefined) return active;
  return scopeOf(requestContext) ?? syncScope ?? active;
}

/**
 * Runs `work` with `scope` as the synchronous scope, restoring the previous one after: calls
 * without a RequestContext made before `work` first yields parent on it. Costs no async hook.
 */
export function withSyncScope<T>(scope: Context, work: () => T): T {
  const previous = syncScope;
  syncScope = scope;
  try {
    return work();
  } finally {
    syncScope = previous;
  }
}
