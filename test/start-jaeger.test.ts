/**
 * `hoptrace start --jaeger <url>`: each completed flow leaves as one OTLP/HTTP trace. No Jaeger
 * can be built here, so the receiving end is a second hoptrace collector — a spec-exact OTLP/HTTP
 * receiver, the same protocol Jaeger's port 4318 speaks — whose memory exporter hands the spans
 * to this test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector } from '../collector/collector.js';
import type { Collector } from '../collector/collector.js';
import { consumerFrom } from '../core/consumer.js';
import type { Span } from '../core/span.js';
import { ComputeClient } from '../cli/start/compute-client.js';
import { startEmbedded } from '../cli/start/embedded.js';
import type { Embedded } from '../cli/start/embedded.js';
import { runScenario } from '../cli/start/scenario.js';
import type { MutableFaults } from '../cli/start/scenario.js';
import { waitForFlow } from '../cli/start/wait-flow.js';

const received: Span[] = [];
let jaegerStandIn: Collector;
let embedded: Embedded;
let stateDir: string;

beforeAll(async () => {
  jaegerStandIn = await startCollector({ receiver: { port: 0 }, exporters: [{ type: 'memory' }] }, { next: consumerFrom((spans) => void received.push(...spans)) });
  stateDir = await mkdtemp(join(tmpdir(), 'hoptrace-jaeger-'));
  const faults: MutableFaults = { callInsteadOfCast: false };
  embedded = await startEmbedded({ apiPort: 0, ephemeralPorts: true, stateDir, faults, stepDelayMs: 10, jaegerOtlpUrl: jaegerStandIn.url, jaegerUiUrl: 'http://127.0.0.1:16699' });
});

afterAll(async () => {
  await embedded?.shutdown();
  await jaegerStandIn?.shutdown();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe('hoptrace start --jaeger', { timeout: 120_000 }, () => {
  it('exports a completed boot as one trace under the flow trace id, and the web view links to it', async () => {
    const client = await ComputeClient.login(embedded.cloud.authUrl, embedded.cloud.endpoints['nova-api'], 'demo', 'demo');
    let requestId = '';
    const signal = new AbortController().signal;
    await runScenario(['boot'], { client, faults: {}, signal, settleTimeoutMs: 30_000, onStep: async (run) => void (requestId = run.requestId) });
    const flow = await waitForFlow(embedded.analyzer, requestId, 20_000, signal);
    expect(flow?.status).toBe('complete');
    const traceId = flow!.traceIds[0]!;
    await expect.poll(() => received.filter((span) => span.traceId === traceId).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(flow!.spanCount);
    const exported = received.filter((span) => span.traceId === traceId);
    expect([...new Set(exported.map((span) => span.resource.serviceName))]).toEqual(expect.arrayContaining(['nova-api', 'glance', 'neutron', 'nova-conductor', 'nova-scheduler', 'placement', 'nova-compute']));
    // The stand-in stores the spans before it answers; the export counts once the answer is read.
    await expect.poll(() => embedded.jaeger!.exported, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(embedded.jaeger).toMatchObject({ failed: 0 });
    expect(await (await fetch(`${embedded.analyzer.url}/web/config.json`)).json()).toEqual({ jaegerUiUrl: 'http://127.0.0.1:16699' });
  });
});
