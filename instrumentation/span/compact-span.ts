import { diag, SpanStatusCode } from '@opentelemetry/api';
import type { Attributes, AttributeValue, Exception, HrTime, Link, Span, SpanContext, SpanKind, SpanStatus, TimeInput } from '@opentelemetry/api';
import { hrTimeDuration, isTimeInput, sanitizeAttributes } from '@opentelemetry/core';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { exceptionAttributes } from './exception.js';
import { limitAttributes } from './span-limits.js';
import { endTimeOf, explicitTime, startTimeOf, wallOffset } from './span-time.js';

/** What every span of one component shares: where it goes and what it may hold. */
export interface SpanSink {
  readonly processor: SpanProcessor;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  /** The SDK's `attributeCountLimit` (default 128): further new keys are dropped and counted. */
  readonly attributeCountLimit: number;
  /** Told when a span's completion throws (the span is exported with what it had); must not throw. */
  readonly onError?: (error: unknown) => void;
}

/** Fills in an ended span from what its shim captured (see `CompactSpan.endLater`). */
export type Completion<T> = (span: Span, captured: T) => void;

const NO_LINKS: readonly Link[] = Object.freeze([]);
const NO_EVENTS: readonly TimedEvent[] = Object.freeze([]);
const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const EVENT_COUNT_LIMIT = 128;

/**
 * A recording span that is both the API `Span` the shims write and the SDK `ReadableSpan` the
 * BatchSpanProcessor and the OTLP exporters read, for the same output as the SDK's own Span at a
 * fraction of its cost on the request path.
 *
 * While the request runs, the span keeps what it is told in its rawest form: two clock readings,
 * the one attributes object the shim built (owned from then on: `setAttribute` writes into it),
 * the end reading, and optionally a completion with what the shim captured at the end
 * (`endLater`). What the SDK's Span does eagerly per call is done once, when an exporter first
 * reads the ended span (at the processor's batch tick, on the same thread, counted in the
 * process's CPU like any other work): the completion, HrTime conversion of start, end and
 * duration, and the attribute rules (`limitAttributes`). Events and links are rare and handled
 * as the SDK does.
 */
export class CompactSpan implements Span, ReadableSpan {
  readonly kind: SpanKind;
  readonly parentSpanContext: SpanContext | undefined;
  droppedEventsCount = 0;
  readonly #context: SpanContext;
  readonly #sink: SpanSink;
  readonly #startPerf: number;
  readonly #offset: number;
  #name: string;
  #status: SpanStatus = UNSET;
  #events: TimedEvent[] | undefined;
  #links: Link[] | undefined;
  #attributes: Attributes;
  #endPerf = -1;
  #explicitEnd: HrTime | undefined;
  #complete: Completion<unknown> | undefined;
  #captured: unknown;
  /** 0 open, 1 ended, 2 completing (the completion may still write), 3 settled. */
  #state = 0;
  #times: { start: HrTime; end: HrTime; duration: HrTime } | undefined;
  #droppedAttributes = 0;

  constructor(sink: SpanSink, name: string, kind: SpanKind, context: SpanContext, parent: SpanContext | undefined, attributes: Attributes | undefined, links: readonly Link[] | undefined) {
    this.#startPerf = performance.now();
    this.#offset = wallOffset(this.#startPerf);
    this.#sink = sink;
    this.#name = name;
    this.kind = kind;
    this.#context = context;
    this.parentSpanContext = parent;
    this.#attributes = attributes ?? {};
    if (links !== undefined && links.length > 0) this.#links = links.map(copyLink);
  }

  spanContext(): SpanContext {
    return this.#context;
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.#writable() && value != null) this.#attributes[key] = value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]!);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (!this.#writable()) return this;
    const timeOnly = isTimeInput(attributesOrTime);
    const event: TimedEvent = { name, attributes: timeOnly ? {} : sanitizeAttributes(attributesOrTime), time: explicitTime(this.#offset, timeOnly ? attributesOrTime : time), droppedAttributesCount: 0 };
    this.#events ??= [];
    if (this.#events.length >= EVENT_COUNT_LIMIT) {
      this.#events.shift();
      this.droppedEventsCount += 1;
    }
    this.#events.push(event);
    return this;
  }

  addLink(link: Link): this {
    if (this.#writable()) (this.#links ??= []).push(copyLink(link));
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (!this.#writable() || status.code === SpanStatusCode.UNSET || this.#status.code === SpanStatusCode.OK) return this;
    this.#status = status.code === SpanStatusCode.ERROR && typeof status.message === 'string' ? { code: status.code, message: status.message } : { code: status.code };
    return this;
  }

  updateName(name: string): this {
    if (this.#writable()) this.#name = name;
    return this;
  }

  /** Ends the span and hands it to the processor; a second call is reported and ignored, as in the SDK. */
  end(endTime?: TimeInput): void {
    if (this.#state !== 0) {
      diag.error(`${this.#name} ${this.#context.traceId}-${this.#context.spanId} - You can only call end() on a span once.`);
      return;
    }
    this.#endPerf = performance.now();
    this.#state = 1;
    if (endTime !== undefined) this.#explicitEnd = explicitTime(this.#offset, endTime);
    this.#sink.processor.onEnd(this);
  }

  /**
   * Leaves the rest of the span to `complete`, called with `captured` (plain values the shim
   * read, possibly filled in until the span ends) when the ended span is first read, before
   * anything else is: it may name the span, set attributes, status and events as if the span
   * were still open. Writes made directly in the meantime come first. One completion per span;
   * ignored once ended.
   */
  completeWhenRead<T>(complete: Completion<T>, captured: T): void {
    if (this.#state !== 0) return;
    this.#complete = complete as Completion<unknown>;
    this.#captured = captured;
  }

  /** `completeWhenRead`, then `end()`. */
  endLater<T>(complete: Completion<T>, captured: T): void {
    this.completeWhenRead(complete, captured);
    this.end();
  }

  isRecording(): boolean {
    return this.#state === 0;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes = exceptionAttributes(exception);
    if (attributes !== undefined) this.addEvent('exception', attributes, time);
  }

  get name(): string {
    this.#settle();
    return this.#name;
  }

  get status(): SpanStatus {
    this.#settle();
    return this.#status;
  }

  get events(): TimedEvent[] {
    this.#settle();
    return this.#events ?? (NO_EVENTS as TimedEvent[]);
  }

  get links(): Link[] {
    return this.#links ?? (NO_LINKS as Link[]);
  }

  /** The attributes, under the SDK's rules once the span has ended (see the class comment). */
  get attributes(): Attributes {
    this.#settle();
    return this.#attributes;
  }

  get droppedAttributesCount(): number {
    this.#settle();
    return this.#droppedAttributes;
  }

  get resource(): Resource {
    return this.#sink.resource;
  }

  get instrumentationScope(): InstrumentationScope {
    return this.#sink.scope;
  }

  get droppedLinksCount(): number {
    return 0;
  }

  get ended(): boolean {
    return this.#state !== 0;
  }

  get startTime(): HrTime {
    return this.#timesOf().start;
  }

  get endTime(): HrTime {
    return this.#timesOf().end;
  }

  get duration(): HrTime {
    return this.#timesOf().duration;
  }

  #writable(): boolean {
    return this.#state === 0 || this.#state === 2;
  }

  /** Once ended: runs the completion, then applies the attribute rules; once only. */
  #settle(): void {
    if (this.#state !== 1) return;
    const complete = this.#complete;
    if (complete !== undefined) {
      this.#state = 2;
      this.#complete = undefined;
      try {
        complete(this, this.#captured);
      } catch (error) {
        if (this.#sink.onError === undefined) diag.error('hoptrace: completing a span failed', error);
        else this.#sink.onError(error);
      }
      this.#captured = undefined;
    }
    const limited = limitAttributes(this.#attributes, this.#sink.attributeCountLimit);
    this.#attributes = limited.attributes;
    this.#droppedAttributes = limited.dropped;
    this.#state = 3;
  }

  #timesOf(): { start: HrTime; end: HrTime; duration: HrTime } {
    if (this.#times !== undefined) return this.#times;
    const start = startTimeOf(this.#startPerf, this.#offset);
    if (this.#state === 0) return { start, end: [0, 0], duration: [-1, -1] };
    const end = this.#explicitEnd ?? endTimeOf(start, this.#startPerf, this.#endPerf);
    const duration = hrTimeDuration(start, end);
    this.#times = duration[0] < 0 ? { start, end: [start[0], start[1]], duration: [0, 0] } : { start, end, duration };
    return this.#times;
  }
}

function copyLink(link: Link): Link {
  const attributes = sanitizeAttributes(link.attributes);
  return Object.keys(attributes).length === 0 ? { context: link.context } : { context: link.context, attributes };
}
