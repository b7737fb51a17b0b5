import type { RequestContext } from '../../kit/context.js';
import type { InstanceChanges, InstanceRecord } from '../objects/instance.js';
import type { NovaDatabase } from '../objects/database.js';
import { fromNovaObject } from '../objects/nova-object.js';
import type { ConductorApi } from '../rpcapi/conductor.js';

/**
 * How nova-compute reads and writes its instances. In nova this is always the conductor
 * (`object_action` / `object_class_action_versions` calls); {@link directObjects} exists only
 * for the `computeWritesDb` fault, where compute opens the database itself.
 */
export interface ComputeObjects {
  /** `instance.save()`; null when the instance is gone. */
  save(context: RequestContext, uuid: string, changes: InstanceChanges): Promise<InstanceRecord | null>;
  get(context: RequestContext, uuid: string): Promise<InstanceRecord | null>;
  eventStart(context: RequestContext, uuid: string, event: string, host: string): Promise<void>;
  eventFinish(context: RequestContext, uuid: string, event: string, error: string | null): Promise<void>;
}

export function conductorObjects(conductor: ConductorApi): ComputeObjects {
  return {
    save: (context, uuid, changes) => conductor.objectAction(context, uuid, changes),
    get: async (context, uuid) => {
      const found = await conductor.objectClassActionVersions(context, 'Instance', 'get_by_uuid', { uuid });
      return found === null || found === undefined ? null : fromNovaObject<InstanceRecord>(found, 'Instance');
    },
    eventStart: async (context, uuid, event, host) => {
      await conductor.objectClassActionVersions(context, 'InstanceActionEvent', 'event_start', { instance_uuid: uuid, event_name: event, host });
    },
    eventFinish: async (context, uuid, event, error) => {
      await conductor.objectClassActionVersions(context, 'InstanceActionEvent', 'event_finish_with_failure', { instance_uuid: uuid, event_name: event, exc_val: error });
    },
  };
}

export function directObjects(database: NovaDatabase): ComputeObjects {
  return {
    save: async (context, uuid, changes) => (await database.saveInstance(context, uuid, changes)) ?? null,
    get: async (context, uuid) => (await database.getInstance(context, uuid)) ?? null,
    eventStart: (context, uuid, event, host) => database.eventStart(context, uuid, event, host),
    eventFinish: (context, uuid, event, error) => database.eventFinish(context, uuid, event, error),
  };
}
