/**
 * Jaeger's legacy query API (tracing.md §5.2), the one Jaeger UI ≤ v2.18 and Grafana's Jaeger
 * data source use: services, operations, trace search, trace by id (any trace id of a flow finds
 * the whole flow as one trace). Every answer is in Jaeger's envelope.
 */
import type { Express } from 'express';
import { toJaegerTrace } from '../export/jaeger/model.js';
import { normalizeTraceId } from '../export/jaeger/trace-id.js';
import { BadRequest, durationParam, enumParam, intParam, stringParam, stringParams } from './params.js';
import { sendEnvelope, sendEnvelopeError } from './responses.js';
import type { FlowSource } from './source.js';
import { searchTraces } from './trace-search.js';

const SPAN_KINDS = ['server', 'client', 'producer', 'consumer', 'internal'] as const;
const TWO_DAYS_US = 48 * 3600 * 1_000_000;

function tagsOf(query: Readonly<Record<string, unknown>>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const json of stringParams(query, 'tags')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new BadRequest(`parameter tags must be a JSON object, got "${json}"`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadRequest(`parameter tags must be a JSON object, got "${json}"`);
    for (const [key, value] of Object.entries(parsed)) tags[key] = String(value);
  }
  for (const pair of stringParams(query, 'tag')) {
    const colon = pair.indexOf(':');
    if (colon <= 0) throw new BadRequest(`parameter tag must be key:value, got "${pair}"`);
    tags[pair.slice(0, colon)] = pair.slice(colon + 1);
  }
  return tags;
}

export function mountJaegerRoutes(app: Express, source: FlowSource): void {
  const traceOf = (rawId: string) => {
    const traceId = normalizeTraceId(rawId);
    if (traceId === undefined) throw new BadRequest(`malformed trace id "${rawId}"`);
    const flowId = source.flowIdOfTrace(traceId);
    const flow = flowId === undefined ? undefined : source.getFlow(flowId);
    return flow === undefined ? undefined : toJaegerTrace(flow, source.spansOf(flow.id));
  };

  app.get('/api/services', (_req, res) => sendEnvelope(res, source.reader.services()));

  app.get('/api/services/:service/operations', (req, res) => {
    sendEnvelope(res, [...new Set(source.reader.operations(req.params.service).map((o) => o.name))]);
  });

  app.get('/api/operations', (req, res) => {
    const service = stringParam(req.query, 'service');
    if (service === undefined) return sendEnvelopeError(res, 400, 'parameter service is required');
    const kind = enumParam(req.query, 'spanKind', SPAN_KINDS);
    const operations = source.reader.operations(service).filter((o) => kind === undefined || o.spanKind === kind);
    sendEnvelope(res, operations.map((o) => ({ name: o.name, spanKind: o.spanKind })));
  });

  app.get('/api/traces/:traceID', (req, res) => {
    const trace = traceOf(req.params.traceID);
    if (trace === undefined) return sendEnvelopeError(res, 404, 'trace not found');
    sendEnvelope(res, [trace]);
  });

  app.get('/api/traces', async (req, res) => {
    const ids = stringParams(req.query, 'traceID');
    if (ids.length > 0) {
      const traces = ids.map((id) => [id, traceOf(id)] as const);
      const missing = traces.filter(([, t]) => t === undefined).map(([id]) => ({ code: 404, msg: 'trace not found', traceID: id }));
      const found = traces.flatMap(([, t]) => (t === undefined ? [] : [t]));
      return void res.json({ data: found, total: found.length, limit: 0, offset: 0, errors: missing.length === 0 ? null : missing });
    }
    const service = stringParam(req.query, 'service');
    if (service === undefined) return sendEnvelopeError(res, 400, 'parameter service is required unless traceID is given');
    const nowUs = Date.now() * 1000;
    const endUs = intParam(req.query, 'end', 0, Number.MAX_SAFE_INTEGER) ?? nowUs;
    const startUs = intParam(req.query, 'start', 0, Number.MAX_SAFE_INTEGER) ?? endUs - TWO_DAYS_US;
    const minDurationUs = durationParam(req.query, 'minDuration');
    const maxDurationUs = durationParam(req.query, 'maxDuration');
    if (minDurationUs !== undefined && maxDurationUs !== undefined && maxDurationUs < minDurationUs) {
      return sendEnvelopeError(res, 400, 'maxDuration must be greater than or equal to minDuration');
    }
    const found = await searchTraces(source, {
      service, operation: stringParam(req.query, 'operation'), tags: tagsOf(req.query), startUs, endUs: endUs + 1,
      minDurationUs, maxDurationUs, limit: intParam(req.query, 'limit', 1, 10_000) ?? 100,
    });
    sendEnvelope(res, found.map(({ flow, spans }) => toJaegerTrace(flow, spans)));
  });
}
