/**
 * End to end through the real `openstack` client: the simulated cloud, traced by the shims,
 * exports OTLP to the collector, whose in-process exporter feeds the analyzer. The request id
 * `openstack --debug` prints for the POST retrieves the whole flow, whose edges are the real boot
 * and shelve flows (openstack.md §4.8), and any other request id of the flow retrieves the same.
 * Needs the clients: deploy/openstack-clients.sh (run here; idempotent).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../core/flow.js';
import { startAnalyzer } from '../analyzer/index.js';
import type { Analyzer } from '../analyzer/index.js';
import { startCollector } from '../collector/collector.js';
import type { Collector } from '../collector/collector.js';
import { createTracing } from '../instrumentation/index.js';
import type { Tracing } from '../instrumentation/index.js';
import { startCloud } from '../sim/cloud.js';
import type { Cloud } from '../sim/cloud.js';
import { openrcEnv } from '../sim/openrc.js';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, '..', 'deploy', 'openstack-clients.sh');

let analyzer: Analyzer;
let collector: Collector;
let tracing: Tracing;
let cloud: Cloud;
let openstackBin = '';

async function openstack(...args: string[]): Promise<string> {
  const { stderr } = await run(join(openstackBin, 'openstack'), ['--debug', ...args], {
    env: { ...process.env, ...openrcEnv(cloud.openrc()) }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000,
  });
  return stderr;
}

/** The id keystoneauth logs for the compute POST: `POST call to compute for <url> used request id req-…`. */
function postRequestId(debug: string): string {
  const ids = [...debug.matchAll(/POST call to compute for \S+ used request id (req-[0-9a-f-]+)/g)].map((m) => m[1]!);
  if (ids.length !== 1) throw new Error(`expected one compute POST in the --debug output, found ${ids.length}`);
  return ids[0]!;
}

async function completedFlow(requestId: string): Promise<Flow> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(`${analyzer.url}/api/flows/${requestId}`);
    if (response.status === 200) {
      const flow = (await response.json()) as Flow;
      if (flow.status !== 'in_progress') return flow;
    }
    if (Date.now() > deadline) throw new Error(`flow ${requestId} did not complete within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Distinct `from kind to` of the flow, without token validation (keystonemiddleware caches it). */
function edgesOf(flow: Flow): string[] {
  return [...new Set(flow.graph.edges.filter((e) => e.to !== 'keystone').map((e) => `${e.from} ${e.kind} ${e.to}`))].sort();
}

function aliasOf(flow: Flow, to: string): string {
  const hop = flow.hops.find((h) => h.to === to && h.calleeRequestId !== undefined);
  if (hop?.calleeRequestId === undefined) throw new Error(`no hop to ${to} revealed a request id`);
  return hop.calleeRequestId;
}

beforeAll(async () => {
  const { stdout } = await run('bash', [SCRIPT], { encoding: 'utf8', timeout: 600_000 }).catch((error: unknown) => {
    throw new Error(`deploy/openstack-clients.sh failed; run it by hand to see why: ${String(error)}`);
  });
  openstackBin = stdout.trim().split('\n').pop()!;
  analyzer = await startAnalyzer({ port: 0 });
  collector = await startCollector({ receiver: { port: 0 }, exporters: [{ type: 'memory' }] }, { next: analyzer.ingest });
  tracing = createTracing({ endpoint: `${collector.url}/v1/traces`, batch: { scheduledDelayMillis: 50 } });
  cloud = await startCloud({ ephemeralPorts: true, hooksFor: tracing.hooksFor });
}, 600_000);

afterAll(async () => {
  await cloud?.shutdown();
  await tracing?.shutdown();
  await collector?.shutdown();
  await analyzer?.shutdown();
});

describe('flows of the real openstack client', () => {
  let boot: Flow;

  it('rebuilds the boot flow from the POST’s request id', async () => {
    const requestId = postRequestId(await openstack('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros-0.6.2-x86_64-disk', '--network', 'private', '--wait', 'vm1'));
    boot = await completedFlow(requestId);
    expect(boot).toMatchObject({ id: requestId, operation: 'boot', status: 'complete', warnings: [] });
    expect(edgesOf(boot)).toEqual([
      'client http nova-api',
      'nova-api db database',
      'nova-api http glance',
      'nova-api http neutron',
      'nova-api rpc_cast nova-conductor',
      'nova-compute http glance',
      'nova-compute http neutron',
      'nova-compute http placement',
      'nova-compute rpc_call nova-conductor',
      'nova-compute rpc_fanout nova-scheduler',
      'nova-conductor db database',
      'nova-conductor rpc_call nova-scheduler',
      'nova-conductor rpc_cast nova-compute',
      'nova-scheduler db database',
      'nova-scheduler http placement',
    ]);
    const operations = boot.graph.edges.map((e) => `${e.from} ${e.to} ${e.operation}`);
    expect(operations).toEqual(expect.arrayContaining([
      'nova-api nova-conductor schedule_and_build_instances',
      'nova-conductor nova-scheduler select_destinations',
      'nova-scheduler placement GET /allocation_candidates',
      'nova-conductor nova-compute build_and_run_instance',
      'nova-compute nova-scheduler update_instance_info',
      'nova-compute neutron POST /v2.0/ports',
    ]));
    for (const edge of boot.graph.edges.filter((e) => e.to === 'keystone')) expect(edge).toMatchObject({ kind: 'http', operation: 'GET /v3/auth/tokens' });
    const events = (boot.links ?? []).filter((l) => l.relation === 'external_event');
    expect(events, 'neutron’s network-vif-plugged event is a linked flow, not merged').toHaveLength(1);
    const eventFlow = (await (await fetch(`${analyzer.url}/api/flows/${events[0]!.flowId}`)).json()) as Flow;
    expect(eventFlow.graph.edges.map((e) => `${e.from} ${e.kind} ${e.to} ${e.operation}`)).toContain('neutron http nova-api POST /v2.1/os-server-external-events');
    expect(eventFlow.links).toEqual([expect.objectContaining({ flowId: boot.id, relation: 'external_event' })]);
  }, 180_000);

  it('serves the same boot flow for neutron’s and glance’s request ids, and as one Jaeger trace', async () => {
    for (const service of ['neutron', 'glance', 'placement']) {
      const response = await fetch(`${analyzer.url}/api/flows/${aliasOf(boot, service)}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as Flow).id).toBe(boot.id);
    }
    const trace = (await (await fetch(`${analyzer.url}/api/traces/${boot.traceIds[0]}`)).json()) as { data: { spans: unknown[] }[] };
    expect(trace.data).toHaveLength(1);
    expect(trace.data[0]!.spans).toHaveLength(boot.spanCount);
  });

  it('rebuilds the shelve flow from the action POST’s request id', async () => {
    const requestId = postRequestId(await openstack('server', 'shelve', 'vm1'));
    const shelve = await completedFlow(requestId);
    expect(shelve).toMatchObject({ id: requestId, operation: 'shelve', status: 'complete', warnings: [] });
    expect(edgesOf(shelve)).toEqual([
      'client http nova-api',
      'nova-api db database',
      'nova-api http glance',
      'nova-api rpc_cast nova-compute',
      'nova-compute http glance',
      'nova-compute http neutron',
      'nova-compute http placement',
      'nova-compute rpc_call nova-conductor',
      'nova-compute rpc_fanout nova-scheduler',
      'nova-conductor db database',
    ]);
    const operations = shelve.graph.edges.map((e) => `${e.from} ${e.to} ${e.operation}`);
    expect(operations).toEqual(expect.arrayContaining([
      'nova-api glance POST /v2/images', 'nova-api nova-compute shelve_instance', 'nova-compute glance PUT /v2/images/{id}/file',
    ]));
    const viaGlance = await fetch(`${analyzer.url}/api/flows/${aliasOf(shelve, 'glance')}`);
    expect(((await viaGlance.json()) as Flow).id).toBe(requestId);
  }, 180_000);
});
