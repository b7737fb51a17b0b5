import type { RequestContext } from '../../kit/context.js';
import type { RpcClient } from '../../kit/rpc/types.js';
import type { InstanceChanges, InstanceRecord } from '../objects/instance.js';
import { toNovaObject } from '../objects/nova-object.js';
import type { ObjectName } from '../objects/nova-object.js';
import { CONDUCTOR_TARGET } from './targets.js';

/**
 * The conductor's object proxy (`ConductorAPI`): how nova-compute reaches the database. Every
 * `instance.save()` is an `object_action` call; remotable class methods (lookups, action events)
 * are `object_class_action_versions` calls.
 */
export class ConductorApi {
  readonly #rpc: RpcClient;

  constructor(rpc: RpcClient) {
    this.#rpc = rpc;
  }

  /** `instance.save()`; resolves with the updated instance, or null when it is gone. */
  async objectAction(context: RequestContext, uuid: string, changes: InstanceChanges): Promise<InstanceRecord | null> {
    const objinst = toNovaObject('Instance', { uuid, ...changes }, Object.keys(changes));
    const reply = await this.#rpc.call(context, CONDUCTOR_TARGET, 'object_action', { objinst, objmethod: 'save', args: [], kwargs: {} });
    return (reply as { updates: InstanceRecord | null }).updates;
  }

  objectClassActionVersions(context: RequestContext, objname: ObjectName, objmethod: string, kwargs: Record<string, unknown>): Promise<unknown> {
    return this.#rpc.call(context, CONDUCTOR_TARGET, 'object_class_action_versions', {
      objname,
      objmethod,
      object_versions: { [objname]: '*' },
      args: [],
      kwargs,
    });
  }
}
