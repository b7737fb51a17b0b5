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

/** Name of the span event that records a server's state change. */
export const STATE_EVENT = 'instance.state';

/**
 * The `vm_state`/`task_state` a message saves, from an `object_action` `objinst` (nova's
 * snake_case keys, or the simulator's camelCase ones); undefined when it changes neither. A
 * cleared task state is written `None`, as nova logs it.
 */
export function stateChangeOf(args: Readonly<Record<string, unknown>>): { vmState?: string; taskState?: string } | undefined {
  const data = dataOf(args['objinst']);
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const vm = stateValue(record, 'vm_state', 'vmState');
  const task = stateValue(record, 'task_state', 'taskState');
  if (vm === undefined && task === undefined) return undefined;
  return { ...(vm === undefined ? {} : { vmState: vm }), ...(task === undefined ? {} : { taskState: task }) };
}

function stateValue(record: Record<string, unknown>, snake: string, camel: string): string | undefined {
  const key = snake in record ? snake : camel in record ? camel : undefined;
  if (key === undefined) return undefined;
  const value = record[key];
  if (value === null) return 'None';
  return typeof value === 'string' ? value : undefined;
}
