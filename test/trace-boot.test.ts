/**
 * The shims on the whole simulated cloud: a TypeScript driver boots and shelves a server with a
 * keystone token, the real OpenTelemetry exporter sends OTLP/JSON to a test receiver, and every
 * hop of each flow must show up as a correctly-kinded span pair whose request ids agree
 * (openstack.md §4.1, §4.2; tracing.md §3). A second cloud drops the trace context on the
 * conductor → compute `build_and_run_instance` cast: the compute side roots a new trace, and the
 * request ids still tie it to the flow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr } from '../core/attributes.js';
import { createTracing } from '../instrumentation/index.js';
import type { DropContext, Tracing } from '../instrumentation/index.js';
import { findHop, flowSpans, missingHops } from '../instrumentation/testing/flow-hops.js';
import type { ExpectedHop } from '../instrumentation/testing/flow-hops.js';
import { BOOT_HOPS, BUILD_CAST, SHELVE_HOPS } from '../instrumentation/testing/nova-flows.js';
import type { ReceivedSpan } from '../instrumentation/testing/otlp-json.js';
import { startOtlpReceiver } from '../instrumentation/testing/otlp-receiver.js';
import type { OtlpTestReceiver } from '../instrumentation/testing/otlp-receiver.js';
import { startCloud } from '../sim/cloud.js';
import type { Cloud } from '../sim/cloud.js';
import { CIRROS_IMAGE, NETWORKS } from '../sim/kit/devstack.js';
import { novaClient } from '../sim/nova/testing/client.js';
import type { NovaTestClient } from '../sim/nova/testing/client.js';

const SERVER_KIND = 2;
const CLIENT_KIND = 3;
const PRODUCER_KIND = 4;
const CONSUMER_KIND = 5;

interface TracedCloud {
  readonly receiver: OtlpTestReceiver;
  readonly tracing: Tracing;
  readonly cloud: Cloud;
  readonly nova: NovaTestClient;
  shutdown(): Promise<void>;
}

async function startTracedCloud(dropContext?: DropContext): Promise<TracedCloud> {
  const receiver = await startOtlpReceiver();
  const tracing = createTracing({ endpoint: receiver.endpoint, encoding: 'json', batch: { scheduledDelayMillis: 50 }, ...(dropContext === undefined ? {} : { dropContext }) });
  const cloud = await startCloud({ ephemeralPorts: true, hooksFor: tracing.hooksFor, stepDelayMs: 5 });
  const nova = await novaClient(cloud.endpoints['nova-api'], cloud.endpoints.keystone);
  return {
    receiver,
    tracing,
    cloud,
    nova,
    shutdown: async () => {
      await cloud.shutdown();
      await tracing.shutdown();
      await receiver.close();
    },
  };
}

/** Boots vm1 on the private network; resolves with the server id and the flow's request id once ACTIVE. */
async function boot(nova: NovaTestClient): Promise<{ serverId: string; flowId: string }> {
  const privateNet = NETWORKS.find((n) => n.name === 'private')!.id;
  const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'vm1', imageRef: CIRROS_IMAGE.id, flavorRef: '42', networks: [{ uuid: privateNet }] } } });
  expect(created.status).toBe(202);
  const serverId = (created.body as { server: { id: string } }).server.id;
  await nova.waitFor(serverId, (s) => s?.['status'] === 'ACTIVE' || s?.['status'] === 'ERROR');
  return { serverId, flowId: created.headers.get('x-openstack-request-id')! };
}

/** Flushes until every hop is there (the flow goes on after the API answered) or reports what is missing. */
async function awaitHops(traced: TracedCloud, flowId: string, hops: readonly ExpectedHop[]): Promise<ReceivedSpan[]> {
  await expect
    .poll(
      async () => {
        await traced.tracing.forceFlush();
        return missingHops(traced.receiver.spans(), flowId, hops);
      },
      { timeout: 20_000, interval: 100 },
    )
    .toEqual([]);
  return traced.receiver.spans();
}

function rootOf(spans: readonly ReceivedSpan[], flowId: string, name: string): ReceivedSpan {
  const roots = spans.filter((s) => s.kind === SERVER_KIND && s.name === name && s.attributes[Attr.requestId] === flowId);
  expect(roots, `one ${name} SERVER span for ${flowId}`).toHaveLength(1);
  return roots[0]!;
}

describe('traced boot and shelve', () => {
  let traced: TracedCloud;
  let serverId: string;
  let bootFlow: string;
  beforeAll(async () => {
    traced = await startTracedCloud();
    ({ serverId, flowId: bootFlow } = await boot(traced.nova));
  });
  afterAll(async () => traced?.shutdown());

  it('shows every hop of the boot flow as a span pair with matching request ids, in one trace', async () => {
    const spans = await awaitHops(traced, bootFlow, BOOT_HOPS);
    const root = rootOf(spans, bootFlow, 'POST /v2.1/servers');
    expect(root.service).toBe('nova-api');
    expect(root.parentSpanId).toBe('');
    expect(root.attributes).toMatchObject({ [Attr.operation]: 'boot', [Attr.instanceUuid]: serverId, [Attr.httpStatusCode]: 202, [Attr.httpRoute]: '/v2.1/servers' });
    const flow = flowSpans(spans, bootFlow);
    expect(flow.length).toBeGreaterThan(BOOT_HOPS.length * 2);
    expect(flow.filter((s) => s.traceId !== root.traceId).map((s) => `${s.service} ${s.name}`)).toEqual([]);
    const computeSpans = flow.filter((s) => s.service === 'nova-compute');
    expect(new Set(computeSpans.map((s) => s.resource[Attr.hostName]))).toEqual(new Set(['compute-1']));
    const dbWrite = flow.find((s) => s.service === 'nova-conductor' && s.kind === CLIENT_KIND && s.name === 'INSERT instances');
    expect(dbWrite?.attributes).toMatchObject({ [Attr.dbSystem]: 'mysql', [Attr.dbCollection]: 'instances', [Attr.dbOperation]: 'INSERT' });
    const build = flow.find((s) => s.kind === CONSUMER_KIND && s.name === BUILD_CAST.name);
    expect(build?.attributes[Attr.instanceUuid]).toBe(serverId);
    const states = flow
      .filter((s) => s.service === 'nova-compute' && s.kind === CLIENT_KIND && s.attributes[Attr.rpcMethod] === 'object_action')
      .sort((a, b) => (a.startNanos < b.startNanos ? -1 : 1))
      .flatMap((s) => s.events.filter((e) => e.name === 'instance.state').map((e) => `${String(e.attributes[Attr.vmState] ?? '')}/${String(e.attributes[Attr.taskState] ?? '')}`));
    expect(states).toContain('/spawning');
    expect(states.at(-1)).toBe('active/None');
  });

  it('tags neutron\'s external event, a request of its own, with the server and port so it can be joined by resource id', async () => {
    const isEvent = (s: ReceivedSpan) => s.service === 'nova-api' && s.kind === SERVER_KIND && s.name === 'POST /v2.1/os-server-external-events';
    await expect
      .poll(async () => {
        await traced.tracing.forceFlush();
        return traced.receiver.spans().some(isEvent);
      })
      .toBe(true);
    const event = traced.receiver.spans().find(isEvent)!;
    expect(event.attributes[Attr.instanceUuid]).toBe(serverId);
    expect(event.attributes[Attr.portId]).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.attributes[Attr.requestId]).not.toBe(bootFlow);
    expect(event.attributes[Attr.globalRequestId]).not.toBe(bootFlow);
  });

  it('shows every hop of the shelve flow the same way, keyed by the shelve request id', async () => {
    const shelved = await traced.nova.request('POST', `/v2.1/servers/${serverId}/action`, { body: { shelve: null } });
    expect(shelved.status).toBe(202);
    const shelveFlow = shelved.headers.get('x-openstack-request-id')!;
    await traced.nova.waitFor(serverId, (s) => s?.['status'] === 'SHELVED_OFFLOADED' && s['OS-EXT-STS:task_state'] === null);
    const spans = await awaitHops(traced, shelveFlow, SHELVE_HOPS);
    const root = rootOf(spans, shelveFlow, 'POST /v2.1/servers/{id}/action');
    expect(root.attributes).toMatchObject({ [Attr.operation]: 'shelve', [Attr.instanceUuid]: serverId });
    const flow = flowSpans(spans, shelveFlow);
    expect(flow.filter((s) => s.traceId !== root.traceId).map((s) => `${s.service} ${s.name}`)).toEqual([]);
    expect(flow.some((s) => s.attributes[Attr.requestId] === bootFlow)).toBe(false);
  });
});

describe('trace context dropped on conductor → compute build_and_run_instance', () => {
  let traced: TracedCloud;
  let bootFlow: string;
  beforeAll(async () => {
    traced = await startTracedCloud(({ from, method }) => from === 'nova-conductor' && method === 'build_and_run_instance');
    ({ flowId: bootFlow } = await boot(traced.nova));
  });
  afterAll(async () => traced?.shutdown());

  it('starts a new trace on compute whose spans still carry the flow request ids', async () => {
    const spans = await awaitHops(traced, bootFlow, BOOT_HOPS.filter((hop) => hop !== BUILD_CAST));
    const root = rootOf(spans, bootFlow, 'POST /v2.1/servers');
    const producer = flowSpans(spans, bootFlow).find((s) => s.kind === PRODUCER_KIND && s.name === BUILD_CAST.name);
    const consumer = flowSpans(spans, bootFlow).find((s) => s.kind === CONSUMER_KIND && s.name === BUILD_CAST.name);
    expect(producer?.service).toBe('nova-conductor');
    expect(producer?.traceId).toBe(root.traceId);
    expect(consumer?.service).toBe('nova-compute');
    expect(consumer?.parentSpanId).toBe('');
    expect(consumer?.links).toEqual([]);
    expect(consumer?.traceId).not.toBe(root.traceId);
    expect(consumer?.attributes[Attr.requestId]).toBe(bootFlow);

    const problems: string[] = [];
    const ports = findHop(spans, bootFlow, { from: 'nova-compute', to: 'neutron', via: 'http', name: 'POST /v2.0/ports' }, problems);
    expect(problems).toEqual([]);
    expect(ports[0]?.caller.traceId).toBe(consumer?.traceId);
    expect(ports[0]?.callee.attributes[Attr.globalRequestId]).toBe(bootFlow);
    const traces = new Set(flowSpans(spans, bootFlow).map((s) => s.traceId));
    expect(traces).toEqual(new Set([root.traceId, consumer?.traceId]));
  });
});
