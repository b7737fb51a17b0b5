import { Router } from 'express';
import { ApiError } from '../../../kit/rest/index.js';
import type { ApiDeps } from '../deps.js';
import { getServer, isAdmin, requestContext } from '../deps.js';
import { acceptExternalEvents } from '../external-events.js';
import { versionOf } from '../microversion.js';
import { actionDetail, actionSummary } from '../views/action-view.js';
import { attachVolume } from '../volume-attach.js';

/** Instance actions, volume attachments and neutron's external events. */
export function serverResourceRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/servers/:id/os-instance-actions', async (req, res) => {
    const context = requestContext(res);
    const instance = await getServer(deps, context, req.params.id, true);
    const actions = await deps.database.listActions(context, instance.uuid);
    res.json({ instanceActions: actions.reverse().map((a) => actionSummary(a, versionOf(res))) });
  });
  router.get('/servers/:id/os-instance-actions/:requestId', async (req, res) => {
    const context = requestContext(res);
    const instance = await getServer(deps, context, req.params.id, true);
    const action = await deps.database.getAction(context, instance.uuid, req.params.requestId);
    if (!action) throw new ApiError(404, `Action for request_id ${req.params.requestId} on instance ${instance.uuid} not found`);
    res.json({ instanceAction: actionDetail(action, versionOf(res), isAdmin(context)) });
  });
  router.get('/servers/:id/os-volume_attachments', async (req, res) => {
    const instance = await getServer(deps, requestContext(res), req.params.id);
    res.json({ volumeAttachments: instance.volumes.map((v) => ({ device: v.device, id: v.volumeId, serverId: instance.uuid, volumeId: v.volumeId })) });
  });
  router.post('/servers/:id/os-volume_attachments', async (req, res) => {
    const context = requestContext(res);
    const instance = await getServer(deps, context, req.params.id);
    const { device, volumeId } = await attachVolume(deps, context, instance, req.body);
    res.json({ volumeAttachment: { device, id: volumeId, serverId: instance.uuid, volumeId } });
  });
  router.post('/os-server-external-events', async (req, res) => {
    const { status, events } = await acceptExternalEvents(deps, requestContext(res), req.body);
    res.status(status).json({ events });
  });
  return router;
}
