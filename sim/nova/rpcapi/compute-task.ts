import type { RequestContext } from '../../kit/context.js';
import type { RpcClient } from '../../kit/rpc/types.js';
import type { InstanceRecord } from '../objects/instance.js';
import { toNovaObject } from '../objects/nova-object.js';
import type { RequestSpec } from '../objects/store.js';
import { COMPUTE_TASK_TARGET } from './targets.js';

/** The conductor's task API (`ComputeTaskAPI`): long-running operations, all casts. */
export class ComputeTaskApi {
  readonly #rpc: RpcClient;

  constructor(rpc: RpcClient) {
    this.#rpc = rpc;
  }

  /** One cast for every instance of a create request (`min_count`/`max_count`). */
  scheduleAndBuildInstances(context: RequestContext, buildRequests: readonly InstanceRecord[], specs: readonly RequestSpec[], adminPassword: string): Promise<void> {
    const first = buildRequests[0];
    return this.#rpc.cast(context, COMPUTE_TASK_TARGET, 'schedule_and_build_instances', {
      build_requests: buildRequests.map((b) => toNovaObject('BuildRequest', { instance_uuid: b.uuid, project_id: b.projectId })),
      request_specs: specs.map((spec) => toNovaObject('RequestSpec', spec)),
      image: { id: first?.imageRef ?? null },
      admin_password: adminPassword,
      injected_files: [],
      requested_networks: first?.requestedNetworks ?? [],
      block_device_mapping: [],
      tags: [],
    });
  }

  unshelveInstance(context: RequestContext, instance: InstanceRecord): Promise<void> {
    return this.#rpc.cast(context, COMPUTE_TASK_TARGET, 'unshelve_instance', {
      instance: toNovaObject('Instance', instance),
      request_spec: null,
    });
  }
}
