import type { Context } from '@opentelemetry/api';
import type { ServerResponse } from 'node:http';
import type { RequestContext } from '../../sim/kit/context.js';
import { attachScope } from '../scope.js';

const STORED = Symbol('hoptrace.storedContext');
const SCOPE = Symbol('hoptrace.requestScope');

/**
 * `res.locals` of a traced request: the request's span scope, and a `context` accessor (on the
 * prototype, shared by every request) that attaches the scope to the RequestContext the service
 * stores there. Every other local is an ordinary own property, as on express's own `locals`.
 * One small object per request, of one shape: no per-request `defineProperty`, which would turn
 * each `locals` object into a slow dictionary-mode object that every later read pays for.
 */
class ScopedLocals {
  [SCOPE]: Context;
  [STORED]: unknown = undefined;

  constructor(scope: Context) {
    this[SCOPE] = scope;
  }

  get context(): unknown {
    return this[STORED];
  }

  set context(value: unknown) {
    this[STORED] = value;
    if (isRequestContext(value)) attachScope(value, this[SCOPE]);
  }
}

/**
 * Attaches `scope` (the server span's context) to the RequestContext the service creates for
 * this request, so the db statements, HTTP calls and RPC messages made for the request parent on
 * the server span without an async context manager (see `scope.ts`).
 *
 * The server shim runs before the service's request-id middleware, which creates the
 * RequestContext and stores it as `res.locals.context`. So this gives the response a `locals`
 * object (`ScopedLocals`) that attaches the scope when the context is stored (and to a later
 * replacement), carrying over whatever `locals` already held (a context already stored
 * included). Wrapping the app, the shim runs before express, which then keeps this `locals`
 * rather than making its own. Nothing global is patched; `res.locals.context` reads and writes
 * as before, and `locals` keeps express's contract (a plain bag of request-scoped values); the
 * one difference is that `context` is an accessor on its prototype rather than an own property.
 */
export function scopeRequestContext(res: ServerResponse, scope: Context): void {
  const response = res as ServerResponse & { locals?: Record<string, unknown> };
  const previous = response.locals;
  const locals = new ScopedLocals(scope) as ScopedLocals & Record<string, unknown>;
  if (previous !== undefined) for (const key in previous) locals[key] = previous[key];
  response.locals = locals;
}

function isRequestContext(value: unknown): value is RequestContext {
  return typeof value === 'object' && value !== null;
}
