import type { ExpectedHop } from './flow-hops.js';

/**
 * The hops the simulated cloud's nova flows must show as span pairs (openstack.md §4.1 boot,
 * §4.2 shelve of an image-backed server with immediate offload). Only the hops that define the
 * flow are listed; keystone token checks, db statements and repeated object saves may come too.
 */

/** conductor → compute: the hop the dropped-context fault switch aims at. */
export const BUILD_CAST: ExpectedHop = { from: 'nova-conductor', to: 'nova-compute', via: 'cast', name: 'compute/build_and_run_instance' };

export const BOOT_HOPS: readonly ExpectedHop[] = [
  { from: 'nova-api', to: 'glance', via: 'http', name: 'GET /v2/images/{image_id}' },
  { from: 'nova-api', to: 'neutron', via: 'http', name: 'GET /v2.0/networks' },
  { from: 'nova-api', to: 'nova-conductor', via: 'cast', name: 'conductor/schedule_and_build_instances' },
  { from: 'nova-conductor', to: 'nova-scheduler', via: 'call', name: 'scheduler/select_destinations' },
  { from: 'nova-scheduler', to: 'placement', via: 'http', name: 'GET /allocation_candidates' },
  { from: 'nova-scheduler', to: 'placement', via: 'http', name: 'PUT /allocations/{consumer_uuid}' },
  BUILD_CAST,
  { from: 'nova-compute', to: 'placement', via: 'http', name: 'GET /allocations/{consumer_uuid}' },
  { from: 'nova-compute', to: 'nova-conductor', via: 'call', name: 'conductor/object_action' },
  { from: 'nova-compute', to: 'neutron', via: 'http', name: 'POST /v2.0/ports' },
  { from: 'nova-compute', to: 'neutron', via: 'http', name: 'PUT /v2.0/ports/{port_id}' },
  { from: 'nova-compute', to: 'glance', via: 'http', name: 'GET /v2/images/{image_id}/file' },
  { from: 'nova-compute', to: 'nova-scheduler', via: 'fanout', name: 'scheduler/update_instance_info' },
];

export const SHELVE_HOPS: readonly ExpectedHop[] = [
  { from: 'nova-api', to: 'glance', via: 'http', name: 'POST /v2/images' },
  { from: 'nova-api', to: 'nova-compute', via: 'cast', name: 'compute/shelve_instance' },
  { from: 'nova-compute', to: 'glance', via: 'http', name: 'PUT /v2/images/{image_id}/file' },
  { from: 'nova-compute', to: 'nova-conductor', via: 'call', name: 'conductor/object_action' },
  { from: 'nova-compute', to: 'neutron', via: 'http', name: 'PUT /v2.0/ports/{port_id}' },
  { from: 'nova-compute', to: 'placement', via: 'http', name: 'DELETE /allocations/{consumer_uuid}' },
  { from: 'nova-compute', to: 'nova-scheduler', via: 'fanout', name: 'scheduler/delete_instance_info' },
];
