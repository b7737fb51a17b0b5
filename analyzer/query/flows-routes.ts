/**
 * hoptrace's flow API:
 * - `GET /api/flows/{requestId}`: the flow for any of its request ids; `?format=dot|mermaid|text`
 *   for pictures, JSON by default; 404 naming the id when unknown;
 * - `GET /api/flows/{requestId}/jaeger.json`: the flow as a Jaeger JSON file (`{"data":[trace]}`)
 *   that the Jaeger UI opens offline;
 * - `GET /api/flows?operation=&service=&status=&since=&until=&limit=`: `{"flows": [...]}`, newest first.
 */
import type { Express } from 'express';
import { toJaegerTrace } from '../export/jaeger/model.js';
import { renderFlowDot } from '../render/dot.js';
import { renderFlowMermaid } from '../render/mermaid.js';
import { renderFlowText } from '../render/text.js';
import { enumParam, intParam, stringParam, timeParam } from './params.js';
import { sendError } from './responses.js';
import type { FlowSource } from './source.js';

const FORMATS = ['json', 'dot', 'mermaid', 'text'] as const;
const STATUSES = ['in_progress', 'complete', 'failed'] as const;

export function mountFlowRoutes(app: Express, source: FlowSource): void {
  app.get('/api/flows/:requestId/jaeger.json', (req, res) => {
    const flow = source.getFlow(req.params.requestId);
    if (flow === undefined) return sendError(res, 404, `no flow has request id ${req.params.requestId}`);
    res.setHeader('content-disposition', `attachment; filename="${flow.id}.jaeger.json"`);
    res.json({ data: [toJaegerTrace(flow, source.spansOf(flow.id))] });
  });

  app.get('/api/flows/:requestId', (req, res) => {
    const format = enumParam(req.query, 'format', FORMATS) ?? 'json';
    if (format === 'json') {
      const json = source.getFlowJson(req.params.requestId);
      if (json === undefined) return sendError(res, 404, `no flow has request id ${req.params.requestId}`);
      return void res.type('application/json; charset=utf-8').send(json);
    }
    const flow = source.getFlow(req.params.requestId);
    if (flow === undefined) return sendError(res, 404, `no flow has request id ${req.params.requestId}`);
    const [type, body] = format === 'dot' ? ['text/vnd.graphviz', renderFlowDot(flow)] : format === 'mermaid' ? ['text/vnd.mermaid', renderFlowMermaid(flow)] : ['text/plain', renderFlowText(flow)];
    res.type(`${type}; charset=utf-8`).send(body);
  });

  app.get('/api/flows', async (req, res) => {
    const nowUs = Date.now() * 1000;
    const query = {
      operation: stringParam(req.query, 'operation'),
      service: stringParam(req.query, 'service'),
      status: enumParam(req.query, 'status', STATUSES),
      sinceUs: timeParam(req.query, 'since', nowUs),
      untilUs: timeParam(req.query, 'until', nowUs),
      limit: intParam(req.query, 'limit', 1, 1000) ?? 20,
    };
    res.json({ flows: await source.searchFlows(query) });
  });
}
