import { Router } from 'express';
import type { Express, Request } from 'express';
import type { CloudEnvironment } from '../../kit/environment.js';
import type { ComponentInstance } from '../../kit/hooks.js';
import { createServiceApp, isApiError } from '../../kit/rest/index.js';
import type { ApiDeps } from './deps.js';
import { novaBody } from './body.js';
import { parseMicroversion, setVersionHeaders } from './microversion.js';
import { computeInfoRoutes } from './routes/compute-info.js';
import { flavorRoutes } from './routes/flavors.js';
import { serverResourceRoutes } from './routes/server-resources.js';
import { serverRoutes } from './routes/servers.js';
import { baseUrl, v21Document, versionsDocument } from './versions.js';

const DISCOVERY = new Set(['/', '/v2.1', '/v2.1/']);

/** A legacy `/v2.1/{project_id}/…` prefix: 32 hex digits or a dashed uuid. */
const PROJECT_PREFIX = /^\/(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=\/|$)/;

function isVersioned(req: Request): boolean {
  return req.originalUrl.startsWith('/v2.1/') && !DISCOVERY.has(req.path);
}

/**
 * nova-api's express app (the `osapi_compute` paste pipeline): unauthenticated discovery at `/`
 * (without request-id headers, as nova's versions pipeline has none), `/v2.1` → 302, `/v2.1/`;
 * everything under `/v2.1/…` authenticated, microversioned (both version headers and `Vary` on
 * every response, errors included) and answered in nova's fault format.
 */
export function createNovaApiApp(env: CloudEnvironment, instance: ComponentInstance, deps: ApiDeps): Express {
  const routes = Router({ strict: true });
  routes.get('/', (req, res) => {
    res.removeHeader('x-openstack-request-id');
    res.removeHeader('x-compute-request-id');
    res.json(versionsDocument(baseUrl(req)));
  });
  routes.get('/v2.1', (req, res) => res.redirect(302, `${baseUrl(req)}/v2.1/`));
  routes.get('/v2.1/', (req, res) => void res.json(v21Document(baseUrl(req))));

  const api = Router();
  api.use((req, _res, next) => {
    req.url = req.url.replace(PROJECT_PREFIX, '') || '/';
    next();
  });
  api.use((req, res, next) => {
    let version;
    try {
      version = parseMicroversion(req);
    } catch (error) {
      // nova's Fault has no name for 406 and falls back to computeFault (the kit would say notAcceptable)
      if (!isApiError(error) || error.status !== 406) throw error;
      res.status(406).type('application/json; charset=UTF-8').send(JSON.stringify({ computeFault: { code: 406, message: error.message } }));
      return;
    }
    res.locals['microversion'] = version;
    setVersionHeaders(res, version);
    next();
  });
  api.use(novaBody());
  api.use(flavorRoutes(), serverRoutes(deps), serverResourceRoutes(deps), computeInfoRoutes(deps, new Date().toISOString().replace(/\.\d+Z$/, '.000000')));
  routes.use('/v2.1', api);

  return createServiceApp({
    env,
    instance,
    errors: 'nova',
    routes,
    isPublic: (path, method) => method === 'GET' && DISCOVERY.has(path),
    accessLogName: 'nova.api.openstack.requestlog',
    requestIdHeaders: ['x-compute-request-id'],
    onError: (req, res) => {
      if (!isVersioned(req)) return;
      try {
        setVersionHeaders(res, parseMicroversion(req));
      } catch {
        // an unparseable or unsupported version: the 406/400 goes out without version headers
      }
    },
  });
}
