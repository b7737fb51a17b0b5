import { diag, SpanStatusCode } from '@opentelemetry/api';
import type { Attributes, AttributeValue, Exception, HrTime, Link, Span, SpanContext, SpanKind, SpanStatus, TimeInput } from '@opentelemetry/api';
import { hrTimeDuration, isAttributeValue, isTimeInput, sanitizeAttributes } from '@opentelemetry/core';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_STACKTRACE, ATTR_EXCEPTION_TYPE } from '@opentelemetry/semantic-conventions';
import { endTimeOf, explicitTime, startTimeOf, wallOffset } from './span-time.js';

/** What every span of one component shares: where it goes and what it may hold. */
export interface SpanSink {
  readonly processor: SpanProcessor;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  /** The SDK's `attributeCountLimit` (default 128): further new keys are dropped and counted. */
  readonly attributeCountLimit: number;
}

const NO_EVENTS: readonly TimedEvent[] = Object.freeze([]);
const NO_LINKS: readonly Link[] = Object.freeze([]);
const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const NOT_ENDED: HrTime = Object.freeze([0, 0]) as HrTime;

/**
 * A recording span that is both the API `Span` the shims write and the SDK `ReadableSpan` the
 * BatchSpanProcessor and the OTLP exporters read, for the same output as the SDK's own Span at a
 * fraction of its cost on the request path.
 *
 * While the request runs, the span keeps what it is told in its rawest form: two clock readings,
 * the one attributes object the shim built (owned from then on: `setAttribute` writes into it),
 * the end reading. What the SDK's Span does eagerly per call is done once, when an exporter
 * first reads the ended span (at the processor's batch tick, on the same thread, counted in the
 * process's CPU like any other work): HrTime conversion of start, end and duration, and the
 * attribute rules (no empty key, only valid values, at most `attributeCountLimit` keys, the
 * rest counted in `droppedAttributesCount`). Events and links are rare and handled as the SDK does.
 */
export class CompactSpan implements Span, ReadableSpan {
  name: string;
  readonly kind: SpanKind;
  readonly parentSpanContext: SpanContext | undefined;
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  status: SpanStatus = UNSET;
  links: Link[];
  events: TimedEvent[] = NO_EVENTS as TimedEvent[];
  droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  readonly #context: SpanContext;
  readonly #sink: SpanSink;
  readonly #startPerf: number;
  readonly #offset: number;
  #attributes: Attributes;
  #endPerf = -1;
  #explicitEnd: HrTime | undefined;
  #times: { start: HrTime; end: HrTime; duration: HrTime } | undefined;
  #droppedAttributes = -1;

  constructor(sink: SpanSink, name: string, kind: SpanKind, context: SpanContext, parent: SpanContext | undefined, attributes: Attributes | undefined, links: readonly Link[] | undefined) {
    this.#startPerf = performance.now();
    this.#offset = wallOffset(this.#startPerf);
    this.#sink = sink;
    this.name = name;
    this.kind = kind;
    this.#context = context;
    this.parentSpanContext = parent;
    this.resource = sink.resource;
    this.instrumentationScope = sink.scope;
    this.#attributes = attributes ?? {};
    this.links = links === undefined || links.length === 0 ? (NO_LINKS as Link[]) : links.map(copyLink);
  }

  spanContext(): SpanContext {
    return this.#context;
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.#endPerf < 0 && value != null) this.#attributes[key] = value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]!);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.#endPerf >= 0) return this;
    const timeOnly = isTimeInput(attributesOrTime);
    const event: TimedEvent = { name, attributes: timeOnly ? {} : sanitizeAttributes(attributesOrTime), time: explicitTime(this.#offset, timeOnly ? attributesOrTime : time), droppedAttributesCount: 0 };
    if (this.events.length >= 128) {
      this.events.shift();
      this.droppedEventsCount += 1;
    }
    if (this.events === NO_EVENTS) this.events = [event];
    else this.events.push(event);
    return this;
  }

  addLink(link: Link): this {
    if (this.#endPerf < 0) this.links = [...this.links, copyLink(link)];
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.#endPerf >= 0 || status.code === SpanStatusCode.UNSET || this.status.code === SpanStatusCode.OK) return this;
    this.status = status.code === SpanStatusCode.ERROR && typeof status.message === 'string' ? { code: status.code, message: status.message } : { code: status.code };
    return this;
  }

  updateName(name: string): this {
    if (this.#endPerf < 0) this.name = name;
    return this;
  }

  /** Ends the span and hands it to the processor; a second call is reported and ignored, as in the SDK. */
  end(endTime?: TimeInput): void {
    if (this.#endPerf >= 0) {
      diag.error(`${this.name} ${this.#context.traceId}-${this.#context.spanId} - You can only call end() on a span once.`);
      return;
    }
    this.#endPerf = performance.now();
    if (endTime !== undefined) this.#explicitEnd = explicitTime(this.#offset, endTime);
    this.#sink.processor.onEnd(this);
  }

  isRecording(): boolean {
    return this.#endPerf < 0;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') attributes[ATTR_EXCEPTION_MESSAGE] = exception;
    else if (exception !== undefined) {
      if (exception.code !== undefined) attributes[ATTR_EXCEPTION_TYPE] = exception.code.toString();
      else if (exception.name !== undefined) attributes[ATTR_EXCEPTION_TYPE] = exception.name;
      if (exception.message !== undefined) attributes[ATTR_EXCEPTION_MESSAGE] = exception.message;
      if (exception.stack !== undefined) attributes[ATTR_EXCEPTION_STACKTRACE] = exception.stack;
    }
    if (attributes[ATTR_EXCEPTION_TYPE] !== undefined || attributes[ATTR_EXCEPTION_MESSAGE] !== undefined) this.addEvent('exception', attributes, time);
  }

  get ended(): boolean {
    return this.#endPerf >= 0;
  }

  get startTime(): HrTime {
    return this.#settledTimes().start;
  }

  get endTime(): HrTime {
    return this.#endPerf < 0 ? NOT_ENDED : this.#settledTimes().end;
  }

  get duration(): HrTime {
    return this.#endPerf < 0 ? ([-1, -1] as HrTime) : this.#settledTimes().duration;
  }

  /** The attributes, under the SDK's rules once the span has ended (see the class comment). */
  get attributes(): Attributes {
    if (this.#endPerf >= 0 && this.#droppedAttributes < 0) this.#settleAttributes();
    return this.#attributes;
  }

  get droppedAttributesCount(): number {
    if (this.#endPerf >= 0 && this.#droppedAttributes < 0) this.#settleAttributes();
    return Math.max(0, this.#droppedAttributes);
  }

  #settledTimes(): { start: HrTime; end: HrTime; duration: HrTime } {
    if (this.#times !== undefined) return this.#times;
    const start = startTimeOf(this.#startPerf, this.#offset);
    if (this.#endPerf < 0) return { start, end: NOT_ENDED, duration: [-1, -1] };
    const end = this.#explicitEnd ?? endTimeOf(start, this.#startPerf, this.#endPerf);
    const duration = hrTimeDuration(start, end);
    this.#times = duration[0] < 0 ? { start, end: [start[0], start[1]], duration: [0, 0] } : { start, end, duration };
    return this.#times;
  }

  #settleAttributes(): void {
    const limit = this.#sink.attributeCountLimit;
    let kept = 0;
    let dropped = 0;
    let clean = true;
    for (const key in this.#attributes) {
      if (key === '' || !isAttributeValue(this.#attributes[key]) || kept >= limit) clean = false;
      else kept += 1;
    }
    if (!clean) {
      const settled: Attributes = {};
      kept = 0;
      for (const key in this.#attributes) {
        const value = this.#attributes[key];
        if (key === '' || !isAttributeValue(value)) continue;
        if (kept >= limit) {
          dropped += 1;
        } else {
          settled[key] = value;
          kept += 1;
        }
      }
      this.#attributes = settled;
    }
    this.#droppedAttributes = dropped;
  }
}

function copyLink(link: Link): Link {
  const attributes = sanitizeAttributes(link.attributes);
  return Object.keys(attributes).length === 0 ? { context: link.context } : { context: link.context, attributes };
}
