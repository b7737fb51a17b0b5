/**
 * The known nova RPC topology (openstack.md §3, §4): which service calls which RPC method on which,
 * by call, cast or fanout. Log lines rarely name the method, so the ingester infers it from the
 * pair of services and the flow's operation; where the topology says nothing it falls back to a
 * cast with no method.
 */
import { Service } from '../../core/services.js';

export type RpcKind = 'call' | 'cast' | 'fanout';

export interface RpcMethod {
  readonly from: readonly string[];
  readonly to: string;
  readonly kind: RpcKind;
}

const API = Service.novaApi;
const COND = Service.novaConductor;
const SCHED = Service.novaScheduler;
const COMP = Service.novaCompute;

/** RPC methods by (callee service, method name). */
const METHODS: Readonly<Record<string, RpcMethod>> = {
  [`${COND}/schedule_and_build_instances`]: { from: [API], to: COND, kind: 'cast' },
  [`${COND}/build_instances`]: { from: [API, COMP], to: COND, kind: 'cast' },
  [`${COND}/unshelve_instance`]: { from: [API], to: COND, kind: 'cast' },
  [`${COND}/migrate_server`]: { from: [API], to: COND, kind: 'cast' },
  [`${COND}/live_migrate_instance`]: { from: [API], to: COND, kind: 'cast' },
  [`${COND}/rebuild_instance`]: { from: [API], to: COND, kind: 'cast' },
  [`${COND}/object_action`]: { from: [COMP], to: COND, kind: 'call' },
  [`${COND}/object_class_action_versions`]: { from: [COMP], to: COND, kind: 'call' },
  [`${COND}/object_backport_versions`]: { from: [COMP], to: COND, kind: 'call' },
  [`${SCHED}/select_destinations`]: { from: [COND], to: SCHED, kind: 'call' },
  [`${SCHED}/update_instance_info`]: { from: [COMP], to: SCHED, kind: 'fanout' },
  [`${SCHED}/delete_instance_info`]: { from: [COMP], to: SCHED, kind: 'fanout' },
  [`${SCHED}/sync_instance_info`]: { from: [COMP], to: SCHED, kind: 'fanout' },
  [`${COMP}/build_and_run_instance`]: { from: [COND], to: COMP, kind: 'cast' },
  [`${COMP}/unshelve_instance`]: { from: [COND], to: COMP, kind: 'cast' },
  [`${COMP}/start_instance`]: { from: [COND, API], to: COMP, kind: 'cast' },
  [`${COMP}/prep_resize`]: { from: [COND], to: COMP, kind: 'cast' },
  [`${COMP}/terminate_instance`]: { from: [API], to: COMP, kind: 'cast' },
  [`${COMP}/reboot_instance`]: { from: [API], to: COMP, kind: 'cast' },
  [`${COMP}/shelve_instance`]: { from: [API], to: COMP, kind: 'cast' },
  [`${COMP}/shelve_offload_instance`]: { from: [API, COMP], to: COMP, kind: 'cast' },
  [`${COMP}/stop_instance`]: { from: [API], to: COMP, kind: 'cast' },
  [`${COMP}/confirm_resize`]: { from: [API], to: COMP, kind: 'cast' },
  [`${COMP}/revert_resize`]: { from: [API], to: COMP, kind: 'cast' },
  [`${COMP}/external_instance_event`]: { from: [API], to: COMP, kind: 'cast' },
  [`${COMP}/resize_instance`]: { from: [COMP], to: COMP, kind: 'cast' },
  [`${COMP}/finish_resize`]: { from: [COMP], to: COMP, kind: 'cast' },
  [`${COMP}/finish_revert_resize`]: { from: [COMP], to: COMP, kind: 'cast' },
};

/** The method a pair of services most likely used for an operation, when the logs do not say. */
const BY_PAIR: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [`${API}>${COND}`]: { boot: 'schedule_and_build_instances', unshelve: 'unshelve_instance', resize: 'migrate_server' },
  [`${COND}>${SCHED}`]: { '*': 'select_destinations' },
  [`${COND}>${COMP}`]: { boot: 'build_and_run_instance', unshelve: 'unshelve_instance', resize: 'prep_resize', start: 'start_instance' },
  [`${API}>${COMP}`]: {
    delete: 'terminate_instance',
    shelve: 'shelve_instance',
    shelveOffload: 'shelve_offload_instance',
    reboot: 'reboot_instance',
    stop: 'stop_instance',
    start: 'start_instance',
  },
  [`${COMP}>${COND}`]: { '*': 'object_action' },
  [`${COMP}>${SCHED}`]: { boot: 'update_instance_info', unshelve: 'update_instance_info', delete: 'delete_instance_info', shelve: 'delete_instance_info' },
};

/** The operation a user request performs, as RPC methods reveal it. */
const OPERATION_BY_METHOD: Readonly<Record<string, string>> = {
  schedule_and_build_instances: 'boot',
  build_and_run_instance: 'boot',
  terminate_instance: 'delete',
  shelve_instance: 'shelve',
  shelve_offload_instance: 'shelveOffload',
  unshelve_instance: 'unshelve',
  reboot_instance: 'reboot',
  stop_instance: 'stop',
  start_instance: 'start',
  migrate_server: 'resize',
  prep_resize: 'resize',
};

export function rpcMethod(callee: string, method: string): RpcMethod | undefined {
  return METHODS[`${callee}/${method}`];
}

/** The RPC method and kind inferred for `from → to` during `operation`; method '' when unknown. */
export function inferRpc(from: string, to: string, operation: string): { method: string; kind: RpcKind } {
  const table = BY_PAIR[`${from}>${to}`];
  const method = table?.[operation] ?? table?.['*'] ?? '';
  return { method, kind: method === '' ? 'cast' : (METHODS[`${to}/${method}`]?.kind ?? 'cast') };
}

/** true when the topology has any RPC edge from `from` to `to`. */
export function hasRpcEdge(from: string, to: string): boolean {
  return BY_PAIR[`${from}>${to}`] !== undefined || Object.values(METHODS).some((m) => m.to === to && m.from.includes(from));
}

export function operationOfMethod(method: string): string | undefined {
  return OPERATION_BY_METHOD[method];
}

/** keystoneauth service types (catalog `type`) to components. */
const BY_SERVICE_TYPE: Readonly<Record<string, string>> = {
  identity: Service.keystone,
  compute: Service.novaApi,
  image: Service.glance,
  network: Service.neutron,
  placement: Service.placement,
  volume: Service.cinder,
  volumev2: Service.cinder,
  volumev3: Service.cinder,
  'block-storage': Service.cinder,
};

export function serviceOfType(serviceType: string): string | undefined {
  return BY_SERVICE_TYPE[serviceType];
}
