import { Router } from 'express';
import { createHash } from 'node:crypto';
import { ApiError } from '../../../kit/rest/index.js';
import type { ApiDeps } from '../deps.js';
import { isAdmin, requestContext } from '../deps.js';
import { atLeast, versionOf } from '../microversion.js';

/** A stable uuid per service record, so `openstack compute service list` reads the same each run. */
function serviceUuid(binary: string, host: string): string {
  const hex = createHash('md5').update(`service:${binary}@${host}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * `GET /os-services` (admin) and `GET /limits`: what `openstack compute service list` and
 * `openstack limits show --absolute` read. Every service is up and enabled; cores and RAM are not
 * limited (-1), instances are (nova's `[quota] instances`).
 */
export function computeInfoRoutes(deps: ApiDeps, startedAt: string): Router {
  const router = Router();
  router.get('/os-services', (_req, res) => {
    const context = requestContext(res);
    if (!isAdmin(context)) throw new ApiError(403, 'Policy does not allow os_compute_api:os-services:list to be performed.');
    const version = versionOf(res);
    const records = [
      ['nova-conductor', 'controller', 'internal'],
      ['nova-scheduler', 'controller', 'internal'],
      ...deps.computeHosts.map((host) => ['nova-compute', host, 'nova']),
    ] as const;
    res.json({
      services: records.map(([binary, host, zone], index) => ({
        id: atLeast(version, 53) ? serviceUuid(binary, host) : index + 1,
        binary,
        host,
        zone,
        status: 'enabled',
        state: 'up',
        updated_at: startedAt,
        disabled_reason: null,
        ...(atLeast(version, 11) ? { forced_down: false } : {}),
      })),
    });
  });
  router.get('/limits', async (_req, res) => {
    const context = requestContext(res);
    const instances = await deps.database.listInstances(context, context.project_id);
    res.json({
      limits: {
        rate: [],
        absolute: {
          maxTotalInstances: deps.instanceQuota,
          totalInstancesUsed: instances.length,
          maxTotalCores: -1,
          totalCoresUsed: instances.reduce((sum, i) => sum + i.flavor.vcpus, 0),
          maxTotalRAMSize: -1,
          totalRAMUsed: instances.reduce((sum, i) => sum + i.flavor.ram, 0),
          maxServerMeta: 128,
          maxImageMeta: 128,
          maxTotalKeypairs: 100,
          maxServerGroups: 10,
          maxServerGroupMembers: 10,
          totalServerGroupsUsed: 0,
        },
      },
    });
  });
  return router;
}
