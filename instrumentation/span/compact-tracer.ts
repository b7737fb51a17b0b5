import { context as contextApi, isSpanContextValid, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import type { Attributes, Context, Link, Span, SpanContext, SpanKind, SpanOptions, Tracer } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import { CompactSpan } from './compact-span.js';
import type { SpanSink } from './compact-span.js';
import { RemoteSpan } from './remote-span.js';

/**
 * The Tracer of one component: `CompactSpan`s into the component's span processor (the SDK's
 * BatchSpanProcessor), deciding as the SDK's Tracer with its default sampler does
 * (`ParentBased(AlwaysOn)`): a root span or the child of a sampled parent records and is
 * sampled; the child of an unsampled parent, or any span under `suppressTracing`, is a
 * non-recording span that still carries ids. No sampling beyond that, no spans dropped.
 *
 * Ownership: `options.attributes` is owned by the span from then on (the shims build a fresh
 * object per span); the SDK copies it, this does not.
 */
export class CompactTracer implements Tracer {
  readonly #sink: SpanSink;
  readonly #ids: IdGenerator;

  constructor(sink: SpanSink, ids: IdGenerator) {
    this.#sink = sink;
    this.#ids = ids;
  }

  startSpan(name: string, options: SpanOptions = {}, context: Context = contextApi.active()): Span {
    return this.#start(name, options.kind ?? 0, context, options.root === true, options.attributes, options.links);
  }

  /**
   * `startSpan('', { kind }, context)` without an options object: for shims that describe the
   * span when it is exported (`CompactSpan.completeWhenRead`).
   */
  startKind(kind: SpanKind, context: Context): Span {
    return this.#start('', kind, context, false, undefined, undefined);
  }

  #start(name: string, kind: SpanKind, context: Context, root: boolean, attributes: Attributes | undefined, links: Link[] | undefined): Span {
    if (context === ROOT_CONTEXT) return this.#root(name, kind, context, attributes, links);
    const parentSpan = root ? undefined : trace.getSpan(context);
    const parentContext = parentSpan?.spanContext();
    const parent = parentContext !== undefined && (parentSpan instanceof CompactSpan || parentSpan instanceof RemoteSpan || isSpanContextValid(parentContext)) ? parentContext : undefined;
    const spanId = this.#ids.generateSpanId();
    if (isTracingSuppressed(context)) return trace.wrapSpanContext({ traceId: parent?.traceId ?? this.#ids.generateTraceId(), spanId, traceFlags: TraceFlags.NONE });
    const sampled = parent === undefined || (parent.traceFlags & TraceFlags.SAMPLED) !== 0;
    const spanContext: SpanContext = { traceId: parent?.traceId ?? this.#ids.generateTraceId(), spanId, traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE, traceState: parent?.traceState };
    if (!sampled) return trace.wrapSpanContext(spanContext);
    const span = new CompactSpan(this.#sink, name, kind, spanContext, parent, attributes, links);
    this.#sink.processor.onStart(span, context);
    return span;
  }

  /** `#start` under ROOT_CONTEXT, which holds no span and no suppression: a new sampled trace. */
  #root(name: string, kind: SpanKind, context: Context, attributes: Attributes | undefined, links: Link[] | undefined): Span {
    const spanContext: SpanContext = { traceId: this.#ids.generateTraceId(), spanId: this.#ids.generateSpanId(), traceFlags: TraceFlags.SAMPLED, traceState: undefined };
    const span = new CompactSpan(this.#sink, name, kind, spanContext, undefined, attributes, links);
    this.#sink.processor.onStart(span, context);
    return span;
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? (rest[0] as SpanOptions) : undefined;
    const parent = rest.length > 2 ? (rest[1] as Context) : contextApi.active();
    const span = this.startSpan(name, options, parent);
    return contextApi.with(trace.setSpan(parent, span), fn as (span: Span) => ReturnType<F>, undefined, span);
  }
}
