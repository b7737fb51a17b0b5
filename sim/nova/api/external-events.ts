import type { RequestContext } from '../../kit/context.js';
import { ApiError } from '../../kit/rest/index.js';
import type { InstanceRecord } from '../objects/instance.js';
import type { ExternalEvent } from '../rpcapi/compute.js';
import type { ApiDeps } from './deps.js';
import { isAdmin } from './deps.js';
import { isRecord } from './validate.js';

const NAMES = new Set(['network-changed', 'network-vif-plugged', 'network-vif-unplugged', 'network-vif-deleted', 'volume-extended', 'power-update', 'accelerator-request-bound', 'volume-reimaged']);
const STATUSES = new Set(['failed', 'completed', 'in-progress']);

export interface EventsResult {
  readonly status: 200 | 207 | 404;
  readonly events: Record<string, unknown>[];
}

/**
 * `POST /os-server-external-events` (neutron → nova, admin only): each event is answered with a
 * per-event code (200 accepted, 404 unknown server, 422 not on a host yet) and cast to the
 * server's compute host as `external_instance_event`, one cast per host.
 */
export async function acceptExternalEvents(deps: ApiDeps, context: RequestContext, body: unknown): Promise<EventsResult> {
  if (!isAdmin(context)) throw new ApiError(403, 'Policy does not allow os_compute_api:os-server-external-events:create to be performed.');
  const events = parseEvents(body);
  const answered: Record<string, unknown>[] = [];
  const byHost = new Map<string, { instance: InstanceRecord; events: ExternalEvent[] }[]>();
  for (const event of events) {
    const instance = await deps.database.getInstance(context, event.serverUuid);
    const code = !instance ? 404 : instance.host === null ? 422 : 200;
    answered.push({ name: event.name, server_uuid: event.serverUuid, status: event.status, ...(event.tag !== null ? { tag: event.tag } : {}), code });
    if (code !== 200 || !instance?.host) continue;
    const perHost = byHost.get(instance.host) ?? [];
    const entry = perHost.find((e) => e.instance.uuid === instance.uuid);
    if (entry) entry.events.push(event);
    else perHost.push({ instance, events: [event] });
    byHost.set(instance.host, perHost);
  }
  for (const entries of byHost.values()) {
    for (const { instance, events: forInstance } of entries) await deps.compute.externalInstanceEvent(context, instance, forInstance);
  }
  const accepted = answered.filter((e) => e['code'] === 200).length;
  const status = accepted === answered.length ? 200 : accepted === 0 ? 404 : 207;
  return { status, events: answered };
}

function parseEvents(body: unknown): ExternalEvent[] {
  const list = isRecord(body) ? body['events'] : undefined;
  if (!Array.isArray(list) || list.length === 0) throw new ApiError(400, "Invalid input for field/attribute events. 'events' must be a non-empty list");
  return list.map((raw, index) => {
    if (!isRecord(raw)) throw new ApiError(400, `Invalid input for field/attribute events/${index}. It is not an object`);
    const { name, server_uuid: serverUuid, tag, status } = raw;
    if (typeof name !== 'string' || !NAMES.has(name)) throw new ApiError(400, `Invalid input for field/attribute name. Value: ${String(name)}. It is not a known event name`);
    if (typeof serverUuid !== 'string') throw new ApiError(400, "Invalid input for field/attribute server_uuid. 'server_uuid' is a required property");
    if (status !== undefined && (typeof status !== 'string' || !STATUSES.has(status))) throw new ApiError(400, `Invalid input for field/attribute status. Value: ${String(status)}`);
    return { name, serverUuid, tag: typeof tag === 'string' ? tag : null, status: typeof status === 'string' ? status : 'completed' };
  });
}
