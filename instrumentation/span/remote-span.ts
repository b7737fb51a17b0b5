import type { Span, SpanContext } from '@opentelemetry/api';

/**
 * The span a trace context read from the wire stands for: what `trace.wrapSpanContext` makes (a
 * non-recording span that only carries its context), for a context that is valid by
 * construction (`extractTraceContext` parsed it under the W3C rules). `CompactTracer` parents on
 * it without validating the ids again.
 */
export class RemoteSpan implements Span {
  readonly #context: SpanContext;

  constructor(context: SpanContext) {
    this.#context = context;
  }

  spanContext(): SpanContext {
    return this.#context;
  }

  setAttribute(): this {
    return this;
  }

  setAttributes(): this {
    return this;
  }

  addEvent(): this {
    return this;
  }

  addLink(): this {
    return this;
  }

  addLinks(): this {
    return this;
  }

  setStatus(): this {
    return this;
  }

  updateName(): this {
    return this;
  }

  end(): void {}

  isRecording(): boolean {
    return false;
  }

  recordException(): void {}
}
