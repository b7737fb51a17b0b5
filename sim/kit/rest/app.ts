import express from 'express';
import { newRequestId } from '../../../core/request-id.js';
import type { ErrorRequestHandler, Express, Request, RequestHandler } from 'express';
import { createComponentHttpClient, hooksOf } from '../component.js';
import type { CloudEnvironment } from '../environment.js';
import type { ComponentInstance } from '../hooks.js';
import type { Logger } from '../log.js';
import { accessLogMiddleware } from './access-log.js';
import { ApiError, isApiError } from './api-error.js';
import { authMiddleware, keystoneTokenValidator } from './auth.js';
import type { TokenValidator } from './auth.js';
import { renderError } from './error-formats.js';
import type { ErrorFamily } from './error-formats.js';
import { serveAppAs } from './listen.js';
import { contextOf, requestIdMiddleware } from './request-id.js';

export interface ServiceAppOptions {
  readonly env: CloudEnvironment;
  readonly instance: ComponentInstance;
  /** Which native error body the service answers with. */
  readonly errors: ErrorFamily;
  /** The service's routes; mounted after auth and before the final 404 and error handlers. */
  readonly routes: RequestHandler;
  /**
   * How tokens are checked: 'keystone' (keystonemiddleware against `env.endpoints.keystone`),
   * a validator of the service's own (keystone itself), or 'none'. @default 'keystone'
   */
  readonly auth?: 'keystone' | 'none' | TokenValidator;
  /** Requests that need no token (version discovery, token issue). @default none */
  readonly isPublic?: (path: string, method: string) => boolean;
  /** Logger name of the access line. @default `<service>.wsgi.server` (nova: `nova.api.openstack.requestlog`) */
  readonly accessLogName?: string;
  /** Largest accepted body, in bytes (nova `max_request_body_size`). @default 114688 */
  readonly bodyLimitBytes?: number;
  /** Headers that also carry the local request id, e.g. nova's `x-compute-request-id`. @default [] */
  readonly requestIdHeaders?: readonly string[];
  /** Runs on every response before an error body is written (nova adds its microversion headers). */
  readonly onError?: (req: Request, res: express.Response) => void;
  /** Counters the app increments; pass one to read them (e.g. through RunningService.stats). */
  readonly stats?: ServiceStats;
}

/** What a service answered, counted when each response finishes. */
export interface ServiceStats {
  /** Every request that got a response. */
  requests: number;
  /** Answered 4xx: bad input, unknown resource, no or bad token, conflicts. */
  refused: number;
  /** Answered 5xx. */
  failed: number;
}

export function newServiceStats(): ServiceStats {
  return { requests: 0, refused: 0, failed: 0 };
}

export const DEFAULT_BODY_LIMIT_BYTES = 114_688;

/**
 * The express app of one simulated REST service, in the order the real paste pipelines run:
 * 0. the component's `wrapRequestListener` hook (tracing) around the whole app: `listen` serves
 *    the wrapped app (`serveAppAs`), so it sees every request before express does;
 * 1. the component's `serverMiddleware` hook, if it has one — first, so it sees everything;
 * 2. request id (oslo.middleware) and the access log line;
 * 3. JSON bodies (any `…json…` content type): malformed → 400, over the limit → 413;
 * 4. auth (keystonemiddleware) → 401/503, filling the context;
 * 5. the routes; then 404 for anything unrouted, and one error handler that renders every error
 *    in the service's format, so no request can crash the process.
 */
export function createServiceApp(options: ServiceAppOptions): Express {
  const { env, instance } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'extended');
  const hooks = hooksOf(env, instance);
  if (hooks.serverMiddleware !== undefined) app.use(hooks.serverMiddleware);
  const stats = options.stats;
  if (stats !== undefined) app.use(countResponses(stats));
  app.use(requestIdMiddleware(options.requestIdHeaders));
  const log = env.logs.forService(instance.service);
  app.use(accessLogMiddleware(log.logger(options.accessLogName ?? `${instance.service.replace(/-.*/, '')}.wsgi.server`)));
  app.use(express.json({ limit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES, type: (req) => /json/i.test(String(req.headers['content-type'] ?? '')), strict: false }));
  const auth = options.auth ?? 'keystone';
  if (auth !== 'none') {
    const validate = auth === 'keystone' ? keystoneTokenValidator(env, createComponentHttpClient(env, instance)) : auth;
    app.use(authMiddleware(validate, () => env.endpoints.keystone, options.isPublic ?? (() => false)));
  }
  app.use(options.routes);
  app.use(() => {
    throw new ApiError(404, 'The resource could not be found.');
  });
  app.use(errorHandler(options, log.logger(`${instance.service.replace(/-/g, '.')}.wsgi`)));
  if (hooks.wrapRequestListener !== undefined) serveAppAs(app, hooks.wrapRequestListener(app));
  return app;
}

function countResponses(stats: ServiceStats): RequestHandler {
  return (_req, res, next) => {
    res.on('finish', () => {
      stats.requests += 1;
      if (res.statusCode >= 500) stats.failed += 1;
      else if (res.statusCode >= 400) stats.refused += 1;
    });
    next();
  };
}

function errorHandler(options: ServiceAppOptions, log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const apiError = toApiError(error);
    // A failing serverMiddleware hook runs before the request id exists: give the error one.
    if (res.locals['context'] === undefined) res.locals['context'] = { request_id: newRequestId(), global_request_id: null, user_id: null, project_id: null };
    const context = contextOf(res);
    if (apiError.status >= 500) log.error(`Unexpected error on ${req.method} ${req.originalUrl}`, { context, exception: error });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    options.onError?.(req, res);
    const rendered = renderError(options.errors, apiError, { accept: req.get('accept') ?? '', requestId: context.request_id });
    for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value);
    res.status(apiError.status).type(rendered.contentType).send(rendered.body);
  };
}

/** body-parser's errors carry `status` and `type`; everything unknown is a 500. */
function toApiError(error: unknown): ApiError {
  if (isApiError(error)) return error;
  const parserError = error as { status?: unknown; type?: unknown; message?: unknown };
  if (parserError.type === 'entity.parse.failed') return new ApiError(400, 'Malformed request body');
  if (parserError.type === 'entity.too.large') return new ApiError(413, 'Request is too large.', { headers: { 'Retry-After': '0' } });
  if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) return new ApiError(parserError.status, String(parserError.message ?? 'Bad request'));
  const name = error instanceof Error ? error.name : 'Exception';
  return new ApiError(500, `Unexpected API Error. Please report this at http://bugs.launchpad.net/ and attach the log if possible.\n<class '${name}'>`);
}
