/**
 * When is a flow done? Each operation names its expected final hop (openstack.md §4): the last
 * thing the cloud does for that request, seen with its callee half when it is a cast (the consumer
 * span ends after the work it did). Flows without a rule, or whose final hop never comes (a failed
 * boot), complete after the quiet period instead.
 */
import type { Hop, HopKind } from '../../core/flow.js';

export interface FinalHop {
  readonly from?: string;
  readonly to: string;
  readonly kind: HopKind;
  readonly operation: string;
}

export const FINAL_HOPS: Readonly<Record<string, readonly FinalHop[]>> = {
  boot: [{ from: 'nova-compute', to: 'nova-scheduler', kind: 'rpc_fanout', operation: 'update_instance_info' }],
  shelve: [{ to: 'nova-compute', kind: 'rpc_cast', operation: 'shelve_instance' }, { to: 'nova-compute', kind: 'rpc_cast', operation: 'shelve_offload_instance' }],
  shelveOffload: [{ to: 'nova-compute', kind: 'rpc_cast', operation: 'shelve_offload_instance' }],
  unshelve: [{ to: 'nova-compute', kind: 'rpc_cast', operation: 'unshelve_instance' }, { to: 'nova-compute', kind: 'rpc_cast', operation: 'start_instance' }],
  delete: [{ from: 'nova-compute', to: 'nova-scheduler', kind: 'rpc_fanout', operation: 'delete_instance_info' }],
  reboot: [{ to: 'nova-compute', kind: 'rpc_cast', operation: 'reboot_instance' }],
  start: [{ to: 'nova-compute', kind: 'rpc_cast', operation: 'start_instance' }],
  stop: [{ to: 'nova-compute', kind: 'rpc_cast', operation: 'stop_instance' }],
  resize: [{ to: 'nova-compute', kind: 'rpc_cast', operation: 'finish_resize' }],
};

/** true when a hop matching one of the operation's final hops was seen with both halves. */
export function finalHopSeen(operation: string, hops: readonly Hop[], rules = FINAL_HOPS): boolean {
  const finals = rules[operation];
  if (finals === undefined) return false;
  return hops.some((hop) =>
    hop.spanIds.length === 2 &&
    finals.some((f) => f.to === hop.to && f.kind === hop.kind && f.operation === hop.operation && (f.from === undefined || f.from === hop.from)),
  );
}
