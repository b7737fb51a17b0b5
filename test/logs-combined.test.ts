/**
 * One flow from spans and log records together: a cloud where nova is traced but glance and
 * neutron are not (their tracing "not deployed"); their log files fill in the callee side of
 * nova's REST calls. The traced CLIENT spans carry the callee's request id from the response, the
 * log-built SERVER spans carry the same id, and the analyzer pairs them into one hop each.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr } from '../core/attributes.js';
import type { Flow } from '../core/flow.js';
import { startAnalyzer } from '../analyzer/index.js';
import type { Analyzer } from '../analyzer/index.js';
import { ingestLogFiles } from '../analyzer/logs/index.js';
import { startCollector } from '../collector/collector.js';
import type { Collector } from '../collector/collector.js';
import { createTracing } from '../instrumentation/index.js';
import type { Tracing } from '../instrumentation/index.js';
import { startCloud } from '../sim/cloud.js';
import type { Cloud } from '../sim/cloud.js';
import { CIRROS_IMAGE, NETWORKS } from '../sim/kit/devstack.js';
import { novaClient } from '../sim/nova/testing/client.js';

const UNTRACED = new Set(['glance', 'neutron']);

let logDir: string;
let analyzer: Analyzer;
let collector: Collector;
let tracing: Tracing;
let cloud: Cloud;
let bootId: string;
let before: Flow;
let after: Flow;

async function settled(id: string): Promise<Flow> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await tracing.forceFlush();
    const flow = analyzer.getFlow(id);
    if (flow !== undefined && flow.status !== 'in_progress') return flow;
    if (Date.now() > deadline) throw new Error(`flow ${id} did not complete within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  logDir = await mkdtemp(join(tmpdir(), 'hoptrace-combined-'));
  analyzer = await startAnalyzer({ port: 0, quietPeriodMs: 500 });
  collector = await startCollector({ receiver: { port: 0 }, exporters: [{ type: 'memory' }] }, { next: analyzer.ingest });
  tracing = createTracing({ endpoint: `${collector.url}/v1/traces`, batch: { scheduledDelayMillis: 50 } });
  cloud = await startCloud({ ephemeralPorts: true, stepDelayMs: 5, logDir, hooksFor: (instance) => (UNTRACED.has(instance.service) ? {} : tracing.hooksFor(instance)) });
  const nova = await novaClient(cloud.endpoints['nova-api'], cloud.endpoints.keystone);
  const network = NETWORKS.find((n) => n.name === 'private')!.id;
  const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'vm1', imageRef: CIRROS_IMAGE.id, flavorRef: '42', networks: [{ uuid: network }] } } });
  bootId = created.headers.get('x-openstack-request-id')!;
  await nova.waitFor((created.body as { server: { id: string } }).server.id, (s) => s?.['status'] === 'ACTIVE');
  before = await settled(bootId);
  await ingestLogFiles([join(logDir, 'glance.log'), join(logDir, 'neutron.log')], analyzer.ingest);
  await new Promise((resolve) => setTimeout(resolve, 200));
  after = await settled(bootId);
}, 120_000);

afterAll(async () => {
  await cloud?.shutdown();
  await tracing?.shutdown();
  await collector?.shutdown();
  await analyzer?.shutdown();
  if (logDir !== undefined) await rm(logDir, { recursive: true, force: true });
});

describe('a boot traced in nova, with glance and neutron only in their logs', () => {
  it('pairs every traced call to glance and neutron with the callee side from the logs', () => {
    const calls = (flow: Flow): string[] => flow.hops.filter((h) => UNTRACED.has(h.to)).map((h) => `${h.from} → ${h.to} ${h.operation}`);
    expect(calls(after)).toEqual(calls(before));
    const toUntraced = after.hops.filter((h) => UNTRACED.has(h.to));
    expect(toUntraced.length).toBeGreaterThanOrEqual(6);
    expect(before.hops.filter((h) => UNTRACED.has(h.to)).every((h) => h.spanIds.length === 1)).toBe(true);
    expect(toUntraced.every((h) => h.spanIds.length === 2)).toBe(true);
    const spans = analyzer.spansOf(bootId);
    const fromLogs = new Set(spans.filter((s) => s.attributes[Attr.source] === 'log').map((s) => s.spanId));
    expect(toUntraced.every((h) => fromLogs.has(h.spanIds[1]!) && !fromLogs.has(h.spanIds[0]!))).toBe(true);
  });

  it('keeps one flow with the same hops otherwise, adding the untraced services’ records', () => {
    expect(after.id).toBe(bootId);
    expect(after.hops).toHaveLength(before.hops.length);
    expect(after.spanCount).toBeGreaterThan(before.spanCount);
    expect(after.graph.nodes).toEqual(before.graph.nodes);
    expect(after.hops.some((h) => h.from === 'client' && UNTRACED.has(h.to))).toBe(false);
  });
});
