import type { RequestContext } from '../../kit/context.js';
import type { RpcClient } from '../../kit/rpc/types.js';
import type { InstanceRecord } from '../objects/instance.js';
import { toNovaObject } from '../objects/nova-object.js';
import type { Selection } from './scheduler.js';
import { computeTarget } from './targets.js';

/** One external event as neutron reports it (`InstanceExternalEvent`). */
export interface ExternalEvent {
  readonly name: string;
  readonly serverUuid: string;
  readonly tag: string | null;
  readonly status: string;
}

/**
 * nova-compute's RPC API (`ComputeAPI`): every message goes to `compute.<host>`. All the methods
 * here are casts in nova; `reserve_block_device_name` is a call. `asCall` exists only so the
 * `callInsteadOfCast` fault can produce its wrong hop.
 */
export class ComputeApi {
  readonly #rpc: RpcClient;

  constructor(rpc: RpcClient) {
    this.#rpc = rpc;
  }

  async buildAndRunInstance(context: RequestContext, instance: InstanceRecord, selection: Selection, adminPassword: string, options: { asCall?: boolean } = {}): Promise<void> {
    const args = {
      instance: toNovaObject('Instance', instance),
      image: { id: instance.imageRef },
      request_spec: null,
      filter_properties: {},
      admin_password: adminPassword,
      requested_networks: instance.requestedNetworks,
      node: selection.nodename,
      limits: null,
      host_list: [toNovaObject('Selection', selection)],
      accel_uuids: [],
    };
    const target = computeTarget(selection.serviceHost);
    if (options.asCall) await this.#rpc.call(context, target, 'build_and_run_instance', args);
    else await this.#rpc.cast(context, target, 'build_and_run_instance', args);
  }

  #cast(context: RequestContext, instance: InstanceRecord, method: string, extra: Record<string, unknown> = {}, host = instance.host): Promise<void> {
    if (!host) throw new Error(`${method}: instance ${instance.uuid} has no host`);
    return this.#rpc.cast(context, computeTarget(host), method, { instance: toNovaObject('Instance', instance), ...extra });
  }

  terminateInstance(context: RequestContext, instance: InstanceRecord): Promise<void> {
    return this.#cast(context, instance, 'terminate_instance', { bdms: [] });
  }

  rebootInstance(context: RequestContext, instance: InstanceRecord, rebootType: 'SOFT' | 'HARD'): Promise<void> {
    return this.#cast(context, instance, 'reboot_instance', { block_device_info: null, reboot_type: rebootType });
  }

  shelveInstance(context: RequestContext, instance: InstanceRecord, imageId: string, clean_shutdown = true): Promise<void> {
    return this.#cast(context, instance, 'shelve_instance', { image_id: imageId, clean_shutdown, accel_uuids: [] });
  }

  shelveOffloadInstance(context: RequestContext, instance: InstanceRecord): Promise<void> {
    return this.#cast(context, instance, 'shelve_offload_instance', { clean_shutdown: true, accel_uuids: [] });
  }

  unshelveInstance(context: RequestContext, instance: InstanceRecord, host: string, selection: Selection): Promise<void> {
    return this.#cast(context, instance, 'unshelve_instance', { image: { id: instance.shelvedImageId }, node: selection.nodename, request_spec: null, accel_uuids: [] }, host);
  }

  startInstance(context: RequestContext, instance: InstanceRecord): Promise<void> {
    return this.#cast(context, instance, 'start_instance');
  }

  stopInstance(context: RequestContext, instance: InstanceRecord): Promise<void> {
    return this.#cast(context, instance, 'stop_instance', { clean_shutdown: true });
  }

  externalInstanceEvent(context: RequestContext, instance: InstanceRecord, events: readonly ExternalEvent[]): Promise<void> {
    return this.#cast(context, instance, 'external_instance_event', {
      instances: [toNovaObject('Instance', instance)],
      events: events.map((e) => toNovaObject('InstanceExternalEvent', e)),
    });
  }

  /** Call: compute picks the device name for a volume attach (and reserves a BDM). */
  async reserveBlockDeviceName(context: RequestContext, instance: InstanceRecord, volumeId: string): Promise<string> {
    if (!instance.host) throw new Error(`reserve_block_device_name: instance ${instance.uuid} has no host`);
    const args = { instance: toNovaObject('Instance', instance), device: null, volume_id: volumeId, disk_bus: null, device_type: null, tag: null, multiattach: false };
    return (await this.#rpc.call(context, computeTarget(instance.host), 'reserve_block_device_name', args)) as string;
  }

  attachVolume(context: RequestContext, instance: InstanceRecord, volumeId: string, device: string, attachmentId: string): Promise<void> {
    const bdm = toNovaObject('BlockDeviceMapping', { volume_id: volumeId, device_name: device, attachment_id: attachmentId, instance_uuid: instance.uuid });
    return this.#cast(context, instance, 'attach_volume', { bdm });
  }
}
