import express from 'express';
import type { Request, Response, Router } from 'express';
import type { Alerting } from '../alerting.js';
import { modelToDocument, modelToYaml } from '../model/serialize.js';
import { HOP_KINDS } from '../model/types.js';
import type { ExpectedHop, FlowModel } from '../model/types.js';

type OpRequest = Request<{ op: string }>;

/**
 * `GET /api/models` (summaries of expected models, baselines, invariants); `GET /api/models/{op}`
 * (`{model, baseline}` documents, or `?format=yaml&which=model|baseline`); `POST
 * /api/models/{op}/learn` (learn the baseline from the window → 201); `POST
 * /api/models/{op}/accept` with `{from, to, kind, operation}` or `{alert: id}` (add that edge to the
 * baseline → 200).
 */
export function modelRoutes(router: Router, alerting: Alerting): void {
  const { registry } = alerting;
  router.get('/api/models', (_req, res) => {
    res.json({
      models: registry.models().map(summary),
      baselines: registry.baselines().map(summary),
      invariants: registry.invariants.map((i) => ({ name: i.name, file: i.file, forbidden: i.forbidden.map((f) => f.id), rpcKinds: i.rpcKinds })),
    });
  });
  router.get('/api/models/:op', (req: OpRequest, res: Response) => {
    const { op } = req.params;
    const model = registry.model(op);
    const baseline = registry.baseline(op);
    if (!model && !baseline) return void res.status(404).json({ error: `no model or baseline for operation ${JSON.stringify(op)}` });
    if (req.query.format === 'yaml') {
      const which = req.query.which === 'baseline' ? baseline : req.query.which === undefined || req.query.which === 'model' ? (model ?? baseline) : undefined;
      if (!which) return void res.status(req.query.which === 'baseline' ? 404 : 400).json({ error: req.query.which === 'baseline' ? `no baseline for ${op}` : 'which: must be model or baseline' });
      return void res.type('application/yaml').send(modelToYaml(which));
    }
    res.json({ model: model ? modelToDocument(model) : null, baseline: baseline ? modelToDocument(baseline) : null });
  });
  router.post('/api/models/:op/learn', (req: OpRequest, res: Response) => {
    try {
      res.status(201).json(modelToDocument(alerting.learn(req.params.op)));
    } catch (error) {
      res.status(409).json({ error: (error as Error).message });
    }
  });
  router.post('/api/models/:op/accept', express.json({ limit: '16kb' }), (req: OpRequest, res: Response) => {
    const edge = readEdge(req.body, alerting);
    if (typeof edge === 'string') return void res.status(400).json({ error: edge });
    if (!alerting.registry.baseline(req.params.op)) return void res.status(404).json({ error: `no baseline for ${req.params.op}; POST /api/models/${req.params.op}/learn first` });
    res.json(modelToDocument(alerting.accept(req.params.op, edge)!));
  });
}

function summary(m: FlowModel) {
  return { operation: m.operation, source: m.source, revision: m.revision, description: m.description, hops: m.hops.length, required: m.hops.filter((h) => h.required).length, file: m.file, ...(m.learnedFrom !== undefined && { learnedFrom: m.learnedFrom }) };
}

/** The edge to accept, or a message saying what is wrong with the body. */
function readEdge(body: unknown, alerting: Alerting): Pick<ExpectedHop, 'from' | 'to' | 'kind' | 'operation'> | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body: must be a JSON object {from, to, kind, operation} or {alert}';
  const b = body as Record<string, unknown>;
  if (b.alert !== undefined) {
    const alert = typeof b.alert === 'string' ? alerting.get(b.alert) : undefined;
    if (!alert) return `alert: no alert ${JSON.stringify(b.alert)}`;
    if (!alert.hop) return `alert: alert ${alert.id} names no hop (${alert.type})`;
    return { from: alert.hop.from, to: alert.hop.to, kind: alert.hop.kind, operation: alert.hop.operation };
  }
  for (const key of ['from', 'to', 'operation'] as const) {
    if (typeof b[key] !== 'string' || b[key] === '') return `${key}: must be a non-empty string`;
  }
  if (!(HOP_KINDS as readonly unknown[]).includes(b.kind)) return `kind: must be one of ${HOP_KINDS.join(', ')}`;
  return { from: b.from as string, to: b.to as string, kind: b.kind as ExpectedHop['kind'], operation: b.operation as string };
}
