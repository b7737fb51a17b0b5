import type { Context } from '@opentelemetry/api';
import type { Response } from 'express';
import type { RequestContext } from '../../sim/kit/context.js';
import { attachScope } from '../scope.js';

/** Where the sim's request-id middleware stores the request's context (`contextOf(res)`). */
const CONTEXT_LOCAL = 'context';
const STORED = Symbol('hoptrace.storedContext');
const SCOPE = Symbol('hoptrace.requestScope');

interface ScopedLocals {
  [STORED]?: unknown;
  [SCOPE]: Context;
}

/**
 * One accessor shared by every response: the per-request state lives in symbol slots of the
 * `locals` object itself, so a request costs one `defineProperty` and no closures.
 */
const CONTEXT_ACCESSOR: PropertyDescriptor & ThisType<ScopedLocals> = {
  configurable: true,
  enumerable: true,
  get() {
    return this[STORED];
  },
  set(value: unknown) {
    this[STORED] = value;
    if (isRequestContext(value)) attachScope(value, this[SCOPE]);
  },
};

/**
 * Attaches `scope` (the server span's context) to the RequestContext the service creates for
 * this request, so the db statements, HTTP calls and RPC messages made for the request parent on
 * the server span without an async context manager (see `scope.ts`).
 *
 * The tracing middleware runs before the service's request-id middleware, which creates the
 * RequestContext and stores it as `res.locals.context`. So this puts an accessor on this one
 * response's own `locals` object that attaches the scope when the context is stored (and to a
 * context already stored, or a later replacement). Nothing global is patched; reading and
 * writing `res.locals.context` behave as before (an own, enumerable property).
 */
export function scopeRequestContext(res: Response, scope: Context): void {
  const locals = res.locals as unknown as ScopedLocals & Record<string, unknown>;
  const stored = locals[CONTEXT_LOCAL];
  locals[SCOPE] = scope;
  Object.defineProperty(locals, CONTEXT_LOCAL, CONTEXT_ACCESSOR);
  if (stored !== undefined) locals[CONTEXT_LOCAL] = stored;
}

function isRequestContext(value: unknown): value is RequestContext {
  return typeof value === 'object' && value !== null;
}
