/**
 * Spans re-encoded as an OTLP/JSON `ExportTraceServiceRequest` (hex ids, nanosecond times as
 * strings, int64 values as strings), for Jaeger's `/api/v3` answers and for export to a real
 * Jaeger's OTLP/HTTP receiver. `traceId` rewrites every span into the flow's one trace; the span's
 * own trace id is then kept as `hoptrace.original_trace_id`.
 */
import { Attr } from '../../../core/attributes.js';
import type { AttributeValue, Attributes, Span } from '../../../core/span.js';

export type OtlpAnyValue =
  | { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number }
  | { arrayValue: { values: OtlpAnyValue[] } } | { kvlistValue: { values: OtlpKeyValue[] } } | Record<string, never>;

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export function toAnyValue(value: AttributeValue): OtlpAnyValue {
  if (value === null) return {};
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: (value as readonly AttributeValue[]).map(toAnyValue) } };
  return { kvlistValue: { values: toKeyValues(value as Attributes) } };
}

export function toKeyValues(attributes: Attributes): OtlpKeyValue[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: toAnyValue(value) }));
}

const nanos = (us: number): string => (BigInt(us) * 1000n).toString();

function otlpSpan(span: Span, traceId: string | undefined, flowId: string | undefined): Record<string, unknown> {
  const rewritten = traceId !== undefined && span.traceId !== traceId;
  const attributes = {
    ...span.attributes,
    ...(flowId === undefined ? {} : { [Attr.flowId]: flowId }),
    ...(rewritten ? { [Attr.originalTraceId]: span.traceId } : {}),
  };
  return {
    traceId: traceId ?? span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId === '' ? {} : { parentSpanId: span.parentSpanId }),
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: nanos(span.startUs),
    endTimeUnixNano: nanos(span.endUs),
    attributes: toKeyValues(attributes),
    events: span.events.map((e) => ({ timeUnixNano: nanos(e.timeUs), name: e.name, attributes: toKeyValues(e.attributes) })),
    links: span.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: toKeyValues(l.attributes) })),
    status: { code: span.statusCode, ...(span.statusMessage === '' ? {} : { message: span.statusMessage }) },
  };
}

/** Groups spans by resource and scope, as OTLP does. */
export function toOtlpResourceSpans(spans: readonly Span[], traceId?: string, flowId?: string): Record<string, unknown>[] {
  const byResource = new Map<string, { resource: Span['resource']; scopes: Map<string, Span[]> }>();
  for (const span of spans) {
    const key = JSON.stringify([span.resource.serviceName, span.resource.attributes]);
    const entry = byResource.get(key) ?? { resource: span.resource, scopes: new Map<string, Span[]>() };
    entry.scopes.set(span.scopeName, [...(entry.scopes.get(span.scopeName) ?? []), span]);
    byResource.set(key, entry);
  }
  return [...byResource.values()].map(({ resource, scopes }) => ({
    resource: { attributes: toKeyValues({ ...resource.attributes, [Attr.serviceName]: resource.serviceName }) },
    scopeSpans: [...scopes].map(([name, list]) => ({ scope: { name }, spans: list.map((s) => otlpSpan(s, traceId, flowId)) })),
  }));
}

export function toOtlpRequest(spans: readonly Span[], traceId?: string, flowId?: string): { resourceSpans: Record<string, unknown>[] } {
  return { resourceSpans: toOtlpResourceSpans(spans, traceId, flowId) };
}
