import { Router } from 'express';
import type { Request } from 'express';
import { ApiError } from '../kit/rest/api-error.js';
import type { AllocationStore, AllocationWrite } from './allocations.js';
import { MAX_VERSION, MIN_VERSION, minorVersion, requireVersion } from './microversion.js';
import { capacity, parseResources } from './providers.js';
import type { ResourceClass, ResourceProvider } from './providers.js';

/** placement (openstack.md §5.6): resource providers, allocation candidates, allocations. */
export function placementRoutes(providers: Map<string, ResourceProvider>, allocations: AllocationStore): Router {
  const router = Router();
  router.get('/', (_req, res) => void res.json({ versions: [{ id: 'v1.0', max_version: MAX_VERSION, min_version: MIN_VERSION, status: 'CURRENT', links: [{ rel: 'self', href: '' }] }] }));

  const providerBody = (rp: ResourceProvider) => ({
    uuid: rp.uuid,
    name: rp.name,
    generation: rp.generation,
    parent_provider_uuid: null,
    root_provider_uuid: rp.uuid,
    links: [{ rel: 'self', href: `/resource_providers/${rp.uuid}` }, { rel: 'inventories', href: `/resource_providers/${rp.uuid}/inventories` }, { rel: 'usages', href: `/resource_providers/${rp.uuid}/usages` }],
  });
  const provider = (req: Request): ResourceProvider => {
    const rp = providers.get(String(req.params['uuid']));
    if (rp === undefined) throw new ApiError(404, `No resource provider with uuid ${String(req.params['uuid'])} found`, { code: 'placement.undefined_code' });
    return rp;
  };
  router.get('/resource_providers', (req, res) => {
    const { name, uuid, in_tree } = req.query;
    const found = [...providers.values()].filter((rp) => (name === undefined || rp.name === name) && (uuid === undefined || rp.uuid === uuid) && (in_tree === undefined || rp.uuid === in_tree));
    res.json({ resource_providers: found.map(providerBody) });
  });
  router.get('/resource_providers/:uuid', (req, res) => void res.json(providerBody(provider(req))));
  router.get('/resource_providers/:uuid/inventories', (req, res) => {
    const rp = provider(req);
    res.json({ inventories: rp.inventories, resource_provider_generation: rp.generation });
  });
  router.get('/resource_providers/:uuid/usages', (req, res) => {
    const rp = provider(req);
    res.json({ usages: allocations.usage(rp.uuid), resource_provider_generation: rp.generation });
  });
  router.get('/resource_providers/:uuid/allocations', (req, res) => {
    const rp = provider(req);
    res.json({ allocations: Object.fromEntries(allocations.consumersOf(rp.uuid).map(([id, resources]) => [id, { resources }])), resource_provider_generation: rp.generation });
  });

  router.get('/allocation_candidates', (req, res) => {
    requireVersion(res, 10);
    const wanted = parseResources(req.query['resources']);
    const limit = req.query['limit'] === undefined ? Infinity : Number(req.query['limit']);
    if (limit !== Infinity && (!Number.isInteger(limit) || limit < 1)) throw new ApiError(400, `Invalid query string parameters: '${String(req.query['limit'])}' does not match '^[1-9][0-9]*$'`, { code: 'placement.undefined_code' });
    const traits = traitFilter(req.query['required'], minorVersion(res) >= 17, req.query['root_required'], minorVersion(res) >= 35);
    const fits = [...providers.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .filter(traits)
      .filter((rp) => Object.entries(wanted).every(([name, amount]) => {
        const inventory = rp.inventories[name as ResourceClass];
        return inventory !== undefined && amount <= inventory.max_unit && (allocations.usage(rp.uuid)[name] ?? 0) + amount <= capacity(inventory);
      }))
      .slice(0, limit);
    const minor = minorVersion(res);
    res.json({
      allocation_requests: fits.map((rp) => ({ allocations: { [rp.uuid]: { resources: wanted } }, ...(minor >= 34 ? { mappings: { '': [rp.uuid] } } : {}) })),
      provider_summaries: Object.fromEntries(fits.map((rp) => [rp.uuid, summary(rp, allocations.usage(rp.uuid), minor)])),
    });
  });

  router.get('/allocations/:consumer', (req, res) => {
    const consumer = allocations.get(String(req.params['consumer']));
    if (consumer === undefined) return void res.json({ allocations: {} });
    const minor = minorVersion(res);
    res.json({
      allocations: Object.fromEntries(Object.entries(consumer.allocations).map(([rp, resources]) => [rp, { generation: providers.get(rp)?.generation ?? 0, resources }])),
      ...(minor >= 12 ? { project_id: consumer.project_id, user_id: consumer.user_id } : {}),
      ...(minor >= 28 ? { consumer_generation: consumer.generation } : {}),
    });
  });
  router.put('/allocations/:consumer', (req, res) => {
    allocations.write([allocationWrite(String(req.params['consumer']), req.body, minorVersion(res))]);
    res.status(204).end();
  });
  router.post('/allocations', (req, res) => {
    requireVersion(res, 13);
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw invalid('body must be an object keyed by consumer uuid');
    allocations.write(Object.entries(req.body as Record<string, unknown>).map(([consumer, body]) => allocationWrite(consumer, body, Math.max(minorVersion(res), 12))));
    res.status(204).end();
  });
  router.delete('/allocations/:consumer', (req, res) => {
    allocations.delete(String(req.params['consumer']));
    res.status(204).end();
  });
  return router;
}

/**
 * `required=A,!B` (1.17+) and `root_required=A,!B` (1.35+): providers that have every listed trait
 * and none of the `!`-forbidden ones (every provider here is a root). Malformed → 400.
 */
function traitFilter(required: unknown, requiredAllowed: boolean, rootRequired: unknown, rootAllowed: boolean): (rp: ResourceProvider) => boolean {
  const rules: { trait: string; present: boolean }[] = [];
  for (const [value, allowed, key] of [[required, requiredAllowed, 'required'], [rootRequired, rootAllowed, 'root_required']] as const) {
    if (value === undefined) continue;
    if (!allowed) throw new ApiError(400, `Invalid query string parameters: Additional properties are not allowed ('${key}' was unexpected)`, { code: 'placement.undefined_code' });
    for (const text of (Array.isArray(value) ? value : [value]).map(String)) {
      for (const part of text.split(',')) {
        const trait = part.startsWith('!') ? part.slice(1) : part;
        if (!/^[A-Z0-9_]+$/.test(trait)) throw new ApiError(400, `Invalid query string parameters: Expected '${key}' parameter value of the form: HW_CPU_X86_VMX,!CUSTOM_MAGIC. Got: ${text}`, { code: 'placement.query.bad_value' });
        rules.push({ trait, present: !part.startsWith('!') });
      }
    }
  }
  return (rp) => rules.every((rule) => rp.traits.includes(rule.trait) === rule.present);
}

function summary(rp: ResourceProvider, used: Record<string, number>, minor: number) {
  const resources = Object.fromEntries(Object.entries(rp.inventories).map(([name, inventory]) => [name, { capacity: capacity(inventory), used: used[name] ?? 0 }]));
  return { resources, ...(minor >= 17 ? { traits: rp.traits } : {}), ...(minor >= 29 ? { parent_provider_uuid: null, root_provider_uuid: rp.uuid } : {}) };
}

/** Parses one consumer's PUT body: the dict form from 1.12, the list form before; `consumer_generation` required from 1.28. */
function allocationWrite(consumer: string, body: unknown, minor: number): AllocationWrite {
  if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(consumer)) throw invalid(`'${consumer}' is not a 'uuid'`);
  if (typeof body !== 'object' || body === null) throw invalid('body is not an object');
  const { allocations: raw, project_id, user_id, consumer_generation } = body as Record<string, unknown>;
  const allocations: Record<string, Record<string, number>> = {};
  if (minor >= 12) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid("'allocations' is a required property and must be an object");
    for (const [rp, entry] of Object.entries(raw)) allocations[rp] = resourcesOf(entry);
  } else {
    if (!Array.isArray(raw) || raw.length === 0) throw invalid("'allocations' must be a non-empty list");
    for (const entry of raw as unknown[]) {
      const uuid = (entry as { resource_provider?: { uuid?: unknown } } | null)?.resource_provider?.uuid;
      if (typeof uuid !== 'string') throw invalid("'resource_provider' is a required property");
      allocations[uuid] = resourcesOf(entry);
    }
  }
  if (minor >= 8 && (typeof project_id !== 'string' || typeof user_id !== 'string')) throw invalid("'project_id' and 'user_id' are required properties");
  if (minor >= 28 && consumer_generation === undefined) throw invalid("'consumer_generation' is a required property");
  if (consumer_generation !== undefined && consumer_generation !== null && !Number.isInteger(consumer_generation)) throw invalid("'consumer_generation' must be an integer or null");
  return {
    consumer,
    allocations,
    project_id: typeof project_id === 'string' ? project_id : '',
    user_id: typeof user_id === 'string' ? user_id : '',
    ...(minor >= 28 ? { consumer_generation: consumer_generation as number | null } : {}),
  };
}

function resourcesOf(entry: unknown): Record<string, number> {
  const resources = (entry as { resources?: unknown } | null)?.resources;
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) throw invalid("'resources' is a required property");
  return resources as Record<string, number>;
}

function invalid(why: string): ApiError {
  return new ApiError(400, `JSON does not validate: ${why}`, { code: 'placement.undefined_code' });
}

