import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import type { CloudEnvironment } from '../kit/environment.js';
import { step } from '../kit/environment.js';
import { ApiError } from '../kit/rest/api-error.js';
import { contextOf } from '../kit/rest/request-id.js';
import { attachmentBody, volumeBody } from './bodies.js';
import type { VolumeStore } from './volumes.js';

export const MAX_VOLUME_VERSION = '3.70';
const ATTACHMENTS_VERSION = 27;

/** cinder v3 (`/v3/{project_id}/…`): discovery, volumes list/detail/show/create/delete, attachments. */
export function cinderRoutes(env: CloudEnvironment, store: VolumeStore, pending: Set<Promise<void>>): Router {
  const router = Router();
  const version = () => ({ id: 'v3.0', status: 'CURRENT', version: MAX_VOLUME_VERSION, min_version: '3.0', updated: '2023-08-31T00:00:00Z', links: [{ rel: 'self', href: `${env.endpoints.cinder}/v3/` }], 'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }] });
  router.get('/', (_req, res) => void res.status(300).json({ versions: [version()] }));
  router.get('/v3/', (_req, res) => void res.json({ versions: [version()] }));

  const project = Router({ mergeParams: true });
  router.use('/v3/:project', microversion(), project);
  const base = (req: Request) => `${env.endpoints.cinder}/v3/${String(req.params['project'])}`;
  const scope = (res: Response) => (contextOf(res).is_admin === true ? null : contextOf(res).project_id);

  project.get('/volumes', (req, res) => void res.json({ volumes: store.volumes(scope(res)).map((v) => ({ id: v.id, name: v.name, links: [{ rel: 'self', href: `${base(req)}/volumes/${v.id}` }] })) }));
  project.get('/volumes/detail', (req, res) => void res.json({ volumes: store.volumes(scope(res)).map((v) => volumeBody(base(req), v, store)) }));
  project.get('/volumes/:id', (req, res) => void res.json({ volume: volumeBody(base(req), store.volume(String(req.params['id'])), store) }));
  project.post('/volumes', (req, res) => {
    const spec = objectField(req.body, 'volume');
    const size = spec['size'];
    if (!Number.isInteger(size) || (size as number) < 1 || (size as number) > 1000) throw new ApiError(400, `Invalid input received: Volume size '${String(size)}' must be an integer and greater than 0.`);
    const context = contextOf(res);
    const volume = store.create({ name: typeof spec['name'] === 'string' ? spec['name'] : '', description: typeof spec['description'] === 'string' ? spec['description'] : '', size: size as number, project_id: context.project_id ?? '', user_id: context.user_id ?? '' });
    const becomeAvailable = step(env).then(() => store.setStatus(volume, 'available'));
    pending.add(becomeAvailable);
    void becomeAvailable.finally(() => pending.delete(becomeAvailable));
    res.status(202).json({ volume: volumeBody(base(req), volume, store) });
  });
  project.delete('/volumes/:id', (req, res) => {
    store.delete(String(req.params['id']));
    res.status(202).end();
  });

  project.get('/attachments', (req, res) => {
    needs(res, ATTACHMENTS_VERSION);
    const volumeId = typeof req.query['volume_id'] === 'string' ? req.query['volume_id'] : undefined;
    res.json({ attachments: store.attachments(volumeId).map(attachmentBody) });
  });
  project.get('/attachments/:id', (req, res) => void (needs(res, ATTACHMENTS_VERSION), res.json({ attachment: attachmentBody(store.attachment(String(req.params['id']))) })));
  project.post('/attachments', (req, res) => {
    needs(res, ATTACHMENTS_VERSION);
    const spec = objectField(req.body, 'attachment');
    const volumeId = spec['volume_uuid'];
    const instance = spec['instance_uuid'];
    if (typeof volumeId !== 'string' || typeof instance !== 'string') throw new ApiError(400, "Invalid input received: 'volume_uuid' and 'instance_uuid' are required.");
    const connector = connectorOf(spec['connector']);
    const mode = spec['mode'] === 'ro' ? 'ro' : 'rw';
    res.json({ attachment: attachmentBody(store.attach(volumeId, instance, connector, mode)) });
  });
  project.put('/attachments/:id', (req, res) => {
    needs(res, ATTACHMENTS_VERSION);
    const connector = connectorOf(objectField(req.body, 'attachment')['connector']);
    if (connector === null) throw new ApiError(400, "Invalid input received: 'connector' is required.");
    res.json({ attachment: attachmentBody(store.update(String(req.params['id']), connector)) });
  });
  project.post('/attachments/:id/action', (req, res) => {
    needs(res, 44);
    if (typeof req.body !== 'object' || req.body === null || !('os-complete' in req.body)) throw new ApiError(400, 'Invalid input received: unknown attachment action.');
    store.complete(String(req.params['id']));
    res.status(204).end();
  });
  project.delete('/attachments/:id', (req, res) => {
    needs(res, ATTACHMENTS_VERSION);
    store.detach(String(req.params['id']));
    res.json({ attachments: [] });
  });
  return router;
}

/** `OpenStack-API-Version: volume 3.x` (no header: 3.0); outside 3.0 … max → 406; headers echoed. */
function microversion(): RequestHandler {
  return (req, res, next) => {
    const header = req.get('openstack-api-version') ?? '';
    const value = /^\s*volume\s+(\S+)/i.exec(header)?.[1];
    const minor = value === undefined ? 0 : value === 'latest' ? Number(MAX_VOLUME_VERSION.split('.')[1]) : /^3\.\d+$/.test(value) ? Number(value.split('.')[1]) : NaN;
    res.setHeader('Vary', 'OpenStack-API-Version');
    if (Number.isNaN(minor)) throw new ApiError(400, `API Version String ${String(value)} is of invalid format. Must be of format MajorNum.MinorNum.`);
    res.setHeader('OpenStack-API-Version', `volume 3.${minor}`);
    if (minor > Number(MAX_VOLUME_VERSION.split('.')[1])) throw new ApiError(406, `Version 3.${minor} is not supported by the API. Minimum is 3.0 and maximum is ${MAX_VOLUME_VERSION}.`);
    res.locals['microversion'] = minor;
    next();
  };
}

function needs(res: Response, minor: number): void {
  if (Number(res.locals['microversion'] ?? 0) < minor) throw new ApiError(404, 'The resource could not be found.');
}

function objectField(body: unknown, key: string): Record<string, unknown> {
  const value = (body as Record<string, unknown> | null)?.[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiError(400, `Missing required element '${key}' in request body.`);
  return value as Record<string, unknown>;
}

function connectorOf(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ApiError(400, "Invalid input received: 'connector' must be an object.");
  return value as Record<string, unknown>;
}
