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

  scheduleAndBuildInstances(context: RequestContext, buildRequest: InstanceRecord, spec: RequestSpec, adminPassword: string): Promise<void> {
    return this.#rpc.cast(context, COMPUTE_TASK_TARGET, 'schedule_and_build_instances', {
      build_requests: [toNovaObject('BuildRequest', { instance_uuid: buildRequest.uuid, project_id: buildRequest.projectId })],
      request_specs: [toNovaObject('RequestSpec', spec)],
      image: { id: buildRequest.imageRef },
      admin_password: adminPassword,
      injected_files: [],
      requested_networks: buildRequest.requestedNetworks,
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
