import { createContextKey, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';

/** The key `trace.setSpan` stores a span under (`createContextKey` is `Symbol.for`, shared by every copy of the API). */
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');

/**
 * `trace.setSpan(parent, span)` for the one context a shim makes per request: the same answers
 * (`trace.getSpan` finds `span`, every other key is looked up in `parent`) without copying the
 * parent's map and binding three closures per request, as the API's BaseContext does. Deriving
 * from it (`setValue`, `deleteValue`) builds an ordinary context.
 */
class SpanScope implements Context {
  readonly #parent: Context;
  readonly #span: Span;

  constructor(parent: Context, span: Span) {
    this.#parent = parent;
    this.#span = span;
  }

  getValue(key: symbol): unknown {
    return key === SPAN_KEY ? this.#span : this.#parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return trace.setSpan(this.#parent, this.#span).setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return trace.setSpan(this.#parent, this.#span).deleteValue(key);
  }
}

/** A context holding `span` on top of `parent` (see SpanScope). */
export function spanScope(parent: Context, span: Span): Context {
  return new SpanScope(parent, span);
}
