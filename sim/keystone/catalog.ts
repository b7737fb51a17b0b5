import { createHash } from 'node:crypto';
import { REGION } from '../kit/devstack.js';
import type { ServiceEndpoints } from '../kit/environment.js';

/** One catalog entry as keystone returns it in a token and from `GET /v3/auth/catalog`. */
export interface CatalogEntry {
  readonly type: string;
  readonly name: string;
  readonly id: string;
  readonly endpoints: readonly { id: string; interface: 'public' | 'internal' | 'admin'; region: string; region_id: string; url: string }[];
}

/**
 * The catalog of the simulated cloud (openstack.md §5.1), built from the live endpoints at
 * request time: identity and image and network and placement unversioned, compute at `/v2.1`,
 * block-storage and volumev3 at `/v3/<project_id>` (the token's project; `$(project_id)s` when
 * unscoped).
 */
export function buildCatalog(endpoints: ServiceEndpoints, projectId: string | null): CatalogEntry[] {
  const project = projectId ?? '$(project_id)s';
  const services: [type: string, name: string, url: string][] = [
    ['identity', 'keystone', endpoints.keystone],
    ['compute', 'nova', `${endpoints['nova-api']}/v2.1`],
    ['image', 'glance', endpoints.glance],
    ['network', 'neutron', endpoints.neutron],
    ['placement', 'placement', endpoints.placement],
    ['block-storage', 'cinder', `${endpoints.cinder}/v3/${project}`],
    ['volumev3', 'cinderv3', `${endpoints.cinder}/v3/${project}`],
  ];
  return services.map(([type, name, url]) => ({
    type,
    name,
    id: stableId(`service:${type}`),
    endpoints: (['public', 'internal', 'admin'] as const).map((iface) => ({ id: stableId(`endpoint:${type}:${iface}`), interface: iface, region: REGION, region_id: REGION, url })),
  }));
}

/** A 32-hex id that is the same on every run for the same seed. */
export function stableId(seed: string): string {
  return createHash('md5').update(seed).digest('hex');
}
