/**
 * The one span model every stage of hoptrace speaks: collector, analyzer, alerts and the log
 * ingester. It is a flattened OTLP span: ids as lower-case hex, times as integer microseconds
 * since the epoch (what Jaeger shows; OTLP nanoseconds are truncated), attributes as a plain map.
 *
 * Contract: a Span is immutable once it leaves the stage that built it. Stages that enrich a span
 * (for example with its flow key) build a new object; they never mutate one they received.
 *
 * A Span need not be an object literal: the in-process collector hands on DecodedSpans
 * (collector/otlp/decoded-span.ts) whose `attributes` is an own enumerable accessor that builds
 * the map on first read. Spread, `Object.keys`, JSON and deep equality see it as a plain Span.
 */

/** OTLP SpanKind numbers. */
export const SpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

/** OTLP Status.code numbers. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

export type AttributeValue = string | number | boolean | null | readonly AttributeValue[] | { readonly [key: string]: AttributeValue };
export type Attributes = Readonly<Record<string, AttributeValue>>;

/** The emitting process. One object is shared by all spans of one OTLP ResourceSpans. */
export interface Resource {
  /** `service.name`, e.g. `nova-api`; `unknown_service` when absent. */
  readonly serviceName: string;
  readonly attributes: Attributes;
}

export interface SpanEvent {
  readonly timeUs: number;
  readonly name: string;
  readonly attributes: Attributes;
}

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: Attributes;
}

export interface Span {
  /** 32 lower-case hex characters, never all zero. */
  readonly traceId: string;
  /** 16 lower-case hex characters, never all zero. */
  readonly spanId: string;
  /** 16 lower-case hex characters, or '' for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: SpanKind;
  /** Microseconds since the Unix epoch. */
  readonly startUs: number;
  /** Microseconds since the Unix epoch; >= startUs for a well-formed span. */
  readonly endUs: number;
  readonly statusCode: StatusCode;
  readonly statusMessage: string;
  readonly attributes: Attributes;
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
  readonly resource: Resource;
  readonly scopeName: string;
  /**
   * The flow this span belongs to (global request id, else local request id, else trace id),
   * derived once by the collector's normalisation stage; '' before that.
   */
  readonly flowKey: string;
}

export function isValidTraceId(id: string): boolean {
  return isNonZeroLowerHex(id, 32);
}

export function isValidSpanId(id: string): boolean {
  return isNonZeroLowerHex(id, 16);
}

/** `id` is `length` characters of [0-9a-f], not all '0'. A loop: every span's ids are checked, twice. */
function isNonZeroLowerHex(id: string, length: number): boolean {
  if (id.length !== length) return false;
  let nonZero = false;
  for (let i = 0; i < length; i++) {
    const c = id.charCodeAt(i);
    if (c === 0x30) continue;
    if ((c > 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) nonZero = true;
    else return false;
  }
  return nonZero;
}

/**
 * Implemented by spans that can answer some attribute keys without building their attribute map
 * (collector/otlp/decoded-span.ts: the keys in ANALYZER_KEYS); any other key reads `attributes`.
 */
export interface AttributePeek {
  peekAttribute(key: string): AttributeValue | undefined;
}

/** The span's attribute `key`, as `span.attributes[key]`, read without building a lazily decoded span's map when its decoder already knows it. */
export function attributeOf(span: Pick<Span, 'attributes'>, key: string): AttributeValue | undefined {
  const peekable = span as Pick<Span, 'attributes'> & Partial<AttributePeek>;
  return peekable.peekAttribute === undefined ? span.attributes[key] : peekable.peekAttribute(key);
}

/** Reads a string attribute, or undefined when it is absent or not a string. */
export function stringAttribute(span: Pick<Span, 'attributes'>, key: string): string | undefined {
  const value = attributeOf(span, key);
  return typeof value === 'string' ? value : undefined;
}
