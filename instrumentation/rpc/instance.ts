/**
 * The server an RPC message is about, read from the arguments the way nova passes them:
 * `instance` / `objinst` (a serialised Instance), `instances` and `build_requests` (lists of one
 * server's objects), `instance_uuid`, `instance_uuids`, `instance_info.uuid`. Recorded as
 * `openstack.instance_uuid` so asynchronous edges (external events, a cast processed much later)
 * can be joined by resource id. Undefined when the message names no single server.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function instanceUuidOf(args: Readonly<Record<string, unknown>>): string | undefined {
  const candidates = [
    objectUuid(args['instance']),
    objectUuid(args['objinst']),
    ...listOf(args['instances']).map(objectUuid),
    ...listOf(args['build_requests']).map((r) => field(dataOf(r), 'instance_uuid')),
    field(args, 'instance_uuid'),
    ...listOf(args['instance_uuids']).map((u) => (typeof u === 'string' ? u : undefined)),
    field(args['instance_info'], 'uuid'),
  ].filter((uuid): uuid is string => uuid !== undefined && UUID.test(uuid));
  const distinct = new Set(candidates);
  return distinct.size === 1 ? candidates[0] : undefined;
}

function objectUuid(value: unknown): string | undefined {
  return field(dataOf(value), 'uuid');
}

/** `nova_object.data` of a serialised object, or the value itself when it is a plain object. */
function dataOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const data = (value as Record<string, unknown>)['nova_object.data'];
  return data ?? value;
}

function field(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : undefined;
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
