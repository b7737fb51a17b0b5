/**
 * A hand-built boot flow (openstack.md §4.1) in the analyzer's Flow shape, for the web view's and
 * the CLI's tests of rendering. Hops are [from, to, kind, operation, startOffsetUs, durationUs].
 * `withFault: true` adds nova-compute → database, the hop the computeWritesDb fault produces.
 */
import type { Edge, Flow, Hop, HopKind } from '../../../core/flow.js';

type HopRow = readonly [string, string, HopKind, string, number, number];

const BOOT: readonly HopRow[] = [
  ['client', 'nova-api', 'http', 'POST /v2.1/servers', 0, 60_000],
  ['nova-api', 'keystone', 'http', 'GET /v3/auth/tokens', 1_000, 2_000],
  ['nova-api', 'glance', 'http', 'GET /v2/images/{image_id}', 4_000, 6_000],
  ['nova-api', 'neutron', 'http', 'GET /v2.0/networks', 11_000, 7_000],
  ['nova-api', 'nova-conductor', 'rpc_cast', 'schedule_and_build_instances', 50_000, 1_000],
  ['nova-conductor', 'nova-scheduler', 'rpc_call', 'select_destinations', 55_000, 40_000],
  ['nova-scheduler', 'placement', 'http', 'GET /allocation_candidates', 58_000, 12_000],
  ['nova-scheduler', 'placement', 'http', 'PUT /allocations/{consumer_uuid}', 75_000, 10_000],
  ['nova-conductor', 'nova-compute', 'rpc_cast', 'build_and_run_instance', 100_000, 1_000],
  ['nova-compute', 'nova-conductor', 'rpc_call', 'object_action', 105_000, 3_000],
  ['nova-compute', 'placement', 'http', 'GET /allocations/{consumer_uuid}', 110_000, 5_000],
  ['nova-compute', 'neutron', 'http', 'POST /v2.0/ports', 120_000, 15_000],
  ['nova-compute', 'neutron', 'http', 'PUT /v2.0/ports/{port_id}', 140_000, 10_000],
  ['nova-compute', 'glance', 'http', 'GET /v2/images/{image_id}/file', 155_000, 80_000],
  ['nova-compute', 'nova-conductor', 'rpc_call', 'object_action', 240_000, 3_000],
  ['nova-compute', 'nova-scheduler', 'rpc_fanout', 'update_instance_info', 250_000, 1_000],
];

const FAULT: HopRow = ['nova-compute', 'database', 'db', 'UPDATE instances', 238_000, 1_000];

export const FIXTURE_FLOW_ID = 'req-0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f';

export function fixtureBootFlow(options: { readonly id?: string; readonly t0Us?: number; readonly withFault?: boolean } = {}): Flow {
  const id = options.id ?? FIXTURE_FLOW_ID;
  const t0 = options.t0Us ?? 1_764_000_000_000_000;
  const rows = options.withFault ? [...BOOT, FAULT].sort((a, b) => a[4] - b[4]) : BOOT;
  const hops: Hop[] = rows.map(([from, to, kind, operation, offset, durationUs], index) => ({
    seq: index + 1, from, to, kind, operation, startUs: t0 + offset, durationUs, error: false, spanIds: [(index + 1).toString(16).padStart(16, '0')],
  }));
  const edges: Edge[] = [];
  for (const hop of hops) {
    const at = edges.findIndex((e) => e.from === hop.from && e.to === hop.to && e.kind === hop.kind && e.operation === hop.operation);
    const prior = edges[at];
    if (prior) edges[at] = { ...prior, count: prior.count + 1, totalDurationUs: prior.totalDurationUs + hop.durationUs, maxDurationUs: Math.max(prior.maxDurationUs, hop.durationUs) };
    else edges.push({ from: hop.from, to: hop.to, kind: hop.kind, operation: hop.operation, count: 1, firstSeq: hop.seq, totalDurationUs: hop.durationUs, maxDurationUs: hop.durationUs, errors: 0 });
  }
  const nodes = [...new Set(hops.flatMap((hop) => [hop.from, hop.to]))];
  const criticalOps = new Set(['POST /v2.1/servers', 'schedule_and_build_instances', 'select_destinations', 'build_and_run_instance', 'GET /v2/images/{image_id}/file', 'update_instance_info']);
  return {
    id, operation: 'boot', aliases: [id, 'req-9a8b7c6d-5e4f-4321-8765-0fedcba98765'], traceIds: ['4bf92f3577b34da6a3ce929d0e0e4736'],
    status: 'complete', startUs: t0, endUs: t0 + 251_000, spanCount: hops.length * 2,
    graph: { nodes, edges }, hops, criticalPath: hops.filter((hop) => criticalOps.has(hop.operation)).map((hop) => hop.seq),
    warnings: [], updatedUs: t0 + 251_000,
  };
}
