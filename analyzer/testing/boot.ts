/**
 * A hand-built boot (openstack.md §4.1), shelve (§4.2) and neutron's external event for an
 * instance (§1.5), as hoptrace's shims would emit them. Times are relative to `t0Us`; the boot's
 * final hop is compute's fanout `update_instance_info`.
 */
import type { Span } from '../../core/span.js';
import { FlowScript } from './flow-script.js';
import type { SpanFactory } from './spans.js';

export interface ScriptedFlow {
  readonly requestId: string;
  readonly spans: readonly Span[];
  /** Local ids minted by REST callees, by service. */
  readonly aliases: ReadonlyMap<string, string>;
}

/** The boot's expected edges as `from kind to operation`, in first-seen order. */
export const BOOT_EDGES: readonly string[] = [
  'client http nova-api POST /v2.1/servers',
  'nova-api http glance GET /v2/images/{image_id}',
  'nova-api http neutron GET /v2.0/networks',
  'nova-api db database INSERT instances',
  'nova-api rpc_cast nova-conductor schedule_and_build_instances',
  'nova-conductor rpc_call nova-scheduler select_destinations',
  'nova-scheduler http placement GET /allocation_candidates',
  'nova-scheduler http placement PUT /allocations/{consumer_uuid}',
  'nova-conductor rpc_cast nova-compute build_and_run_instance',
  'nova-compute rpc_call nova-conductor object_action',
  'nova-compute http neutron POST /v2.0/ports',
  'nova-compute http glance GET /v2/images/{image_id}/file',
  'nova-compute rpc_fanout nova-scheduler update_instance_info',
];

/** The uuid of the `n`-th scripted instance; the first is every script's default. */
export function nthInstanceUuid(n: number): string {
  return `c0ffee00-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const FIRST_INSTANCE = nthInstanceUuid(1);

export function scriptBoot(factory: SpanFactory, t0Us: number, instanceUuid = FIRST_INSTANCE): ScriptedFlow {
  const s = new FlowScript(factory);
  const api = s.root('POST', '/v2.1/servers', 'boot', t0Us, 60_000, instanceUuid);
  s.http(api, 'glance', 'GET', '/v2/images/{image_id}', t0Us + 2_000, 8_000);
  s.http(api, 'neutron', 'GET', '/v2.0/networks', t0Us + 11_000, 8_000);
  s.db(api, 'INSERT', 'instances', t0Us + 20_000);
  const [, conductor] = s.cast(api, 'nova-conductor', 'schedule_and_build_instances', t0Us + 50_000, 100_000);
  const [, scheduler] = s.call(conductor, 'nova-scheduler', 'select_destinations', t0Us + 51_000, 40_000);
  s.http(scheduler, 'placement', 'GET', '/allocation_candidates', t0Us + 52_000, 10_000);
  s.http(scheduler, 'placement', 'PUT', '/allocations/{consumer_uuid}', t0Us + 70_000, 10_000);
  const [, compute] = s.cast(conductor, 'nova-compute', 'build_and_run_instance', t0Us + 95_000, 400_000);
  s.call(compute, 'nova-conductor', 'object_action', t0Us + 96_000, 5_000);
  s.http(compute, 'neutron', 'POST', '/v2.0/ports', t0Us + 110_000, 20_000);
  s.http(compute, 'glance', 'GET', '/v2/images/{image_id}/file', t0Us + 140_000, 200_000);
  s.call(compute, 'nova-conductor', 'object_action', t0Us + 350_000, 5_000);
  s.cast(compute, 'nova-scheduler', 'update_instance_info', t0Us + 480_000, 2_000, true);
  return { requestId: s.requestId, spans: s.spans, aliases: s.aliases };
}

export function scriptShelve(factory: SpanFactory, t0Us: number, instanceUuid = FIRST_INSTANCE): ScriptedFlow {
  const s = new FlowScript(factory);
  const api = s.root('POST', '/v2.1/servers/{server_id}/action', 'shelve', t0Us, 30_000, instanceUuid);
  s.http(api, 'glance', 'POST', '/v2/images', t0Us + 2_000, 8_000);
  const [, compute] = s.cast(api, 'nova-compute', 'shelve_instance', t0Us + 20_000, 300_000);
  s.http(compute, 'glance', 'PUT', '/v2/images/{image_id}/file', t0Us + 30_000, 100_000);
  s.call(compute, 'nova-conductor', 'object_action', t0Us + 140_000, 5_000);
  return { requestId: s.requestId, spans: s.spans, aliases: s.aliases };
}

/** neutron's external event for an instance: a request of its own to nova-api, cast on to the instance's compute. */
export function scriptExternalEvent(factory: SpanFactory, t0Us: number, instanceUuid = FIRST_INSTANCE): ScriptedFlow {
  const s = new FlowScript(factory);
  const api = s.root('POST', '/v2.1/os-server-external-events', 'external_event', t0Us, 5_000, instanceUuid);
  s.cast(api, 'nova-compute', 'external_instance_event', t0Us + 1_000, 1_000);
  return { requestId: s.requestId, spans: s.spans, aliases: s.aliases };
}
