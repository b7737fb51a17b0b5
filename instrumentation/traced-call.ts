import { context, SpanStatusCode } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import { Attr } from '../core/attributes.js';
import { hasContextManager } from './scope.js';

/** `error.type` for a thrown value: its class name, else `_OTHER` (semantic conventions). */
export function errorTypeOf(error: unknown): string {
  if (error instanceof Error && error.name !== '') return error.name;
  return '_OTHER';
}

/** Marks `span` failed with a low-cardinality `error.type`, recording `error` as an exception event. */
export function markError(span: Span, errorType: string, error?: unknown): void {
  span.setAttribute(Attr.errorType, errorType);
  if (error instanceof Error) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  } else {
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

/**
 * Runs `work`, ends `span` when it settles, and marks the span failed when it rejects or throws
 * (the error is passed on untouched). With `active` (a context holding `span`) and a context
 * manager in the process, the work runs with it as the active context, for hosts that read the
 * active span in work that starts spans of its own (a dispatched RPC method; the shims
 * themselves find it through the RequestContext); without, it runs in the caller's context (a
 * leaf call such as an HTTP request or a db statement). `record`, if given, reads the result
 * into the span just before it ends; if it throws, the result still goes back.
 *
 * Cost: one reaction on the work's promise, `record` included; the caller gets the work's own
 * promise back (`endWhenSettled`). No async function and no `await` here on purpose: each would
 * add promises and microtask turns to every hop (and, with the opt-in AsyncLocalStorage manager
 * on Node 20, an async hook per promise).
 */
export function runInSpan<T>(span: Span, active: Context | undefined, work: () => Promise<T>, record?: (value: T) => void): Promise<T> {
  let pending: Promise<T>;
  try {
    pending = active === undefined || !hasContextManager() ? work() : context.with(active, work);
  } catch (error) {
    return failed(span, error);
  }
  return endWhenSettled(span, pending, record);
}

/**
 * `runInSpan`'s end: `span` ends when `pending` settles, and `pending` itself goes back to the
 * caller. The span's reaction is attached first, so it runs before any of the caller's, and the
 * caller awaits the call's own promise, not one chained on it (one promise and one microtask
 * turn fewer per traced call). A rejection reaches the caller untouched through `pending`.
 * Because the span's reaction handles it, a caller that drops the promise no longer gets Node's
 * unhandled-rejection report for it.
 */
function endWhenSettled<T>(span: Span, pending: Promise<T>, record?: (value: T) => void): Promise<T> {
  pending.then(
    (value) => {
      try {
        record?.(value);
      } catch {
        // reading the result into the span must not fail the call
      }
      span.end();
    },
    (error: unknown) => {
      failAndEnd(span, error);
    },
  );
  return pending;
}

/** `runInSpan`'s answer when the call threw before returning a promise: the span fails and ends, the error is passed on. */
function failed<T>(span: Span, error: unknown): Promise<T> {
  failAndEnd(span, error);
  return Promise.reject(error);
}

function failAndEnd(span: Span, error: unknown): void {
  markError(span, errorTypeOf(error), error);
  span.end();
}

/** Options every client-side shim takes. */
export interface ShimOptions {
  /** Told when the shim itself fails; the call then goes on untraced. */
  readonly onInternalError?: (error: unknown) => void;
}

/**
 * One traced call as a shim sets it up: its span, the context to run under (if any), the call.
 * Shims build it with method shorthand (`run() {…}`), not arrow-function properties: under tsx
 * (esbuild's keepNames) every named arrow costs an `Object.defineProperty` each time it is
 * created, and this object is created once per traced call.
 */
export interface TracedCall<T> {
  readonly span: Span;
  /** Run the call with this context (holding `span`) active; omit for leaf calls. */
  readonly active?: Context;
  readonly run: () => Promise<T>;
  /** Reads the call's result into the span before it ends (see `runInSpan`). */
  readonly record?: (value: T) => void;
}

/**
 * The shape of every client-side and dispatcher shim: `setup` starts the span and prepares the
 * call; if the shim's own setup throws, the error goes to `onInternalError` and the call is made
 * untraced, so telemetry never fails the host's call.
 */
export function traceCall<T>(setup: () => TracedCall<T>, untraced: () => Promise<T>, onInternalError?: (error: unknown) => void): Promise<T> {
  let call: TracedCall<T>;
  try {
    call = setup();
  } catch (error) {
    onInternalError?.(error);
    return untraced();
  }
  return runInSpan(call.span, call.active, call.run, call.record);
}
