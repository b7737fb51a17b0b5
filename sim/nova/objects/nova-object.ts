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

export function toNovaObject<T extends object>(name: ObjectName, data: T, changes?: readonly string[]): NovaObject<T> {
  const object: NovaObject<T> = {
    'nova_object.name': name,
    'nova_object.namespace': 'nova',
    'nova_object.version': ObjectVersion[name],
    'nova_object.data': data,
  };
  return changes ? { ...object, 'nova_object.changes': changes } : object;
}

/** The data of a serialised object; throws on anything else (a malformed RPC message). */
export function fromNovaObject<T>(value: unknown, name: ObjectName): T {
  if (typeof value !== 'object' || value === null || (value as Record<string, unknown>)['nova_object.name'] !== name) {
    throw new TypeError(`expected a serialised ${name} object`);
  }
  return (value as NovaObject<T>)['nova_object.data'];
}
