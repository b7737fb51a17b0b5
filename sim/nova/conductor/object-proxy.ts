import type { RequestContext } from '../../kit/context.js';
import type { NovaDatabase } from '../objects/database.js';
import type { InstanceChanges } from '../objects/instance.js';
import { changedFields, fromNovaObject, toNovaObject } from '../objects/nova-object.js';

/**
 * The conductor's object proxy: runs a remotable object method on behalf of nova-compute, which
 * has no database access of its own. `object_action` is `instance.save()`;
 * `object_class_action_versions` is a remotable class method.
 */
export async function objectAction(database: NovaDatabase, context: RequestContext, args: Record<string, unknown>): Promise<unknown> {
  const objinst = args['objinst'];
  if (args['objmethod'] !== 'save') throw new TypeError(`object_action: unsupported method ${String(args['objmethod'])}`);
  const data = fromNovaObject<Record<string, unknown>>(objinst, 'Instance');
  const changes: Record<string, unknown> = {};
  for (const key of changedFields(objinst, 'Instance')) if (Object.hasOwn(data, key) && key !== '__proto__') changes[key] = data[key];
  const updates = await database.saveInstance(context, String(data['uuid']), changes as InstanceChanges);
  return { updates: updates ?? null, result: null };
}

export async function objectClassAction(database: NovaDatabase, context: RequestContext, args: Record<string, unknown>): Promise<unknown> {
  const kwargs = (args['kwargs'] ?? {}) as Record<string, unknown>;
  const uuid = String(kwargs['instance_uuid'] ?? kwargs['uuid']);
  switch (`${String(args['objname'])}.${String(args['objmethod'])}`) {
    case 'Instance.get_by_uuid': {
      const instance = await database.getInstance(context, uuid);
      return instance ? toNovaObject('Instance', instance) : null;
    }
    case 'InstanceActionEvent.event_start':
      await database.eventStart(context, uuid, String(kwargs['event_name']), String(kwargs['host']));
      return null;
    case 'InstanceActionEvent.event_finish_with_failure':
      await database.eventFinish(context, uuid, String(kwargs['event_name']), typeof kwargs['exc_val'] === 'string' ? kwargs['exc_val'] : null);
      return null;
    default:
      throw new TypeError(`object_class_action_versions: unsupported ${String(args['objname'])}.${String(args['objmethod'])}`);
  }
}
