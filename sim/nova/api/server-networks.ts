import type { RequestContext } from '../../kit/context.js';
import { ApiError } from '../../kit/rest/index.js';
import { isNotFound } from '../clients/rest.js';
import type { RequestedNetworks } from '../objects/instance.js';
import type { ApiDeps } from './deps.js';
import type { Microversion } from './microversion.js';
import { atLeast } from './microversion.js';
import { invalid, isRecord, isUuid } from './validate.js';

/**
 * The `networks` of `POST /servers`: a list of `{uuid | port, fixed_ip?}`, or from 2.37 the
 * strings `auto` / `none`, which are then also required. Before 2.37 an absent list means auto.
 */
export function parseNetworks(value: unknown, version: Microversion): RequestedNetworks {
  if (value === undefined) {
    if (atLeast(version, 37)) throw invalid('server', "'networks' is a required property");
    return 'auto';
  }
  if (value === 'auto' || value === 'none') {
    if (!atLeast(version, 37)) throw invalid('networks', `Value: ${value}. '${value}' is not of type 'array'`);
    return value;
  }
  if (!Array.isArray(value)) throw invalid('networks', `Value: ${JSON.stringify(value)}. It must be a list, 'auto' or 'none'`);
  return value.map((entry, index) => {
    if (!isRecord(entry)) throw invalid(`networks/${index}`, `Value: ${JSON.stringify(entry)}. It is not an object`);
    const { uuid, port } = entry;
    if (uuid !== undefined && !isUuid(uuid)) throw new ApiError(400, `Bad networks format: network uuid is not in proper format (${String(uuid)})`);
    if (port !== undefined && !isUuid(port)) throw invalid(`networks/${index}/port`, `Value: ${String(port)}. It is not a valid UUID`);
    if (uuid === undefined && port === undefined) throw new ApiError(400, 'Bad networks format: a network needs a uuid or a port');
    return { ...(uuid !== undefined ? { uuid } : {}), ...(port !== undefined ? { port } : {}) } as { uuid?: string; port?: string };
  });
}

/**
 * Every requested network must exist in neutron (one `GET /v2.0/networks?id=…`), and every
 * requested port too, unused (`GET /v2.0/ports/{id}`); else 400, or 409 for a port in use.
 */
export async function validateNetworks(deps: ApiDeps, context: RequestContext, networks: RequestedNetworks): Promise<void> {
  if (networks === 'none' || networks === 'auto') return;
  const ids = networks.flatMap((n) => (n.uuid ? [n.uuid] : []));
  if (ids.length > 0) {
    const found = new Set((await deps.neutron.listNetworks(context, ids)).map((n) => n.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw new ApiError(400, `Network ${missing} could not be found.`);
  }
  for (const portId of networks.flatMap((n) => (n.port ? [n.port] : []))) {
    let port;
    try {
      port = await deps.neutron.getPort(context, portId);
    } catch (error) {
      if (isNotFound(error)) throw new ApiError(400, `Port ${portId} could not be found.`);
      throw error;
    }
    if (port.device_id) throw new ApiError(409, `Port ${portId} is still in use.`);
  }
}
