import type { Flavor } from '../../objects/flavors.js';
import type { Microversion } from '../microversion.js';
import { atLeast } from '../microversion.js';
import { resourceLinks } from './links.js';

/** `GET /flavors` entries: id, name, links (plus description from 2.55). */
export function flavorSummary(flavor: Flavor, base: string, projectId: string, version: Microversion): Record<string, unknown> {
  return {
    id: flavor.id,
    name: flavor.name,
    links: resourceLinks(base, projectId, 'flavors', flavor.id),
    ...(atLeast(version, 55) ? { description: flavor.description } : {}),
  };
}

/** The full flavor of `GET /flavors/detail` and `GET /flavors/{id}` (api-samples/nova/flavors/). */
export function flavorDetail(flavor: Flavor, base: string, projectId: string, version: Microversion): Record<string, unknown> {
  return {
    ...flavorSummary(flavor, base, projectId, version),
    ram: flavor.ram,
    vcpus: flavor.vcpus,
    disk: flavor.disk,
    swap: atLeast(version, 75) ? flavor.swap : flavor.swap === 0 ? '' : flavor.swap,
    'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral,
    'OS-FLV-DISABLED:disabled': false,
    'os-flavor-access:is_public': flavor.isPublic,
    rxtx_factor: 1.0,
    ...(atLeast(version, 61) ? { extra_specs: { ...flavor.extraSpecs } } : {}),
  };
}
