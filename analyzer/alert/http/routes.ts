import express from 'express';
import type { ErrorRequestHandler, Express, Request, Response } from 'express';
import type { Alerting } from '../alerting.js';
import { matchesFilter, parseAlertFilter } from './alert-query.js';
import { modelRoutes } from './model-routes.js';
import type { SseHub } from './sse.js';

export interface RouteDeps {
  readonly alerting: Alerting;
  readonly hub: SseHub;
  /** Counts requests answered 4xx (bad filters, unknown ids, bad bodies). */
  readonly refused: { count: number };
}

/**
 * `GET /api/alerts` (filters: flow, rule, type, severity, operation, since, limit) →
 * `{data: Alert[], total}`, newest first; `GET /api/alerts/stats`; `GET /api/alerts/stream`
 * (server-sent events `alert` and `alert-updated`, data = the alert; same filters except limit);
 * `GET /api/alerts/{id}`; and the model routes. Errors are `{error: message}` with 400/404/409.
 */
export function alertRoutes(app: Express, deps: RouteDeps): void {
  const router = express.Router();
  router.use(['/api/alerts', '/api/models'], (_req, res, next) => {
    res.on('finish', () => {
      if (res.statusCode >= 400 && res.statusCode < 500) deps.refused.count++;
    });
    next();
  });
  router.get('/api/alerts', (req, res) => {
    const parsed = parseAlertFilter(req.query as Record<string, unknown>);
    if (!parsed.ok) return void res.status(400).json({ error: parsed.error });
    const all = deps.alerting.list().filter((a) => matchesFilter(a, parsed.filter));
    res.json({ data: all.slice(0, parsed.filter.limit), total: all.length });
  });
  router.get('/api/alerts/stats', (_req, res) => void res.json(deps.alerting.stats()));
  router.get('/api/alerts/stream', (req, res) => {
    const { limit: _limit, ...query } = req.query as Record<string, unknown>;
    const parsed = parseAlertFilter(query);
    if (!parsed.ok) return void res.status(400).json({ error: parsed.error });
    deps.hub.add(res, (a) => matchesFilter(a as Parameters<typeof matchesFilter>[0], parsed.filter));
  });
  router.get('/api/alerts/:id', (req: Request<{ id: string }>, res: Response) => {
    const alert = deps.alerting.get(req.params.id);
    if (!alert) return void res.status(404).json({ error: `no alert ${JSON.stringify(req.params.id)}` });
    res.json(alert);
  });
  modelRoutes(router, deps.alerting);
  router.use(jsonErrors);
  app.use(router);
}

/** Body-parser and route errors as `{error}` with the status they carry (400 for bad JSON). */
const jsonErrors: ErrorRequestHandler = (error: { status?: number; statusCode?: number; message?: string }, _req, res, next) => {
  if (res.headersSent) return void next(error);
  const status = error.status ?? error.statusCode ?? 500;
  res.status(status >= 400 && status < 600 ? status : 500).json({ error: status === 500 ? 'internal error' : (error.message ?? 'bad request') });
};
