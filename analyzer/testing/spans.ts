/**
 * Deterministic span builders for analyzer tests and benchmarks: hand-built flows whose every id,
 * time and attribute is chosen by the test. Ids come from a counter, so two factories built with
 * the same seed produce identical spans.
 */
import { Attr } from '../../core/attributes.js';
import { StatusCode } from '../../core/span.js';
import type { Attributes, Resource, Span, SpanKind } from '../../core/span.js';

export interface SpanSpec {
  readonly service: string;
  readonly kind: SpanKind;
  readonly name: string;
  /** Start, in microseconds since the epoch. */
  readonly startUs: number;
  readonly durationUs: number;
  readonly parent?: Span;
  /** Defaults to the parent's trace id, else a fresh one. */
  readonly traceId?: string;
  readonly requestId?: string;
  readonly globalRequestId?: string;
  readonly attributes?: Attributes;
  /** `host.name` of the emitting process; defaults to the service name. */
  readonly host?: string;
  readonly error?: boolean;
}

export class SpanFactory {
  #next: number;
  /** One resource per (service, host), shared by the spans of that process as a decoder shares it (every span of a ResourceSpans). */
  readonly #resources = new Map<string, Resource>();

  constructor(seed = 1) {
    this.#next = seed * 1_000_000;
  }

  traceId(): string {
    return (this.#next++).toString(16).padStart(32, '0');
  }

  spanId(): string {
    return (this.#next++).toString(16).padStart(16, '0');
  }

  requestId(): string {
    const hex = (this.#next++).toString(16).padStart(32, '0');
    return `req-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  span(spec: SpanSpec): Span {
    const attributes: Record<string, Attributes[string]> = { ...spec.attributes };
    if (spec.requestId !== undefined) attributes[Attr.requestId] = spec.requestId;
    if (spec.globalRequestId !== undefined) attributes[Attr.globalRequestId] = spec.globalRequestId;
    return {
      traceId: spec.traceId ?? spec.parent?.traceId ?? this.traceId(),
      spanId: this.spanId(),
      parentSpanId: spec.parent?.spanId ?? '',
      name: spec.name,
      kind: spec.kind,
      startUs: spec.startUs,
      endUs: spec.startUs + spec.durationUs,
      statusCode: spec.error === true ? StatusCode.ERROR : StatusCode.UNSET,
      statusMessage: '',
      attributes,
      events: [],
      links: [],
      resource: this.#resourceOf(spec.service, spec.host ?? spec.service),
      scopeName: 'hoptrace-test',
      flowKey: '',
    };
  }

  #resourceOf(service: string, host: string): Resource {
    const key = `${service}\u0000${host}`;
    let resource = this.#resources.get(key);
    if (resource === undefined) this.#resources.set(key, (resource = { serviceName: service, attributes: { [Attr.hostName]: host } }));
    return resource;
  }
}

/** A copy of `span` with some fields replaced; spans are immutable, so tests derive new ones. */
export function withSpan(span: Span, changes: Partial<Span>): Span {
  return { ...span, ...changes };
}

/** A copy of `span` with attributes added (or removed when the value is undefined). */
export function withAttributes(span: Span, changes: Readonly<Record<string, Attributes[string] | undefined>>): Span {
  const attributes: Record<string, Attributes[string]> = { ...span.attributes };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete attributes[key];
    else attributes[key] = value;
  }
  return { ...span, attributes };
}
