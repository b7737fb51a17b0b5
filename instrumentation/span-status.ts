import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import { Attr } from '../core/attributes.js';

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
 * Runs `work` with `span` active on top of `parent`, ends the span when the work settles, and
 * marks it failed when the work throws (the error is rethrown untouched).
 */
export async function runInSpan<T>(span: Span, parent: Context, work: () => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    markError(span, errorTypeOf(error), error);
    throw error;
  } finally {
    span.end();
  }
}
