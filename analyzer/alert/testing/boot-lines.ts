/**
 * Clean flows as hop lines (`from kind to operation`), shaped like openstack.md §4 and the
 * simulated cloud: the shared fixtures of the alert tests.
 */
export const CLEAN_BOOT: readonly string[] = [
  'client http nova-api POST /v2.1/servers',
  'nova-api http keystone GET /v3/auth/tokens',
  'nova-api http glance GET /v2/images/{image_id}',
  'nova-api http neutron GET /v2.0/networks',
  'nova-api db database INSERT build_requests',
  'nova-api rpc_cast nova-conductor schedule_and_build_instances',
  'nova-conductor rpc_call nova-scheduler select_destinations',
  'nova-scheduler http placement GET /allocation_candidates',
  'nova-scheduler http placement PUT /allocations/{consumer_uuid}',
  'nova-conductor db database INSERT instances',
  'nova-conductor rpc_cast nova-compute build_and_run_instance',
  'nova-compute rpc_call nova-conductor object_action',
  'nova-compute http placement GET /allocations/{consumer_uuid}',
  'nova-compute http neutron POST /v2.0/ports',
  'nova-compute http neutron PUT /v2.0/ports/{port_id}',
  'nova-compute http glance GET /v2/images/{image_id}/file',
  'nova-compute rpc_call nova-conductor object_action',
  'nova-compute rpc_fanout nova-scheduler update_instance_info',
];

export const CLEAN_SHELVE: readonly string[] = [
  'client http nova-api POST /v2.1/servers/{server_id}/action',
  'nova-api db database UPDATE instances',
  'nova-api http glance POST /v2/images',
  'nova-api rpc_cast nova-compute shelve_instance',
  'nova-compute http glance PUT /v2/images/{image_id}/file',
  'nova-compute rpc_call nova-conductor object_action',
  'nova-compute http neutron PUT /v2.0/ports/{port_id}',
  'nova-compute http placement DELETE /allocations/{consumer_uuid}',
  'nova-compute rpc_fanout nova-scheduler delete_instance_info',
];

/** Replaces the hop lines matching `match` with `by` (none: removes them). */
export function replaceHop(lines: readonly string[], match: string, ...by: string[]): string[] {
  const i = lines.findIndex((l) => l.includes(match));
  if (i < 0) throw new Error(`no hop line contains ${match}`);
  return [...lines.slice(0, i), ...by, ...lines.slice(i + 1)];
}
