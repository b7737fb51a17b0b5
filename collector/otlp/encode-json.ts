import type { AttributeValue, Attributes, Span } from '../../core/span.js';
import { groupByResource } from './group.js';

/**
 * Encodes spans as an OTLP/JSON `ExportTraceServiceRequest` (hex ids, integer enums, int64 as
 * decimal strings), grouped by resource and scope. decodeJsonRequest reads it back unchanged.
 */
export function encodeJsonRequest(spans: readonly Span[]): string {
  return JSON.stringify({
    resourceSpans: groupByResource(spans).map((group) => ({
      resource: { attributes: keyValues(group.resource.attributes) },
      scopeSpans: group.scopes.map((scope) => ({
        scope: { name: scope.scopeName },
        spans: scope.spans.map(spanJson),
      })),
    })),
  });
}

function spanJson(span: Span): Record<string, unknown> {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: microsToNanos(span.startUs),
    endTimeUnixNano: microsToNanos(span.endUs),
    attributes: keyValues(span.attributes),
    events: span.events.map((e) => ({ timeUnixNano: microsToNanos(e.timeUs), name: e.name, attributes: keyValues(e.attributes) })),
    links: span.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: keyValues(l.attributes) })),
    status: { code: span.statusCode, message: span.statusMessage },
  };
}

/** Integer microseconds as a decimal nanosecond string, exact. */
function microsToNanos(us: number): string {
  return us === 0 ? '0' : `${us}000`;
}

function keyValues(attributes: Attributes): { key: string; value: Record<string, unknown> }[] {
  const out = [];
  for (const key in attributes) out.push({ key, value: anyValueJson(attributes[key]!) });
  return out;
}

function anyValueJson(value: AttributeValue): Record<string, unknown> {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (value === null) return {};
  if (Array.isArray(value)) return { arrayValue: { values: (value as readonly AttributeValue[]).map(anyValueJson) } };
  return { kvlistValue: { values: keyValues(value as Attributes) } };
}
