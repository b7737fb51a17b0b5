/**
 * The Jaeger JSON trace model (tracing.md §5.5; jaegertracing/jaeger `internal/uimodel/model.go`)
 * built from a flow: one trace per flow, spans repaired by the standard adjusters, OTLP mapped to
 * Jaeger as the OpenTelemetry translator does (kind → `span.kind`, status → `otel.status_code` and
 * `error`, scope → `otel.scope.name`, events → logs, parent → CHILD_OF, links → FOLLOWS_FROM).
 * Checked against a real Jaeger v2 (bench/analyzer-jaeger-model.ts): for the same flow exported
 * over OTLP, Jaeger's own `/api/traces/{id}` gives the same spans, references, tags and logs.
 */
import { Attr } from '../../../core/attributes.js';
import { SpanKind, StatusCode } from '../../../core/span.js';
import type { Span } from '../../../core/span.js';
import type { Flow } from '../../../core/flow.js';
import { applyAdjusters } from '../../reconstruct/adjust/adjuster.js';
import { STANDARD_ADJUSTERS } from '../../reconstruct/adjust/standard.js';
import { spanKindName } from '../../store/span-kind-name.js';
import { toTag, toTags } from './tags.js';
import type { JaegerTag } from './tags.js';
import { flowTraceId, jaegerTraceIdText } from './trace-id.js';

export interface JaegerReference {
  readonly refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  readonly traceID: string;
  readonly spanID: string;
}

export interface JaegerLog {
  readonly timestamp: number;
  readonly fields: readonly JaegerTag[];
}

export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly references: readonly JaegerReference[];
  readonly startTime: number;
  readonly duration: number;
  readonly tags: readonly JaegerTag[];
  readonly logs: readonly JaegerLog[];
  readonly processID: string;
  readonly warnings: readonly string[] | null;
}

export interface JaegerProcess {
  readonly serviceName: string;
  readonly tags: readonly JaegerTag[];
}

export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: readonly JaegerSpan[];
  readonly processes: Readonly<Record<string, JaegerProcess>>;
  readonly warnings: readonly string[] | null;
}

function spanTags(span: Span, traceId: string, flowId: string): JaegerTag[] {
  const tags = toTags(span.attributes);
  const kind = spanKindName(span.kind);
  if (kind !== '' && span.kind !== SpanKind.UNSPECIFIED) tags.push(toTag('span.kind', kind));
  if (span.statusCode === StatusCode.ERROR) tags.push(toTag('otel.status_code', 'ERROR'), toTag('error', true));
  if (span.statusCode === StatusCode.OK) tags.push(toTag('otel.status_code', 'OK'));
  if (span.statusMessage !== '') tags.push(toTag('otel.status_description', span.statusMessage));
  if (span.scopeName !== '') tags.push(toTag('otel.scope.name', span.scopeName));
  tags.push(toTag(Attr.flowId, flowId));
  if (span.traceId !== traceId) tags.push(toTag(Attr.originalTraceId, span.traceId));
  return tags;
}

function spanWarnings(span: Span): string[] | null {
  const warnings: string[] = [];
  const orphanOf = span.attributes[Attr.orphanOf];
  if (orphanOf !== undefined) warnings.push(`parent ${String(orphanOf)} not in the flow; attached to the root`);
  const rejoined = span.attributes[Attr.rejoinedTo];
  if (rejoined !== undefined) warnings.push(`trace context lost; joined to caller ${String(rejoined)} by request id`);
  const skew = span.attributes[Attr.clockSkewUs];
  if (skew !== undefined) warnings.push(`clock skew adjusted by ${String(skew)}µs`);
  return warnings.length === 0 ? null : warnings;
}

/** Builds the Jaeger trace of a flow from its raw (stored) spans. */
export function toJaegerTrace(flow: Flow, rawSpans: readonly Span[]): JaegerTrace {
  const traceId = flowTraceId(flow);
  const traceText = jaegerTraceIdText(traceId);
  const ownTraces = new Set(flow.traceIds);
  const { spans } = applyAdjusters(rawSpans, STANDARD_ADJUSTERS);
  const processIds = new Map<string, string>();
  const processes: Record<string, JaegerProcess> = {};
  const jaegerSpans = spans.map((span): JaegerSpan => {
    const processKey = JSON.stringify([span.resource.serviceName, span.resource.attributes]);
    let processId = processIds.get(processKey);
    if (processId === undefined) {
      processId = `p${processIds.size + 1}`;
      processIds.set(processKey, processId);
      processes[processId] = { serviceName: span.resource.serviceName, tags: toTags(span.resource.attributes).filter((t) => t.key !== Attr.serviceName) };
    }
    const references: JaegerReference[] = span.parentSpanId === '' ? [] : [{ refType: 'CHILD_OF', traceID: traceText, spanID: span.parentSpanId }];
    for (const link of span.links) references.push({ refType: 'FOLLOWS_FROM', traceID: jaegerTraceIdText(ownTraces.has(link.traceId) ? traceId : link.traceId), spanID: link.spanId });
    return {
      traceID: traceText,
      spanID: span.spanId,
      operationName: span.name,
      references,
      startTime: span.startUs,
      duration: Math.max(0, span.endUs - span.startUs),
      tags: spanTags(span, traceId, flow.id),
      logs: span.events.map((e) => ({ timestamp: e.timeUs, fields: [...(e.attributes['event'] === undefined ? [toTag('event', e.name)] : []), ...toTags(e.attributes)] })),
      processID: processId,
      warnings: spanWarnings(span),
    };
  });
  return { traceID: traceText, spans: jaegerSpans, processes, warnings: flow.warnings.length === 0 ? null : [...flow.warnings] };
}
