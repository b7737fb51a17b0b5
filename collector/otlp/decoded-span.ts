import type { AttributePeek, AttributeValue, Attributes, Resource, Span, SpanEvent, SpanKind, SpanLink, StatusCode } from '../../core/span.js';
import { KNOWN_KEYS } from './known-attributes.js';

/**
 * Builds a span's attribute map from where its decoder left it: `data` is the protobuf body with
 * `[start, end)` the Span message, or the parsed JSON KeyValue list (start and end unused). The
 * decoder has validated that data already, so a builder must not throw.
 */
export type AttributeBuilder = (data: unknown, start: number, end: number) => Attributes;

/** Builds a span's events from the same place, under the same contract (checked bytes: must not throw). */
export type EventBuilder = (data: unknown, start: number, end: number) => readonly SpanEvent[];

/** Where an unbuilt attribute map would be built from (DecodedSpan.sourceOf). */
export interface AttributeSource {
  readonly build: AttributeBuilder;
  readonly data: unknown;
  readonly start: number;
  readonly end: number;
  /** The known keys' values the decoder read (see peekAttribute), if it read them. */
  readonly known: Readonly<Record<string, AttributeValue>> | undefined;
}

/**
 * A span whose attribute map is built on first read of `attributes`, from the request bytes (or
 * parsed JSON) it was decoded from, then cached; its events likewise when its decoder gave an
 * EventBuilder (reconstruction never reads events, and events held for a flow's quiet period
 * cost the garbage collector more than decoding them). Every other field is a plain own
 * property, read and validated when the request was decoded, so validation and the flow key
 * never wait for either.
 *
 * `attributes` and `events` are own enumerable accessors, so the span behaves as a plain Span
 * everywhere: object spread, `Object.keys`, `JSON.stringify`, structuredClone and deep equality
 * all see (and build) them. Defining them costs about 0.3 µs per span, far less than building
 * them. Until both are built, the span keeps its request body alive (released once they are).
 *
 * A decoder may also hand it the values of the known keys (known-attributes.ts) it read while
 * checking the attributes: `peekAttribute` then answers those keys without building the map.
 */
export class DecodedSpan implements Span, AttributePeek {
  // `declare`: the fields are created by the constructor's assignments, in the Span interface's order.
  declare readonly traceId: string;
  declare readonly spanId: string;
  declare readonly parentSpanId: string;
  declare readonly name: string;
  declare readonly kind: SpanKind;
  declare readonly startUs: number;
  declare readonly endUs: number;
  declare readonly statusCode: StatusCode;
  declare readonly statusMessage: string;
  declare readonly attributes: Attributes;
  declare readonly events: readonly SpanEvent[];
  declare readonly links: readonly SpanLink[];
  declare readonly resource: Resource;
  declare readonly scopeName: string;
  declare readonly flowKey: string;
  #attributes: Attributes | undefined = undefined;
  #build: AttributeBuilder | undefined;
  #events: readonly SpanEvent[] | undefined;
  #buildEvents: EventBuilder | undefined;
  #data: unknown;
  readonly #start: number;
  readonly #end: number;
  readonly #known: Readonly<Record<string, AttributeValue>> | undefined;

  // Positional, not an options object: decoders build one per span on the hot path.
  constructor(
    traceId: string, spanId: string, parentSpanId: string, name: string, kind: SpanKind, startUs: number, endUs: number,
    statusCode: StatusCode, statusMessage: string, events: readonly SpanEvent[] | EventBuilder, links: readonly SpanLink[],
    resource: Resource, scopeName: string, flowKey: string, build: AttributeBuilder, data: unknown, start: number, end: number,
    known?: Readonly<Record<string, AttributeValue>>,
  ) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.name = name;
    this.kind = kind;
    this.startUs = startUs;
    this.endUs = endUs;
    this.statusCode = statusCode;
    this.statusMessage = statusMessage;
    // Two defineProperty calls: about 0.2 µs each; one defineProperties call costs 0.8 µs.
    Object.defineProperty(this, 'attributes', DecodedSpan.#attributesProperty);
    Object.defineProperty(this, 'events', DecodedSpan.#eventsProperty);
    if (typeof events === 'function') this.#buildEvents = events;
    else this.#events = events;
    this.links = links;
    this.resource = resource;
    this.scopeName = scopeName;
    this.flowKey = flowKey;
    this.#build = build;
    this.#data = data;
    this.#start = start;
    this.#end = end;
    this.#known = known;
  }

  /** `attributes[key]`; a known key is answered from what the decoder read, without building the map. */
  peekAttribute(key: string): AttributeValue | undefined {
    if (this.#attributes === undefined && this.#known !== undefined && KNOWN_KEYS.has(key)) return this.#known[key];
    return this.attributes[key];
  }

  /** What the span's attribute map would be built from, while it is not built yet; undefined for any other span. */
  static sourceOf(span: Span): AttributeSource | undefined {
    if (!(span instanceof DecodedSpan) || span.#build === undefined) return undefined;
    return { build: span.#build, data: span.#data, start: span.#start, end: span.#end, known: span.#known };
  }

  /** Shared by every instance: one getter each, so all DecodedSpans keep one hidden class. */
  static readonly #attributesProperty: PropertyDescriptor = {
    get(this: DecodedSpan): Attributes {
      return this.#attributes ?? this.#buildAttributes();
    },
    enumerable: true,
  };

  static readonly #eventsProperty: PropertyDescriptor = {
    get(this: DecodedSpan): readonly SpanEvent[] {
      return this.#events ?? this.#buildEventList();
    },
    enumerable: true,
  };

  #buildAttributes(): Attributes {
    const attributes = this.#build!(this.#data, this.#start, this.#end);
    this.#attributes = attributes;
    this.#build = undefined;
    if (this.#buildEvents === undefined) this.#data = undefined;
    return attributes;
  }

  #buildEventList(): readonly SpanEvent[] {
    const events = this.#buildEvents!(this.#data, this.#start, this.#end);
    this.#events = events;
    this.#buildEvents = undefined;
    if (this.#build === undefined) this.#data = undefined;
    return events;
  }
}
