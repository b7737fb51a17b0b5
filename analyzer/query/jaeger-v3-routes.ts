/**
 * Jaeger's API v3 (tracing.md §5.3), what Jaeger UI ≥ v2.19 calls: services, operations, trace by
 * id, trace search and trace summaries, in proto3 JSON (camelCase, hex ids, int64 as strings).
 * One flow is one trace; its spans carry the flow's trace id.
 */
import type { Express, Request } from 'express';
import type { Span } from '../../core/span.js';
import type { Flow } from '../../core/flow.js';
import { toOtlpResourceSpans } from '../export/jaeger/otlp-json.js';
import { flowTraceId, normalizeTraceId } from '../export/jaeger/trace-id.js';
import { spanKindName } from '../store/span-kind-name.js';
import { BadRequest, enumParam, intParam, parseGoDuration, parseRfc3339, stringParam } from './params.js';
import { sendV3Error } from './responses.js';
import type { FlowSource } from './source.js';
import { searchTraces } from './trace-search.js';

const SPAN_KINDS = ['server', 'client', 'producer', 'consumer', 'internal'] as const;

/** A query parameter under its camelCase or snake_case name. */
function param(req: Request, camel: string): string | undefined {
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return stringParam(req.query, camel) ?? stringParam(req.query, snake);
}

function requiredTime(req: Request, name: string): number {
  const raw = param(req, name);
  if (raw === undefined) throw new BadRequest(`parameter ${name} is required`);
  const us = parseRfc3339(raw);
  if (us === undefined) throw new BadRequest(`parameter ${name} must be an RFC 3339 time, got "${raw}"`);
  return us;
}

function optionalDuration(req: Request, name: string): number | undefined {
  const raw = param(req, name);
  if (raw === undefined) return undefined;
  const us = parseGoDuration(raw);
  if (us === undefined) throw new BadRequest(`parameter ${name} must be a duration such as 10ms, got "${raw}"`);
  return us;
}

async function search(req: Request, source: FlowSource): Promise<{ flow: Flow; spans: readonly Span[] }[]> {
  const attributes = param(req, 'query.attributes');
  let tags: Record<string, string> = {};
  if (attributes !== undefined) {
    try {
      tags = Object.fromEntries(Object.entries(JSON.parse(attributes) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    } catch {
      throw new BadRequest(`parameter query.attributes must be a JSON object, got "${attributes}"`);
    }
  }
  const depth = param(req, 'query.searchDepth');
  return searchTraces(source, {
    service: param(req, 'query.serviceName'), operation: param(req, 'query.operationName'), tags,
    startUs: requiredTime(req, 'query.startTimeMin'), endUs: requiredTime(req, 'query.startTimeMax') + 1,
    minDurationUs: optionalDuration(req, 'query.durationMin'), maxDurationUs: optionalDuration(req, 'query.durationMax'),
    limit: depth === undefined ? 100 : (intParam({ depth }, 'depth', 1, 10_000) ?? 100),
  });
}

function summary(flow: Flow, spans: readonly Span[]): Record<string, unknown> {
  const traceId = flowTraceId(flow);
  const ids = new Set(spans.map((s) => s.spanId));
  const root = spans.find((s) => s.parentSpanId === '') ?? spans[0];
  const services = new Map<string, { name: string; spanCount: number; errorSpanCount: number }>();
  for (const span of spans) {
    const entry = services.get(span.resource.serviceName) ?? { name: span.resource.serviceName, spanCount: 0, errorSpanCount: 0 };
    entry.spanCount++;
    if (span.statusCode === 2) entry.errorSpanCount++;
    services.set(entry.name, entry);
  }
  return {
    traceId, rootServiceName: root?.resource.serviceName ?? '', rootOperationName: root?.name ?? '',
    minStartTimeUnixNano: String(BigInt(flow.startUs) * 1000n), maxEndTimeUnixNano: String(BigInt(flow.endUs) * 1000n),
    spanCount: spans.length, errorSpanCount: spans.filter((s) => s.statusCode === 2).length,
    orphanSpanCount: spans.filter((s) => s.parentSpanId !== '' && !ids.has(s.parentSpanId)).length, services: [...services.values()],
  };
}

export function mountJaegerV3Routes(app: Express, source: FlowSource): void {
  app.get('/api/v3/services', (_req, res) => void res.json({ services: source.reader.services() }));

  app.get('/api/v3/operations', (req, res) => {
    const service = param(req, 'service');
    const kind = enumParam({ kind: param(req, 'spanKind') }, 'kind', SPAN_KINDS);
    const operations = source.reader.operations(service).filter((o) => kind === undefined || o.spanKind === kind);
    res.json({ operations: operations.map((o) => ({ name: o.name, spanKind: o.spanKind || spanKindName(0) })) });
  });

  app.get('/api/v3/traces/:traceId', (req, res) => {
    const traceId = normalizeTraceId(req.params.traceId);
    if (traceId === undefined) return sendV3Error(res, 400, `malformed trace id "${req.params.traceId}"`);
    const flowId = source.flowIdOfTrace(traceId);
    const flow = flowId === undefined ? undefined : source.getFlow(flowId);
    if (flow === undefined) return sendV3Error(res, 404, 'No traces found');
    res.json({ result: { resourceSpans: toOtlpResourceSpans(source.spansOf(flow.id), flowTraceId(flow), flow.id) } });
  });

  app.get('/api/v3/traces', async (req, res) => {
    const found = await search(req, source);
    if (found.length === 0) return sendV3Error(res, 404, 'No traces found');
    res.json({ result: { resourceSpans: found.flatMap(({ flow, spans }) => toOtlpResourceSpans(spans, flowTraceId(flow), flow.id)) } });
  });

  app.get('/api/v3/trace-summaries', async (req, res) => {
    res.json({ summaries: (await search(req, source)).map(({ flow, spans }) => summary(flow, spans)) });
  });
}
