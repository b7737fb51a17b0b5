import { Router } from 'express';
import type { Request } from 'express';
import { ApiError } from '../../../kit/rest/index.js';
import type { ApiDeps } from '../deps.js';
import { getServer, isAdmin, requestContext } from '../deps.js';
import { versionOf } from '../microversion.js';
import { runAction } from '../server-actions.js';
import { createServer } from '../server-create.js';
import { deleteServer } from '../server-delete.js';
import { filterServers, MarkerNotFound } from '../server-list.js';
import { updateServer } from '../server-update.js';
import type { ServerQuery } from '../server-list.js';
import { baseUrl } from '../versions.js';
import { serverDetail, serverSummary } from '../views/server-view.js';

function queryOf(req: Request): ServerQuery {
  const text = (key: string): string | undefined => (typeof req.query[key] === 'string' ? (req.query[key] as string) : undefined);
  const limitText = text('limit');
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new ApiError(400, `Invalid input for query parameters limit. Value: ${limitText}. ${limitText} is not an integer >= 0`);
  const name = text('name');
  const status = text('status');
  const marker = text('marker');
  return { ...(name !== undefined ? { name } : {}), ...(status !== undefined ? { status } : {}), ...(limit !== undefined ? { limit } : {}), ...(marker !== undefined ? { marker } : {}) };
}

/** `/servers` and its sub-resources, except instance actions and volume attachments. */
export function serverRoutes(deps: ApiDeps): Router {
  const router = Router();
  const list = async (req: Request, detail: boolean) => {
    const context = requestContext(req.res!);
    const allTenants = isAdmin(context) && ['1', 'true', 'True'].includes(String(req.query['all_tenants']));
    const instances = await deps.database.listInstances(context, allTenants ? null : context.project_id);
    let selected;
    try {
      selected = filterServers(instances, queryOf(req));
    } catch (error) {
      if (error instanceof MarkerNotFound) throw new ApiError(400, error.message);
      throw error;
    }
    const base = baseUrl(req);
    return selected.map((i) => (detail ? serverDetail(i, base, versionOf(req.res!), isAdmin(context)) : serverSummary(i, base)));
  };
  router.get('/servers', async (req, res) => void res.json({ servers: await list(req, false) }));
  router.get('/servers/detail', async (req, res) => void res.json({ servers: await list(req, true) }));
  router.post('/servers', async (req, res) => {
    const context = requestContext(res);
    const { instance, adminPass } = await createServer(deps, context, req.body, versionOf(res));
    const summary = serverSummary(instance, baseUrl(req));
    res.setHeader('Location', `${baseUrl(req)}/v2.1/servers/${instance.uuid}`);
    res.status(202).json({ server: { ...summary, adminPass, 'OS-DCF:diskConfig': 'MANUAL', security_groups: [{ name: 'default' }] } });
  });
  router.get('/servers/:id', async (req, res) => {
    const context = requestContext(res);
    const instance = await getServer(deps, context, req.params.id);
    res.json({ server: serverDetail(instance, baseUrl(req), versionOf(res), isAdmin(context)) });
  });
  router.put('/servers/:id', async (req, res) => {
    const context = requestContext(res);
    const updated = await updateServer(deps, context, await getServer(deps, context, req.params.id), req.body, versionOf(res));
    res.json({ server: serverDetail(updated, baseUrl(req), versionOf(res), isAdmin(context)) });
  });
  router.delete('/servers/:id', async (req, res) => {
    const context = requestContext(res);
    await deleteServer(deps, context, await getServer(deps, context, req.params.id));
    res.status(204).end();
  });
  router.post('/servers/:id/action', async (req, res) => {
    const context = requestContext(res);
    await runAction(deps, context, await getServer(deps, context, req.params.id), req.body, versionOf(res));
    res.status(202).end();
  });
  return router;
}
