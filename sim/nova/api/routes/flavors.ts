import { Router } from 'express';
import { ApiError } from '../../../kit/rest/index.js';
import { DEVSTACK_FLAVORS, findFlavor } from '../../objects/flavors.js';
import { requestContext } from '../deps.js';
import { versionOf } from '../microversion.js';
import { baseUrl } from '../versions.js';
import { flavorDetail, flavorSummary } from '../views/flavor-view.js';

/**
 * `GET /flavors`, `/flavors/detail`, `/flavors/{id}`. `is_public` accepts anything (clients send
 * the literal `None`, meaning all); a name where an id belongs is a proper 404 so clients fall
 * back to listing.
 */
export function flavorRoutes(): Router {
  const router = Router();
  router.get('/flavors', (req, res) => {
    const project = requestContext(res).project_id ?? '';
    res.json({ flavors: DEVSTACK_FLAVORS.map((f) => flavorSummary(f, baseUrl(req), project, versionOf(res))) });
  });
  router.get('/flavors/detail', (req, res) => {
    const project = requestContext(res).project_id ?? '';
    res.json({ flavors: DEVSTACK_FLAVORS.map((f) => flavorDetail(f, baseUrl(req), project, versionOf(res))) });
  });
  router.get('/flavors/:id', (req, res) => {
    const flavor = findFlavor(req.params.id);
    if (!flavor) throw new ApiError(404, `Flavor ${req.params.id} could not be found.`);
    res.json({ flavor: flavorDetail(flavor, baseUrl(req), requestContext(res).project_id ?? '', versionOf(res)) });
  });
  return router;
}
