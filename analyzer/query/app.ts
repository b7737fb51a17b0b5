/**
 * The query service: hoptrace's flow API, Jaeger's legacy and v3 APIs, extra routes mounted by
 * other parts (alerts, web view), then a JSON 404 and an error handler. Bad parameters answer 400
 * with the parameter named (Jaeger routes in Jaeger's shapes); nothing a client sends crashes it.
 */
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import { mountDependenciesRoute } from './dependencies-route.js';
import { mountFlowRoutes } from './flows-routes.js';
import { mountJaegerRoutes } from './jaeger-routes.js';
import { mountJaegerV3Routes } from './jaeger-v3-routes.js';
import { BadRequest } from './params.js';
import { sendEnvelopeError, sendError, sendV3Error } from './responses.js';
import type { FlowSource } from './source.js';

export type RouteMount = (app: Express) => void;

/** Answers by status class: every refusal is counted. */
export interface QueryCounters {
  ok: number;
  clientErrors: number;
  serverErrors: number;
}

function isJaegerLegacy(path: string): boolean {
  return /^\/api\/(?:services|operations|traces|dependencies)/.test(path);
}

export function createQueryApp(source: FlowSource, routes: readonly RouteMount[] = [], counters?: QueryCounters): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  if (counters !== undefined) {
    app.use((_req, res, next) => {
      res.on('finish', () => {
        if (res.statusCode >= 500) counters.serverErrors++;
        else if (res.statusCode >= 400) counters.clientErrors++;
        else counters.ok++;
      });
      next();
    });
  }
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  mountFlowRoutes(app, source);
  mountDependenciesRoute(app, source);
  mountJaegerRoutes(app, source);
  mountJaegerV3Routes(app, source);
  for (const mount of routes) mount(app);
  app.use((req: Request, res: Response) => {
    sendError(res, 404, `no route ${req.method} ${req.path}`);
  });
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const bad = error instanceof BadRequest || (typeof error === 'object' && error !== null && 'status' in error && (error as { status: unknown }).status === 400);
    const status = bad ? 400 : 500;
    const message = error instanceof Error ? error.message : String(error);
    if (req.path.startsWith('/api/v3/')) return sendV3Error(res, status, message);
    if (isJaegerLegacy(req.path)) return sendEnvelopeError(res, status, message);
    sendError(res, status, message);
  });
  return app;
}
