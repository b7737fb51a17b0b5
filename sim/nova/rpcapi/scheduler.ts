import type { RequestContext } from '../../kit/context.js';
import type { RpcClient } from '../../kit/rpc/types.js';
import { fromNovaObject, toNovaObject } from '../objects/nova-object.js';
import type { RequestSpec } from '../objects/store.js';
import { SCHEDULER_FANOUT_TARGET, SCHEDULER_TARGET } from './targets.js';

/** One selected host, as the scheduler returns it (`Selection`). */
export interface Selection {
  readonly serviceHost: string;
  readonly nodename: string;
  readonly computeNodeUuid: string;
  /** The placement allocation request the scheduler claimed, when it asked placement. */
  readonly allocationRequest: string | null;
}

/** nova-scheduler's RPC API (`SchedulerAPI`). */
export class SchedulerApi {
  readonly #rpc: RpcClient;

  constructor(rpc: RpcClient) {
    this.#rpc = rpc;
  }

  /**
   * Call: for each of `instanceUuids` (in order) the selected host followed by alternates, all
   * scheduled with one spec (nova's `num_instances`). Rejects with NoValidHost.
   */
  async selectDestinations(context: RequestContext, spec: RequestSpec, instanceUuids: readonly string[] = [spec.instanceUuid]): Promise<Selection[][]> {
    const reply = await this.#rpc.call(context, SCHEDULER_TARGET, 'select_destinations', {
      spec_obj: toNovaObject('RequestSpec', spec),
      instance_uuids: instanceUuids,
      return_objects: true,
      return_alternates: true,
    });
    return (reply as unknown[][]).map((list) => list.map((s) => fromNovaObject<Selection>(s, 'Selection')));
  }

  /** Fanout cast after a build or unshelve lands an instance on `host`. */
  updateInstanceInfo(context: RequestContext, host: string, instanceUuid: string): Promise<void> {
    return this.#rpc.cast(context, SCHEDULER_FANOUT_TARGET, 'update_instance_info', { host_name: host, instance_info: { uuid: instanceUuid } });
  }

  /** Fanout cast after a delete or offload removes an instance from `host`. */
  deleteInstanceInfo(context: RequestContext, host: string, instanceUuid: string): Promise<void> {
    return this.#rpc.cast(context, SCHEDULER_FANOUT_TARGET, 'delete_instance_info', { host_name: host, instance_uuid: instanceUuid });
  }
}
