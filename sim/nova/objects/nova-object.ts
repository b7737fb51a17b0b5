/**
 * nova's versioned-object wire form (nova/objects/base.py): how objects travel inside RPC `args`.
 */
export interface NovaObject<T> {
  readonly 'nova_object.name': string;
  readonly 'nova_object.namespace': 'nova';
  readonly 'nova_object.version': string;
  readonly 'nova_object.data': T;
  readonly 'nova_object.changes'?: readonly string[];
}

/** Object versions as nova master sends them. */
export const ObjectVersion = {
  Instance: '2.8',
  RequestSpec: '1.14',
  BuildRequest: '1.3',
  Selection: '1.1',
  InstanceActionEvent: '1.4',
  InstanceExternalEvent: '1.5',
  BlockDeviceMapping: '1.20',
} as const;
export type ObjectName = keyof typeof ObjectVersion;

const toSnake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const toCamel = (key: string): string => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function renameKeys(value: object, rename: (key: string) => string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [rename(key), field]));
}

/**
 * Serialises `data` as nova does: field names in snake_case on the wire (`vm_state`,
 * `task_state`, `service_host`, …), as are the names in `nova_object.changes`. Only top-level
 * fields are renamed; nested values travel as they are.
 */
export function toNovaObject<T extends object>(name: ObjectName, data: T, changes?: readonly string[]): NovaObject<Record<string, unknown>> {
  const object: NovaObject<Record<string, unknown>> = {
    'nova_object.name': name,
    'nova_object.namespace': 'nova',
    'nova_object.version': ObjectVersion[name],
    'nova_object.data': renameKeys(data, toSnake),
  };
  return changes ? { ...object, 'nova_object.changes': changes.map(toSnake) } : object;
}

function assertObject(value: unknown, name: ObjectName): asserts value is NovaObject<Record<string, unknown>> {
  const record = value as Record<string, unknown> | null;
  if (typeof value !== 'object' || record === null || record['nova_object.name'] !== name || typeof record['nova_object.data'] !== 'object' || record['nova_object.data'] === null) {
    throw new TypeError(`expected a serialised ${name} object`);
  }
}

/** The data of a serialised object, field names back in camelCase; throws on anything else (a malformed RPC message). */
export function fromNovaObject<T>(value: unknown, name: ObjectName): T {
  assertObject(value, name);
  return renameKeys(value['nova_object.data'], toCamel) as T;
}

/** The camelCase names of the fields a serialised object says it changed. */
export function changedFields(value: unknown, name: ObjectName): string[] {
  assertObject(value, name);
  const changes = value['nova_object.changes'];
  return Array.isArray(changes) ? changes.filter((c): c is string => typeof c === 'string').map(toCamel) : [];
}
