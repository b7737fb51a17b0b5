/**
 * The whole in-process pipeline the alert end-to-end tests and benchmark drive: the simulated cloud
 * traced by the real OTel SDK → OTLP/HTTP → collector (memory exporter) → analyzer → alerting.
 * Everything listens on 127.0.0.1, port 0.
 */
import { startCollector } from '../collector/collector.js';
import type { Collector } from '../collector/collector.js';
import { createTracing } from '../instrumentation/index.js';
import type { DropContext, Tracing } from '../instrumentation/index.js';
import { startAnalyzer } from '../analyzer/index.js';
import type { Analyzer } from '../analyzer/index.js';
import { createAlerting } from '../analyzer/alert/index.js';
import type { Alerting, AlertingConfig } from '../analyzer/alert/index.js';
import { consumerFrom } from '../core/consumer.js';
import type { Flow } from '../core/flow.js';
import type { Span } from '../core/span.js';
import { CIRROS_IMAGE, NETWORKS, PROJECTS } from '../sim/kit/devstack.js';
import type { FaultSwitches } from '../sim/kit/faults.js';
import { novaClient } from '../sim/nova/testing/client.js';
import type { NovaTestClient } from '../sim/nova/testing/client.js';
import { startTestCloud } from '../sim/nova/testing/cloud.js';
import type { TestCloud } from '../sim/nova/testing/cloud.js';

export interface StackOptions {
  readonly faults?: FaultSwitches;
  readonly dropContext?: DropContext;
  readonly alerting?: AlertingConfig;
  /** Sees every batch as it reaches the analyzer (the benchmark timestamps arrivals here). */
  readonly tapIngest?: (spans: readonly Span[]) => void;
}

export interface AlertStack {
  readonly analyzer: Analyzer;
  readonly alerting: Alerting;
  readonly cloud: TestCloud;
  readonly nova: NovaTestClient;
  /** Boots a server and waits for ACTIVE (or `until`); returns its id and the boot's request id. */
  boot(name: string, until?: string): Promise<{ id: string; requestId: string }>;
  /** Runs a server action and waits for the status `until`; returns the action's request id. */
  action(id: string, body: Record<string, unknown>, until: string): Promise<string>;
  /** Deletes a server and waits until it is gone; returns the delete's request id. */
  remove(id: string): Promise<string>;
  /** Attaches a new cinder volume; returns the attach request id. */
  attachVolume(id: string): Promise<string>;
  /** Resolves with the flow of `requestId` once the analyzer completed it. */
  completed(requestId: string, timeoutMs?: number): Promise<Flow>;
  shutdown(): Promise<void>;
}

/** Missing hops are judged this long after completion: spans of a loaded machine arrive late. */
export const STACK_GRACE_MS = 2000;

const PRIVATE = NETWORKS.find((n) => n.name === 'private')!.id;
const ADMIN_PROJECT_ID = PROJECTS[0]!.id;

export async function startAlertStack(options: StackOptions = {}): Promise<AlertStack> {
  const completedFlows = new Map<string, Flow>();
  const waiters = new Map<string, (flow: Flow) => void>();
  const alerting = createAlerting({ burst: 1000, completionGraceMs: STACK_GRACE_MS, ...options.alerting });
  const analyzer = await startAnalyzer({ port: 0, quietPeriodMs: 1500, settleMs: 100, flushIntervalMs: 200 }, { routes: [(app) => alerting.routes(app)] });
  alerting.attach(analyzer);
  analyzer.onFlow((flow, change) => {
    if (change !== 'completed') return;
    for (const id of flow.aliases) {
      completedFlows.set(id, flow);
      waiters.get(id)?.(flow);
    }
  });
  const tap = options.tapIngest;
  const next = tap ? consumerFrom((spans) => (tap(spans), analyzer.ingest.consume(spans))) : analyzer.ingest;
  const collector: Collector = await startCollector({ receiver: { port: 0 }, exporters: [{ type: 'memory' }] }, { next });
  const tracing: Tracing = createTracing({
    endpoint: `${collector.url}/v1/traces`,
    batch: { scheduledDelayMillis: 10 },
    ...(options.dropContext && { dropContext: options.dropContext }),
  });
  const cloud = await startTestCloud({ hooksFor: tracing.hooksFor, stepDelayMs: 0, ...(options.faults && { faults: options.faults }) });
  const nova = await novaClient(cloud.nova, cloud.env.endpoints.keystone);

  const requestIdOf = (headers: Headers): string => headers.get('x-openstack-request-id') ?? '';
  /** Polls GET /servers/{id} every 50 ms (each poll is a traced flow too, so not faster). */
  const waitFor = async (id: string, done: (server: Record<string, unknown> | null) => boolean, timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await nova.request('GET', `/v2.1/servers/${id}`);
      const server = res.status === 404 ? null : (res.body as { server: Record<string, unknown> }).server;
      if (done(server)) return;
      if (Date.now() > deadline) {
        throw new Error(`server ${id} did not settle; last seen ${server === null ? 'gone' : `${String(server['status'])}/${String(server['OS-EXT-STS:task_state'])}`}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    analyzer, alerting, cloud, nova,
    async boot(name, until = 'ACTIVE') {
      const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name, imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: PRIVATE }] } } });
      if (created.status !== 202) throw new Error(`boot answered ${created.status}: ${JSON.stringify(created.body)}`);
      const id = (created.body as { server: { id: string } }).server.id;
      await waitFor(id, (s) => s?.['status'] === until);
      return { id, requestId: requestIdOf(created.headers) };
    },
    async action(id, body, until) {
      const res = await nova.request('POST', `/v2.1/servers/${id}/action`, { body });
      if (res.status !== 202) throw new Error(`${Object.keys(body)[0]} answered ${res.status}: ${JSON.stringify(res.body)}`);
      await waitFor(id, (s) => s?.['status'] === until && s['OS-EXT-STS:task_state'] === null);
      return requestIdOf(res.headers);
    },
    async remove(id) {
      const res = await nova.request('DELETE', `/v2.1/servers/${id}`);
      if (res.status !== 204) throw new Error(`delete answered ${res.status}: ${JSON.stringify(res.body)}`);
      await waitFor(id, (s) => s === null);
      return requestIdOf(res.headers);
    },
    async attachVolume(id) {
      const base = `${cloud.env.endpoints.cinder}/v3/${ADMIN_PROJECT_ID}/volumes`;
      const headers = { 'x-auth-token': nova.token, 'content-type': 'application/json' };
      const created = await fetch(base, { method: 'POST', headers, body: JSON.stringify({ volume: { size: 1, name: 'vol' } }) });
      const volumeId = ((await created.json()) as { volume: { id: string } }).volume.id;
      for (let i = 0; ; i++) {
        const shown = (await (await fetch(`${base}/${volumeId}`, { headers })).json()) as { volume: { status: string } };
        if (shown.volume.status === 'available') break;
        if (i > 400) throw new Error('volume never became available');
        await new Promise((r) => setTimeout(r, 5));
      }
      const res = await nova.request('POST', `/v2.1/servers/${id}/os-volume_attachments`, { body: { volumeAttachment: { volumeId } } });
      if (res.status !== 200) throw new Error(`attach answered ${res.status}: ${JSON.stringify(res.body)}`);
      await waitFor(id, (s) => ((s?.['os-extended-volumes:volumes_attached'] as unknown[] | undefined)?.length ?? 0) === 1);
      return requestIdOf(res.headers);
    },
    completed(requestId, timeoutMs = 20_000) {
      const done = completedFlows.get(requestId);
      if (done) return Promise.resolve(done);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`flow ${requestId} did not complete in ${timeoutMs} ms`)), timeoutMs);
        waiters.set(requestId, (flow) => {
          clearTimeout(timer);
          waiters.delete(requestId);
          resolve(flow);
        });
      });
    },
    async shutdown() {
      await cloud.shutdown();
      await tracing.shutdown();
      await collector.shutdown();
      await alerting.shutdown();
      await analyzer.shutdown();
    },
  };
}
