import { context, createContextKey, ROOT_CONTEXT, trace } from '@opentelemetry/api';
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
 * 1. the active context, when it holds a span: the host registered a context manager (before
 *    `createTracing`, see `probeContextManager`) and called `context.with` itself, which is the
 *    most specific statement there is;
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

const PROBE = createContextKey('hoptrace.contextManagerProbe');
let contextManager: boolean | undefined;

/**
 * Checks (again) whether the process has a working context manager, i.e. whether `context.with`
 * and `context.active()` mean anything; without one the shims skip both. `createTracing` calls
 * this, after installing its own manager when asked to; otherwise the first shim call does.
 */
export function probeContextManager(): boolean {
  const probe = ROOT_CONTEXT.setValue(PROBE, true);
  contextManager = context.with(probe, () => context.active() === probe);
  return contextManager;
}

/** Whether the process had a context manager when last probed. */
export function hasContextManager(): boolean {
  return contextManager ?? probeContextManager();
}

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
  if (hasContextManager()) {
    const active = context.active();
    if (trace.getSpan(active) !== undefined) return active;
  }
  return scopeOf(requestContext) ?? syncScope ?? ROOT_CONTEXT;
}

/**
 * Runs `work` with `scope` as the synchronous scope, restoring the previous one after: calls
 * without a RequestContext made before `work` first yields parent on it. With a context manager
 * (`hasContextManager`), `scope` is also the active context while `work` runs, and stays so
 * across its awaits. Costs no async hook otherwise.
 */
export function withSyncScope<T>(scope: Context, work: () => T): T {
  const previous = syncScope;
  syncScope = scope;
  try {
    return hasContextManager() ? context.with(scope, work) : work();
  } finally {
    syncScope = previous;
  }
}
